import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatContext } from '../../../src/index';
import { createChatServer, type ChatServer, type Responder } from '../../../src/server/index';
import { closeTestPage, keepServerHeading, launchChromium, newTestPage, watchPage } from '../../support/browser';

/*
 * `ai-discovery-widget/react` on React 18, its older peer. The repository root has React 19; the
 * fixture folder react18/ has React 18.3.1 (installed here with `npm ci` from its committed lock).
 * Each run copies the built dist/react and dist/esm, with the page in react18/app/, into a folder
 * of its own under react18/runs/, so the adapter's bare `react` import resolves to React 18 (and
 * preact, socket.io-client to the root's). Then: renderToString in plain Node, and hydration of
 * that HTML in real Chromium by a development bundle of React 18 (Vite) under StrictMode, against
 * a real chat server on loopback that serves the page too. Needs `npm run build` first.
 */

const FIXTURE = resolve('test/adapters/shopify/react18');
const run = promisify(execFile);

interface ServerRender {
  react: string;
  reactDomServer: string;
  html: string;
  streamed: string;
  bare: string;
  ours: string[];
}

/** True when node_modules holds every package of the lock at the lock's version. */
function installed(): boolean {
  const lock = JSON.parse(readFileSync(join(FIXTURE, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  return Object.entries(lock.packages).every(([path, entry]) => {
    if (path === '') return true;
    const manifest = join(FIXTURE, path, 'package.json');
    return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version === entry.version;
  });
}

/** A folder of this run's own: the page beside copies of the built adapter and core. */
function prepareRun(): string {
  for (const built of ['dist/react/index.js', 'dist/esm/index.js']) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" before this test`);
  }
  mkdirSync(join(FIXTURE, 'runs'), { recursive: true });
  const dir = mkdtempSync(join(FIXTURE, 'runs', `run-${process.pid}-`));
  cpSync(join(FIXTURE, 'app'), dir, { recursive: true });
  // Only the JavaScript: declarations under test/ would join the repository's type check.
  const js = (source: string) => !/\.d\.ts$/.test(source);
  cpSync('dist/react', join(dir, 'dist/react'), { recursive: true, filter: js });
  cpSync('dist/esm', join(dir, 'dist/esm'), { recursive: true, filter: js });
  return dir;
}

/** The hydration bundle: React 18's development build, so it reports mismatches and StrictMode double-runs effects. */
async function bundle(dir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: dir,
    logLevel: 'warn',
    publicDir: false,
    mode: 'development',
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    build: {
      outDir: join(dir, 'out'),
      emptyOutDir: true,
      minify: false,
      modulePreload: false,
      rollupOptions: {
        input: join(dir, 'client.mjs'),
        // Face analysis is a dynamic import this page never makes: leave MediaPipe out of the bundle.
        external: ['@mediapipe/tasks-vision'],
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
        onwarn: (warning, warn) => warning.code !== 'MODULE_LEVEL_DIRECTIVE' && warn(warning),
      },
    },
  });
}

const state = {
  dir: '',
  rendered: undefined as ServerRender | undefined,
  /** The server render's stderr, where React 18 would print its development warnings. */
  serverStderr: '',
  browser: undefined as Browser | undefined,
  web: undefined as HttpServer | undefined,
  chat: undefined as ChatServer | undefined,
  origin: '',
  /** The page's HTML document around the server-rendered markup. */
  html: '',
};
const server = { connections: 0, disconnections: 0, open: 0, contextUpdates: [] as ChatContext[], messageContexts: [] as ChatContext[] };

/** Text only: the answer's content does not matter here, the context it reached the server with does. */
const respond: Responder = async function* (message, ctx) {
  server.messageContexts.push(ctx.context);
  yield `You asked about ${message.text}.`;
};

/** The page and its bundle, on the chat server's own http server (same origin, no CORS). */
function servePage(dir: string, html: () => string): HttpServer {
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html());
      return;
    }
    // The bundle's own flat files only: no path can climb out of the output folder.
    const file = join(dir, 'out', path);
    if (/^\/[\w-]+(\.[\w-]+)*\.js$/.test(path) && existsSync(file)) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
      return;
    }
    response.writeHead(404).end();
  });
}

beforeAll(async () => {
  if (!installed()) {
    await run('npm', ['ci', '--prefix', FIXTURE, '--no-audit', '--no-fund'], { timeout: 180_000 });
  }
  state.dir = prepareRun();
  state.web = servePage(state.dir, () => state.html);
  await new Promise<void>((done) => state.web!.listen(0, '127.0.0.1', done));
  state.chat = createChatServer({ httpServer: state.web, respond });
  await state.chat.ready;
  state.chat.io.on('connection', (socket) => {
    server.connections++;
    server.open++;
    socket.on('disconnect', () => {
      server.disconnections++;
      server.open--;
    });
    socket.onAny((event: string, payload: { context?: ChatContext }) => {
      if (event === 'context-update' && payload?.context) server.contextUpdates.push(payload.context);
    });
  });
  state.origin = `http://127.0.0.1:${state.chat.port}`;
  const props = { socketUrl: state.origin };
  const rendered = await run(process.execPath, [join(state.dir, 'server-render.mjs'), JSON.stringify(props)], { timeout: 30_000 });
  state.rendered = JSON.parse(rendered.stdout) as ServerRender;
  state.serverStderr = rendered.stderr;
  // Settled, not raced: a failed bundle must not leave a Chromium that afterAll cannot see.
  const started = await Promise.allSettled([launchChromium().then((browser) => (state.browser = browser)), bundle(state.dir)]);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
  const json = JSON.stringify(props).replace(/</g, '\\u003c');
  state.html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>React 18</title></head><body><div id="root">${state.rendered.html}</div><script type="application/json" id="page-props">${json}</script><script type="module" src="/client.js"></script></body></html>`;
}, 240_000);

afterAll(async () => {
  await state.browser?.close();
  await state.chat?.close();
  await new Promise((done) => (state.web ? state.web.close(done) : done(undefined)));
  if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  // Other runs (a second `npm test` in this tree) keep their own folders; the last one out tidies up.
  const runs = join(FIXTURE, 'runs');
  if (existsSync(runs) && readdirSync(runs).length === 0) rmSync(runs, { recursive: true, force: true });
});

beforeEach(async () => {
  // The previous test's page is closed; its socket's end must not count in this test.
  await expect.poll(() => server.open).toBe(0);
  Object.assign(server, { connections: 0, disconnections: 0, contextUpdates: [], messageContexts: [] });
});

const tabs: Page[] = [];
afterEach(async () => {
  await Promise.all(tabs.splice(0).map(closeTestPage));
});

interface Opened {
  page: Page;
  /** Console errors and warnings, uncaught errors and failed responses. */
  problems: string[];
  sockets: { opened: number; closed: number };
}

async function openPage(): Promise<Opened> {
  const tab = await newTestPage(state.browser!);
  tabs.push(tab);
  const { problems, sockets } = watchPage(tab);
  // Hydration must adopt the server-rendered heading, not replace it.
  await keepServerHeading(tab);
  await tab.goto(`${state.origin}/`);
  return { page: tab, problems, sockets };
}

/**
 * The hook's rendered state, read without waiting (a tree React gave up on has no such element),
 * or what went wrong in the page, so that a failing poll says why.
 */
async function statusText(t: Opened): Promise<string | null> {
  if (t.problems.length > 0) return `page problems: ${t.problems.join(' | ')}`;
  return t.page.evaluate(() => document.querySelector('[data-status]')?.textContent ?? null);
}
const hosts = (tab: Page): Promise<number> => tab.evaluate(() => document.querySelectorAll('[data-ai-discovery]').length);

describe('ai-discovery-widget/react on React 18.3.1', () => {
  it('renders on a server with React 18 in plain Node, as a string and as a stream: the children only, no browser global read', () => {
    const rendered = state.rendered!;
    expect([rendered.react, rendered.reactDomServer]).toEqual(['18.3.1', '18.3.1']);
    expect(rendered.html).toContain('<h1>Velocity Red Running Shoes</h1>');
    // useAIDiscovery() on the server: useSyncExternalStore's server snapshot of the unmounted widget.
    expect(rendered.html).toContain('<p data-status="idle">status: idle, open: false, unread: 0</p>');
    expect(rendered.html).not.toContain('data-ai-discovery');
    expect(rendered.streamed).toBe(rendered.html);
    expect(rendered.bare).toBe('');
    expect(rendered.ours).toEqual([]);
    expect(state.serverStderr).toBe('');
  });

  it('hydrates under StrictMode without a warning: one widget, one socket, status rendered by the hook', async () => {
    const t = await openPage();
    await expect.poll(() => statusText(t), { timeout: 10_000 }).toBe('status: connected, open: false, unread: 0');
    const fixture = await t.page.evaluate(() => {
      const f = (window as unknown as { fixture: { react: string; reactDom: string; effectRuns: number; handle: { current: { status: string } | null } } }).fixture;
      return { react: f.react, reactDom: f.reactDom, effectRuns: f.effectRuns, handleStatus: f.handle.current?.status };
    });
    expect(fixture).toEqual({ react: '18.3.1', reactDom: '18.3.1', effectRuns: 2, handleStatus: 'connected' });
    expect(await t.page.evaluate(() => document.querySelector('h1') === (window as unknown as { ssrHeading: unknown }).ssrHeading)).toBe(true);
    expect(await hosts(t.page)).toBe(1);
    expect(t.sockets.opened).toBe(1);
    expect(server.connections).toBe(1);
    expect(server.disconnections).toBe(0);
    expect(t.problems).toEqual([]);
  });

  it('sends a changed context prop to the server, and the hook re-renders open and unread', async () => {
    const t = await openPage();
    await expect.poll(() => statusText(t), { timeout: 10_000 }).toBe('status: connected, open: false, unread: 0');
    await t.page.getByRole('button', { name: 'Next product' }).click();
    await expect.poll(() => server.contextUpdates.length).toBe(1);
    expect(server.contextUpdates[0]).toEqual({
      platform: 'shopify',
      currency: 'USD',
      product: { id: '7002', title: 'Trail Grip Hiking Boots', variantId: '44012345670002' },
    });
    await t.page.getByRole('button', { name: 'Ask without opening' }).click();
    await expect.poll(() => statusText(t), { timeout: 10_000 }).toBe('status: connected, open: false, unread: 1');
    expect(server.messageContexts).toEqual([server.contextUpdates[0]]);
    await t.page.getByRole('button', { name: 'Open the assistant' }).click();
    await expect.poll(() => statusText(t)).toBe('status: connected, open: true, unread: 0');
    expect(await hosts(t.page)).toBe(1);
    expect(server.connections).toBe(1);
    expect(t.problems).toEqual([]);
  });

  it('unmounting the component removes the widget and closes its socket', async () => {
    const t = await openPage();
    await expect.poll(() => statusText(t), { timeout: 10_000 }).toBe('status: connected, open: false, unread: 0');
    await t.page.getByLabel('Show the assistant').uncheck();
    await expect.poll(() => hosts(t.page)).toBe(0);
    await expect.poll(() => server.disconnections).toBe(1);
    await expect.poll(() => t.sockets.closed).toBe(1);
    expect(server.open).toBe(0);
    expect(t.problems).toEqual([]);
  });
});
