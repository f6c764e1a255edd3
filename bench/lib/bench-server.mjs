// One loopback server for every browser measurement: the demo store page in its variants (with
// the widget, without it, with the peer), the built widget, the socket.io client script, the
// peer's bundle, and the reference chat server with a trivial responder on the same port.
// A second port carries the peer's Socket.IO stand-in.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { createChatServer, DEMO_IMAGES_DIR, MemorySessionStore } from '../../dist/server/index.js';
import { storePage } from '../../examples/store-page.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const STORE = join(root, 'examples/html-store');
export const PEER_BUNDLE = join(root, 'bench/peer/node_modules/rasa-webchat/lib/index.js');
const SOCKET_IO_CLIENT = join(root, 'node_modules/socket.io-client/dist/socket.io.min.js');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.map': 'application/json' };
const WIDGET_TAG = /\s*<!--[^>]*-->\s*(<script defer src="data:[^"]*"><\/script>\s*)?<script src="\/dist\/cdn\/ai-discovery\.js"[^>]*><\/script>/;
const EVAL_MARK = '<script defer src="data:text/javascript,window.__benchEvalMark%3Dperformance.now()"></script>';

/**
 * The demo store page with the bundle's tag (examples/store-page.mjs), with the launcher's (as
 * shipped), with the loader's, with the peer's, and with the widget's script tag (and its comment)
 * taken out.
 */
function storePages(peerSocketUrl) {
  const shipped = storePage('bundle');
  if (!WIDGET_TAG.test(shipped)) throw new Error('examples/html-store/index.html no longer has the widget script tag the bench strips');
  // A deferred no-op just before the widget's deferred tag runs when the browser gets to the
  // deferred scripts (after parsing and the page's stylesheets): page-impact times evaluation from
  // it, not from domInteractive, which can be hundreds of ms earlier on a loaded machine.
  const withWidget = shipped.replace(WIDGET_TAG, (tag) => tag.replace(/<script /, `${EVAL_MARK}\n  <script `));
  const none = withWidget.replace(WIDGET_TAG, '\n');
  // The same page with the async loader snippet instead of the script tag, same data-* options.
  const attributes = withWidget.match(WIDGET_TAG)[0].match(/<script src="[^"]+"([^>]*?)\s*(defer|async)?\s*>/)[1];
  const loader = withWidget.replace(WIDGET_TAG, `\n  <script src="/dist/cdn/loader.js"${attributes} async></script>`);
  // The same page with the launcher (the button at once, the bundle at the first touch), same tag otherwise.
  const launcher = withWidget.replace(WIDGET_TAG, (tag) => tag.replace('src="/dist/cdn/ai-discovery.js"', 'src="/dist/cdn/launcher.js"'));
  const peer = withWidget.replace(WIDGET_TAG, `
  ${EVAL_MARK}
  <script src="/peer/rasa-webchat.js" defer></script>
  <script src="/peer/start.js" defer></script>`);
  const bare = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="/favicon.svg"><title>bench</title></head>
<body><h1>bench</h1><script src="/dist/cdn/ai-discovery.js"></script><script src="/vendor/socket.io.min.js"></script></body></html>`;
  // The peer's documented script-tag start, with its artificial reply delay ("smart delay", 0.8 s
  // or more per message) turned off so the round trip measures the widget, not a timer.
  const start = `window.WebChat.default({ socketUrl: ${JSON.stringify(peerSocketUrl)}, socketPath: '/socket.io/', title: 'Ask Lumen', customData: { language: 'en' }, customMessageDelay: function () { return 0; }, params: { storage: 'session' } }, null);`;
  return { '/index.html': withWidget, '/none.html': none, '/loader.html': loader, '/launcher.html': launcher, '/peer.html': peer, '/bare.html': bare, '/peer/start.js': start };
}

const MOUNTS = () => [
  ['/dist/', join(root, 'dist')],
  ['/catalog-images/', resolve(DEMO_IMAGES_DIR)],
  ['/', STORE],
];

function fileFor(pathname) {
  if (pathname === '/vendor/socket.io.min.js') return SOCKET_IO_CLIENT;
  if (pathname === '/peer/rasa-webchat.js') return existsSync(PEER_BUNDLE) ? PEER_BUNDLE : undefined;
  for (const [prefix, dir] of MOUNTS()) {
    if (!pathname.startsWith(prefix)) continue;
    const file = normalize(join(dir, decodeURIComponent(pathname.slice(prefix.length))));
    if (!file.startsWith(dir + sep)) return undefined;
    try { if (statSync(file).isFile()) return file; } catch { /* next mount */ }
  }
  return undefined;
}

/**
 * The responder: an echo, so the responder's own cost does not hide the widget's. A message
 * `stream:N` streams N chunks `wI ` at 200 chunks per second instead.
 */
async function echo(message) {
  return { response: message.text };
}
async function* streamer(message) {
  const count = Math.min(Number(message.text.slice('stream:'.length)) || 0, 2000);
  const start = performance.now();
  for (let i = 0; i < count; i += 1) {
    const due = start + i * 5;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    yield `w${i} `;
  }
}
const respond = (message, ctx) => (message.text.startsWith('stream:') ? streamer(message, ctx) : echo(message, ctx));

/** The stand-in for a Rasa server: `session_request` -> `session_confirm`, `user_uttered` -> `bot_uttered` echo. */
async function startPeerStandIn() {
  const http = createServer();
  const io = new Server(http, { cors: { origin: true }, serveClient: false });
  io.on('connection', (socket) => {
    socket.on('session_request', (data) => socket.emit('session_confirm', data?.session_id ?? socket.id));
    socket.on('user_uttered', (data) => socket.emit('bot_uttered', { text: String(data?.message ?? '') }));
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  return { io, http, url: `http://127.0.0.1:${http.address().port}` };
}

export async function startBenchServer() {
  const peer = await startPeerStandIn();
  const pages = storePages(peer.url);
  const httpServer = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const page = pages[pathname === '/' ? '/index.html' : pathname];
    const file = page === undefined ? fileFor(pathname) : undefined;
    if (page === undefined && !file) return res.writeHead(404).end('Not found');
    const type = TYPES[extname(file ?? pathname)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
    if (page !== undefined) res.end(page);
    else createReadStream(file).pipe(res);
  });
  const chatServer = createChatServer({
    httpServer,
    respond,
    rateLimit: false,
    maxConnectionsPerIp: false,
    store: new MemorySessionStore({ maxHistory: 1000, maxMessageIds: 5000 }),
    logLevel: 'error',
  });
  await new Promise((r) => httpServer.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${httpServer.address().port}`;
  return {
    url,
    peerUrl: peer.url,
    chatServer,
    async close() {
      await chatServer.close();
      httpServer.closeAllConnections?.();
      await new Promise((r) => httpServer.close(r));
      peer.io.close();
      peer.http.closeAllConnections?.();
      await new Promise((r) => peer.http.close(r));
    },
  };
}
