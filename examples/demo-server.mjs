// The demo store server: the example store page, the built widget and the reference chat server
// on one port, so a fresh clone shows the whole thing with no configuration. `serve.mjs` runs it
// for `npm start`; the browser tests start it in-process. The store page at `/` loads the launcher
// (the recommended install); `/bundle.html` is the same page with the whole bundle's tag.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createChatServer, DEMO_IMAGES_DIR } from '../dist/server/index.js';
import { storePage } from './store-page.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  // Served as wasm, browsers compile MediaPipe's runtime while it downloads, and only once.
  '.wasm': 'application/wasm',
  '.tflite': 'application/octet-stream',
  '.task': 'application/octet-stream',
};

/**
 * Pages served with extra headers. `/strict-csp.html` and `/strict-csp-launcher.html` are the store
 * page itself (with the bundle's tag, and with the launcher's) under a strict policy: they prove the
 * widget, however it is installed, needs no CSP exceptions.
 */
const STRICT_CSP = { 'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:" };
const PAGE_HEADERS = { '/strict-csp.html': STRICT_CSP, '/strict-csp-launcher.html': STRICT_CSP };

/**
 * The platform examples: each folder may hold `public/` (served at `/<platform>/`) and
 * `routes.mjs`, whose `handle(req, res, url)` answers the platform's own endpoints (a stand-in
 * cart API, a server-rendered page) and returns true when it did.
 */
const PLATFORMS = ['shopify', 'woocommerce', 'magento'];

/**
 * Pages made from the store's template (./store-page.mjs), by the tag they load: the whole bundle,
 * for what needs the widget from page load, or the launcher. `/` and `/products/…` serve the
 * template as it is.
 */
const TEMPLATE_PAGES = new Map([['/bundle.html', 'bundle'], ['/strict-csp.html', 'bundle'], ['/strict-csp-launcher.html', 'launcher']]);

/** URL prefix to folder. Anything outside these folders is a 404, whatever the path says. */
const MOUNTS = [
  ['/dist/', resolve(here, '../dist')],
  ['/catalog-images/', resolve(DEMO_IMAGES_DIR)],
  ...PLATFORMS.map((platform) => [`/${platform}/`, resolve(here, platform, 'public')]),
  ['/', resolve(here, 'html-store')],
];

async function loadPlatformRoutes() {
  const routes = [];
  for (const platform of PLATFORMS) {
    const file = resolve(here, platform, 'routes.mjs');
    if (!existsSync(file)) continue;
    const module = await import(pathToFileURL(file).href);
    if (typeof module.handle === 'function') routes.push(module.handle);
  }
  return routes;
}

/** Single files from node_modules that example pages load: RequireJS for the AMD/RequireJS pages. */
const VENDOR = {
  '/vendor/require.js': resolve(here, '../node_modules/requirejs/require.js'),
};

function fileFor(pathname) {
  if (Object.hasOwn(VENDOR, pathname)) return VENDOR[pathname];
  if (pathname === '/' || pathname.startsWith('/products/')) pathname = '/index.html';
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    const file = normalize(join(dir, decodeURIComponent(pathname.slice(prefix.length))));
    if (!file.startsWith(dir + sep)) return undefined;
    try {
      if (statSync(file).isFile()) return file;
    } catch {
      // not here; try the next mount
    }
  }
  return undefined;
}

/**
 * Starts the demo on `port` (0 for any free one). `chat` options go to createChatServer.
 * `hold(pathname)` may return a promise to wait for before answering that path: `npm start`
 * serves the store page first and builds the platform packages after it (see serve.mjs).
 * Resolves with the page URL and a close() that stops everything it started.
 */
export async function startDemoServer({ port = 3000, host = '127.0.0.1', chat = {}, hold } = {}) {
  const routes = await loadPlatformRoutes();
  const httpServer = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const { pathname } = url;
    await hold?.(pathname);
    try {
      for (const handle of routes) if (await handle(req, res, url)) return;
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(error instanceof Error ? error.message : 'Internal error');
      return;
    }
    const readable = req.method === 'GET' || req.method === 'HEAD';
    let page;
    try {
      page = readable && TEMPLATE_PAGES.has(pathname) ? storePage(TEMPLATE_PAGES.get(pathname)) : undefined;
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(error instanceof Error ? error.message : 'Internal error');
      return;
    }
    let file;
    try {
      file = readable && page === undefined ? fileFor(pathname) : undefined;
    } catch {
      file = undefined;
    }
    if (page === undefined && !file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file ?? pathname)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      ...PAGE_HEADERS[pathname],
    });
    if (req.method === 'HEAD') res.end();
    else if (page !== undefined) res.end(page);
    else createReadStream(file).pipe(res);
  });
  // Socket.IO takes the requests under its path and hands every other one to the handler above.
  const chatServer = createChatServer({ httpServer, ...chat });
  await new Promise((resolveListen, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, resolveListen);
  });
  const address = httpServer.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shown}:${actual}/`,
    port: actual,
    chatServer,
    async close() {
      await chatServer.close();
      httpServer.closeAllConnections?.();
      await new Promise((r) => httpServer.close(() => r(undefined)));
    },
  };
}
