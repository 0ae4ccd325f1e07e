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
      name: 'domain-alone',
      comment:
        'utils/domain is the pure model and rules: no browser, no DOM, no IndexedDB, and no ' +
        'package but valibot, which declares its shapes at the trust boundaries.',
      severity: 'error',
      from: { path: '^utils/domain/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: '^utils/domain/|^node_modules/valibot/' },
    },
    {
      name: 'server-on-the-domain',
      comment: "The sync server shares the extension's domain and nothing else of it.",
      severity: 'error',
      // Its tests may build their data with the extension's test factories.
      from: { path: '^server/', pathNot: '\\.test\\.ts$|^server/test/' },
      to: { path: '^(utils/(?!domain/)|entrypoints/|components/|tests/|public/)' },
    },
    {
      name: 'server-without-the-browser',
      comment: 'Nor does anything the server runs reach browser packages.',
      severity: 'error',
      from: { path: '^server/', pathNot: '\\.test\\.ts$|^server/test/' },
      to: { path: '^node_modules/(wxt|webextension-polyfill|idb|preact)/', reachable: true },
    },
    {
      name: 'x-page-on-the-domain',
      comment: "Reading X's page needs X's page and the domain's model, nothing above them.",
      severity: 'error',
      from: { path: '^utils/x-page/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(utils/(?!domain/|x-page/)|entrypoints/|components/)' },
    },
    {
      name: 'i18n-on-the-domain',
      comment: 'Words and formats need the locale files and the model, nothing above them.',
      severity: 'error',
      from: { path: '^utils/i18n/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(utils/(?!domain/|i18n/)|entrypoints/|components/)' },
    },
    {
      name: 'forms-on-the-domain',
      comment: "The options page's field checks: the domain's rules in the officer's words.",
      severity: 'error',
      from: { path: '^utils/forms/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(utils/(?!domain/|i18n/|forms/)|entrypoints/|components/)' },
    },
    {
      name: 'messaging-on-the-domain',
      comment: 'The protocol and its transport carry the model, nothing else of the extension.',
      severity: 'error',
      from: { path: '^utils/messaging/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(utils/(?!domain/|messaging/)|entrypoints/|components/)' },
    },
    {
      name: 'storage-on-the-domain',
      comment: 'IndexedDB keeps the model: it needs idb and the domain, nothing above them.',
      severity: 'error',
      from: { path: '^utils/storage/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(utils/(?!domain/|storage/)|entrypoints/|components/)' },
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
      to: { path: '^utils/storage/|^node_modules/idb/', reachable: true },
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
