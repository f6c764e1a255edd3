/*
 * `node server-render.mjs '<props as JSON>'`: renders the page with React 18's renderToString in
 * plain Node, where no DOM exists, and prints JSON: the React versions, the page's HTML, the
 * component's HTML without children, and every browser global read from outside node_modules.
 * Each global is a trap that records its reader; third-party feature probes (engine.io-client's
 * `typeof navigator`) are allowed, anything from the widget's own files is not.
 */
const BROWSER_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'self', 'HTMLElement', 'requestIdleCallback', 'customElements'];
const readers = [];
for (const name of BROWSER_GLOBALS) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      const caller = new Error().stack?.split('\n')[2] ?? '';
      readers.push(`${name} ${caller.trim()}`);
      return undefined;
    },
  });
}

// Imported after the traps are set, so that reads at import time are caught too.
const { createElement: h, StrictMode, version } = await import('react');
const { renderToString, version: serverVersion } = await import('react-dom/server');
const { AIDiscoveryWidget } = await import('./dist/react/index.js');
const { Page } = await import('./App.mjs');

const props = JSON.parse(process.argv[2] ?? '{}');
const html = renderToString(h(StrictMode, null, h(Page, props)));
const bare = renderToString(h(AIDiscoveryWidget, { socketUrl: props.socketUrl }));
process.stdout.write(JSON.stringify({ react: version, reactDomServer: serverVersion, html, bare, ours: readers.filter((r) => !r.includes('/node_modules/')) }));
