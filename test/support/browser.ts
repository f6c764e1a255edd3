import { chromium, type Browser, type Page } from 'playwright-core';
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
