// The import rules of docs/ARCHITECTURE.md, checked by test/architecture.test.ts (and by hand with
// `npx depcruise src adapters --config`, which finds this file by its name). `.cjs` because the
// package is "type": "module" and the file is plain CommonJS.

/** Browser-side parts of the core: everything in src/ except the server and the shared protocol. */
const BROWSER = '^src/(ui|widget|face|connection|delivery|conversation|storage|tabs|util)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circles, type-only imports included: a circle makes load order matter and hides which part owns what.',
      severity: 'error',
      from: { path: '^(src|adapters)/' },
      to: { circular: true },
    },
    {
      name: 'core-not-to-adapters',
      comment: 'The core never imports an adapter: platform code stays in its adapter, anything two adapters need belongs in the core.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^adapters/' },
    },
    {
      name: 'face-only-dynamic',
      comment: 'Face analysis (MediaPipe) is loaded by import() after consent, so no bundle carries it statically; its contract lives in src/widget/face-host.ts.',
      severity: 'error',
      from: { path: '^(src|adapters)/', pathNot: '^src/face/' },
      to: { path: '^src/face/', dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'server-no-browser-code',
      comment: 'The server runs in Node: it imports the protocol and itself, never the widget, the UI or browser libraries.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: [BROWSER, '^adapters/', '^node_modules/(preact|socket\\.io-client|react|react-dom)/'] },
    },
    {
      name: 'browser-not-to-server',
      comment: 'Nothing shipped to a browser pulls in the Node server.',
      severity: 'error',
      from: { path: [BROWSER, '^src/protocol/', '^src/index\\.ts$', '^adapters/'] },
      to: { path: '^src/server/' },
    },
    {
      name: 'protocol-through-entry',
      comment: 'Browser code takes the protocol from its entry, as the ai-discovery-protocol package publishes it: the widget\'s ES modules import that package by name (a deeper import fails their build).',
      severity: 'error',
      from: { path: ['^src/', '^adapters/'], pathNot: ['^src/protocol/', '^src/server/'] },
      to: { path: '^src/protocol/', pathNot: '^src/protocol/index\\.ts$' },
    },
    {
      name: 'ui-not-to-connection',
      comment: 'The UI reads state and calls the widget through UiController; it never sees the socket or the connection manager.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: ['^src/connection/', '^src/widget/', '^node_modules/socket\\.io-client/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a circle through types is still a circle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
