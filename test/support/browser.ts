import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startDemoServer, type DemoServer } from '../../examples/demo-server.mjs';
import type { ChatServerOptions } from '../../src/server/index';

/** Debian's Chromium (installed by .ci/run), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium with the flags that keep it from dialling hosts this machine cannot reach.
 * Fails loudly, never skips, when the browser is missing.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run "apt-get install -y chromium" (as .ci/run does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
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
