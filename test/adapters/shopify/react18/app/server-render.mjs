/*
 * `node server-render.mjs '<props as JSON>'`: renders the page with React 18's renderToString and
 * renderToPipeableStream in plain Node, where no DOM exists, and prints JSON: the React versions,
 * the page's HTML both ways, the component's HTML without children, and every browser global read
 * from outside node_modules.
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
const { renderToPipeableStream, renderToString, version: serverVersion } = await import('react-dom/server');
const { Writable } = await import('node:stream');
const { AIDiscoveryWidget } = await import('./dist/react/index.js');
const { Page } = await import('./App.mjs');

const props = JSON.parse(process.argv[2] ?? '{}');
const html = renderToString(h(StrictMode, null, h(Page, props)));
const bare = renderToString(h(AIDiscoveryWidget, { socketUrl: props.socketUrl }));
const streamed = await new Promise((resolve, reject) => {
  const chunks = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
    final(done) {
      resolve(Buffer.concat(chunks).toString('utf8'));
      done();
    },
  });
  const stream = renderToPipeableStream(h(StrictMode, null, h(Page, props)), { onAllReady: () => stream.pipe(sink), onShellError: reject, onError: reject });
});
const ours = readers.filter((r) => !r.includes('/node_modules/'));
process.stdout.write(JSON.stringify({ react: version, reactDomServer: serverVersion, html, streamed, bare, ours }));
