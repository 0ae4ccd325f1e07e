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
      name: 'server-declares-its-packages',
      comment: 'The server is its own package: every package it runs on is in server/package.json.',
      severity: 'error',
      from: { path: '^server/', pathNot: '\\.test\\.ts$|^server/test/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
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
      name: 'indexeddb-in-storage',
      comment: 'utils/storage is the one way to IndexedDB: nothing else opens or walks it.',
      severity: 'error',
      // Tests may look at the raw database, e.g. one left by an older version.
      from: { pathNot: '^utils/storage/|\\.test\\.ts$' },
      to: { path: '^node_modules/idb/' },
    },
    {
      name: 'content-features-are-peers',
      comment:
        "The content script's features meet only through what index.ts hands them: no feature imports another.",
      severity: 'error',
      from: { path: '^entrypoints/x\\.content/features/', pathNot: '\\.test\\.tsx?$' },
      to: {
        path: '^entrypoints/x\\.content/features/',
        pathNot: '^entrypoints/x\\.content/features/feature\\.ts$',
      },
    },
    {
      name: 'content-ui-below-features',
      comment: "Our elements on X's page (hosts, popovers, notice) know nothing of the features.",
      severity: 'error',
      from: { path: '^entrypoints/x\\.content/ui/' },
      to: { path: '^entrypoints/x\\.content/(?!ui/)' },
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
      comment: 'Components are views: data comes in as props, from the page that loads it.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^utils/storage/|^node_modules/idb/', reachable: true },
    },
    {
      name: 'components-without-the-background',
      comment:
        'Components are views: props in, callbacks out. Asking the background, hearing its ' +
        "broadcasts and calling the browser's APIs is the job of the page beside them.",
      severity: 'error',
      from: { path: '^components/' },
      to: {
        path: '^utils/messaging/(transport|live-port)|^node_modules/(webextension-polyfill/|@wxt-dev/browser/|wxt/dist/browser\\.)',
      },
    },
    {
      name: 'components-below-the-entrypoints',
      comment: 'The pages and scripts render components; a component never imports them back.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^entrypoints/' },
    },
    {
      name: 'background-sync-behind-its-engine',
      comment:
        'The rest of the background reaches team sync through its engine and its handlers only.',
      severity: 'error',
      from: { path: '^entrypoints/background/(?!sync/)', pathNot: '\\.test\\.ts$' },
      to: { path: '^entrypoints/background/sync/(?!(engine|handlers)\\.ts$)' },
    },
    {
      name: 'background-sync-alone',
      comment:
        "Team sync needs the storage, the domain and the requests' schemas, not the background's other parts.",
      severity: 'error',
      from: { path: '^entrypoints/background/sync/', pathNot: '\\.test\\.ts$' },
      to: { path: '^entrypoints/(?!background/sync/|background/requests\\.ts$)|^components/' },
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
