/**
 * The rules of the house's layout, kept by `npm run lint` (docs: dependency-cruiser's rules
 * reference). Type-only imports count: a cycle of types is still a cycle a reader must untangle.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules import each other one way: a cycle hides which one is the lower layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'server-without-the-browser',
      comment:
        "The sync server runs on Node: it shares the extension's pure rules, never its browser code.",
      severity: 'error',
      // Its tests may build their data with the extension's test factories.
      from: { path: '^server/', pathNot: '\\.test\\.ts$|^server/test/' },
      to: {
        path: '^(entrypoints|components)/|^node_modules/(wxt|webextension-polyfill|idb|preact)/',
        reachable: true,
      },
    },
    {
      name: 'utils-below-the-views',
      comment: 'utils holds what views and entrypoints build on: it never imports them back.',
      severity: 'error',
      from: { path: '^utils/' },
      to: { path: '^(components|entrypoints)/' },
    },
    {
      name: 'components-without-indexeddb',
      comment: 'Components are views: data comes in as props or through the background.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^utils/db\\.ts$|^node_modules/idb/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.output|\\.wxt|tests/fixtures)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
