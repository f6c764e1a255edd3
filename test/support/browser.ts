import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { startDemoServer, type DemoServer } from '../../examples/demo-server.mjs';
import type { ChatServerOptions } from '../../src/server/index';
import { chromiumLaunchOptions } from './chromium';

export { CHROMIUM_PATH } from './chromium';

/**
 * A headless Chromium for a test file. Without `extraArgs`, a connection to its worker's Chromium
 * (test/support/chromium-server.ts) when the project provides them: closing it closes only this
 * connection's contexts and pages. With `extraArgs` (flags are per process), or where no shared
 * Chromium is provided, a browser of its own. Fails loudly, never skips, when Chromium is missing.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const shared = extraArgs.length === 0 ? workerChromiumEndpoint() : undefined;
  if (shared !== undefined) return chromium.connect(shared);
  return chromium.launch(chromiumLaunchOptions(extraArgs));
}

/** The endpoint of this worker's Chromium, if the project provides them. */
export function workerChromiumEndpoint(): string | undefined {
  const endpoints = inject('chromiumEndpoints');
  if (endpoints === undefined || endpoints.length === 0) return undefined;
  // VITEST_POOL_ID runs from 1 to maxWorkers, and no two files running at once share it.
  const pool = Number(process.env.VITEST_POOL_ID ?? '1');
  return endpoints[(Number.isInteger(pool) && pool > 0 ? pool - 1 : 0) % endpoints.length];
}

/**
 * The demo store server and one Chromium for a test file, started before its tests and closed
 * after them. Read `stack.demo` and `stack.browser` inside tests (they exist from `beforeAll` on).
 */
export function demoInChromium(chat?: ChatServerOptions): { readonly demo: DemoServer; readonly browser: Browser } {
  let demo: DemoServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0, ...(chat ? { chat } : {}) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });
  return {
    get demo() {
      return demo!;
    },
    get browser() {
      return browser!;
    },
  };
}

/**
 * Records what a page says went wrong (console errors and warnings, uncaught errors, HTTP errors)
 * and counts its Socket.IO WebSockets, opened and closed.
 */
export function watchPage(page: Page): { problems: string[]; sockets: { opened: number; closed: number } } {
  const problems: string[] = [];
  const sockets = { opened: 0, closed: 0 };
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/socket.io/')) return;
    sockets.opened++;
    ws.on('close', () => sockets.closed++);
  });
  return { problems, sockets };
}

/** Keeps the server-rendered `<h1>` before any script runs, so a test can tell hydration adopted it. */
export async function keepServerHeading(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive') (window as unknown as { ssrHeading: unknown }).ssrHeading = document.querySelector('h1');
    });
  });
}

/**
 * Playwright's context reuse, as its own test runner uses it (`browser._newContextForReuse`, not in
 * the public types): the browser keeps one context and its first page between tests and resets
 * them (pages beyond the first closed, the page sent to about:blank, cache, cookies and every
 * origin's storage cleared, viewport and media emulation restored, and this connection's routes,
 * init scripts and exposed functions dropped when it lets go; service workers unregistered and
 * IndexedDB deleted with the storage). A new context and page cost
 * Chromium about a CPU-second, twice what a test's page then does, on a machine that runs the
 * suite CPU-bound: measured at 2.1 CPU-s per bundle page with a context each, 1.1 reused.
 */
interface ReusingBrowser {
  _newContextForReuse?(options: BrowserContextOptions): Promise<BrowserContext>;
  _disconnectFromReusedContext?(reason: string): Promise<void>;
}
const isReused = (context: BrowserContext) => (context as unknown as { _forReuse?: boolean })._forReuse === true;

/**
 * A page in a context of its own for one test, as `browser.newPage(options)` gives, but in the
 * browser's reused context when it is free: close it with `closeTestPage`. Where the reused context is
 * already lent out (a test with two shoppers) or the API is missing, a new context. Tests that need
 * a context's whole life to themselves (one that drives a service worker's push through CDP) still
 * call `browser.newContext()`. test/browser/test-pages.test.ts checks the reuse and the reset.
 */
export async function newTestPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const reusing = browser as unknown as ReusingBrowser;
  if (typeof reusing._newContextForReuse !== 'function' || browser.contexts().some(isReused)) {
    return withStepTimeout(await (await browser.newContext(options)).newPage());
  }
  // The viewport, colour scheme and motion are set again from these options at each reuse, and an
  // absent viewport would leave the page without one: name the size a new context gets.
  const context = await reusing._newContextForReuse({ viewport: { width: 1280, height: 720 }, ...options });
  // What a test can change on a context at run time and the reset does not undo.
  await context.setOffline(options.offline ?? false);
  await context.setExtraHTTPHeaders(options.extraHTTPHeaders ?? {});
  await context.clearPermissions();
  if (options.permissions) await context.grantPermissions(options.permissions);
  return withStepTimeout(context.pages()[0] ?? (await context.newPage()));
}

/**
 * Playwright waits 30 s by default for a step (a click, a navigation, a wait), as long as vitest gives
 * a whole test: a step that hung then failed the test on vitest's timeout, which names no step. Under
 * the test's timeout, the step that hangs fails with its own error and Playwright's call log. Steps
 * that may take longer (the face runtime's load) name their own timeout.
 */
function withStepTimeout(page: Page): Page {
  page.setDefaultTimeout(20_000);
  return page;
}

/** Ends a page from `newTestPage`: gives the reused context back, or closes a context of its own. */
export async function closeTestPage(page: Page): Promise<void> {
  await closeTestContext(page.context());
}

/** `closeTestPage` by the page's context: what a test calls where it kept the context. */
export async function closeTestContext(context: BrowserContext): Promise<void> {
  const reusing = context.browser() as unknown as ReusingBrowser | null;
  if (isReused(context) && typeof reusing?._disconnectFromReusedContext === 'function') {
    // Leave the store now, as closing would: its socket closes and its unload handlers run before
    // the next test starts (which tests waiting for the server to see no shopper rely on).
    const [first, ...others] = context.pages();
    for (const page of others) await page.close();
    await first?.goto('about:blank');
    await reusing._disconnectFromReusedContext('test done');
  } else {
    await context.close();
  }
}
