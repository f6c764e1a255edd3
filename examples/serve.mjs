// `npm start`: the demo store with the widget and the chat server, on PORT (default 3000).
//
// It builds in two steps, so the page is up as soon as it can be. First what the store page at `/`
// runs (the launcher, the bundle and panel it fetches, and the chat server), then, after the URL is
// printed, the rest in a second process: the loader, the face chunk, the ESM and AMD builds and
// the platform packages. Until that second build ends, requests for its files and for the
// platforms' stand-in stores wait for it, so no page is ever served from a missing or out-of-date
// file. Each step builds only what is stale (scripts/build.mjs), so a start with nothing changed
// builds nothing.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/**
 * The targets the store page needs (scripts/build.mjs names a target by its first output): the
 * protocol package, which the chat server imports by name; the bundle with its panel and hand-off
 * chunks and the loader, whose hashes the launcher's build writes into sri.json beside its own; the
 * launcher; the server.
 */
const PAGE_TARGETS = [
  'packages/protocol/dist', 'dist/cdn/ai-discovery.js', 'dist/cdn/ai-discovery.panel.js', 'dist/cdn/ai-discovery.handoff.js',
  'dist/cdn/loader.js', 'dist/cdn/launcher.js', 'dist/server/index.js',
];
/** What those targets write and the page loads; any other /dist/ path waits for the second step. */
const PAGE_FILES = /^\/dist\/cdn\/(?:(?:[\d.]+\/)?ai-discovery(?:\.panel|\.handoff)?\.js(?:\.map)?|launcher\.js|loader\.js)$/;
const PLATFORM_PAGES = /^\/(?:shopify|woocommerce|magento)\//;

/** Runs scripts/build.mjs (no declarations: the demo runs JavaScript) and resolves with its exit code. */
function build(args) {
  const child = spawn(process.execPath, ['scripts/build.mjs', '--no-declarations', ...args], { cwd: root, stdio: 'inherit' });
  const done = new Promise((resolveBuild) => child.once('exit', (code) => resolveBuild(code ?? 1)));
  return { child, done };
}

const first = await build(['--only', PAGE_TARGETS.join(',')]).done;
if (first !== 0) process.exit(first);

// Imported only now: it loads the chat server from dist/server, which the first step wrote.
const { startDemoServer } = await import('./demo-server.mjs');
const { hashOperatorPassword, operatorAuth } = await import('../dist/server/index.js');
let restBuilt = () => {};
/** Pending until the second step ends; then undefined, and nothing waits any more. */
let building = new Promise((resolveBuilt) => {
  restBuilt = resolveBuilt;
});
const hold = (pathname) => (building && (PLATFORM_PAGES.test(pathname) || (pathname.startsWith('/dist/') && !PAGE_FILES.test(pathname))) ? building : undefined);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
// A demo operator for the hand-off, with a password made for this run: the demo may listen on
// more than loopback (HOST), and a fixed password would sign anyone in.
const operator = { login: 'demo', password: process.env.DEMO_OPERATOR_PASSWORD ?? randomBytes(9).toString('base64url') };
const handoff = {
  operators: operatorAuth({
    secret: randomBytes(32).toString('base64url'),
    operators: [{ login: operator.login, name: 'Demo operator', passwordHash: await hashOperatorPassword(operator.password, { cost: 8 }) }],
  }),
};
const demo = await startDemoServer({ port, host, hold, chat: { handoff } });
console.log(`AI Discovery demo store: ${demo.url}`);
console.log('Open it and ask the assistant for "blue light glasses", or type "talk to a person" to reach the inbox. Ctrl+C stops the server.');

// Started after the URL is printed, so that it does not slow the server's own start.
const rest = build([]);
rest.done.then((code) => {
  building = undefined;
  restBuilt();
  if (code !== 0) console.error('The second build failed (see above): the platform stores, the face chunk and the inbox may be missing.');
  // Printed once the inbox page is built (second step): before that it would answer 503.
  else console.log(`Operator inbox: ${new URL('inbox/', demo.url)} (sign in as ${operator.login} / ${operator.password})`);
});

const stop = () => {
  rest.child.kill();
  demo.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
