import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeTestPage, demoInChromium, newTestPage } from '../support/browser';
import { sleep } from '../support/wait';
import { startServer, type TestServer } from '../server/helpers';

/*
 * A store page on one origin (the demo server) and a chat server on another port that does not
 * allow it: the widget must say so to the merchant and the shopper, and stop retrying, instead
 * of "Connection lost. Reconnecting…" forever.
 */

const stack = demoInChromium();
let chat: TestServer;
beforeAll(async () => {
  chat = await startServer({ allowedOrigins: ['https://shop.example'] });
});
afterAll(() => chat.server.close());

const inWidget = (selector: string) => `[data-ai-discovery] >> css=${selector}`;

/** Starts the bundle's widget on the bare page against `socketUrl`, retrying at full speed unless told to stop. */
async function start(socketUrl: string): Promise<{ page: Page; console: string[]; errors: () => Promise<string[]> }> {
  const page = await newTestPage(stack.browser);
  const console: string[] = [];
  page.on('console', (m) => m.type() === 'error' && console.push(m.text()));
  await page.goto(stack.demo.url + 'bare.html');
  await page.evaluate((url) => {
    const w = window as unknown as { AIDiscovery: { init(o: object): { on(e: string, l: (x: { code: string }) => void): void } }; codes: string[] };
    w.codes = [];
    const widget = w.AIDiscovery.init({ socketUrl: url, startOpen: true, reconnection: { initialDelayMs: 50, factor: 1, maxDelayMs: 50, jitter: 0, maxAttempts: 1000 } });
    widget.on('error', (e) => w.codes.push(e.code));
  }, socketUrl);
  return { page, console, errors: () => page.evaluate(() => (window as unknown as { codes: string[] }).codes) };
}

describe('a chat server that refuses the page', () => {
  it('fires an error with origin_refused, names ALLOWED_ORIGINS in the console, stops retrying, and tells the shopper', async () => {
    const refusals = () => chat.logs.filter((l) => l.event === 'origin_refused').length;
    const { page, console, errors } = await start(chat.url);
    await expect.poll(errors, { timeout: 15_000 }).toEqual(['origin_refused']);
    expect(console.some((line) => line.includes('ALLOWED_ORIGINS') && line.includes(stack.demo.url.replace(/\/$/, '')))).toBe(true);
    const status = page.locator(inWidget('.status'));
    expect(await status.textContent()).toBe('The assistant is not available on this site yet.');
    expect(await page.evaluate(() => document.querySelector('[data-ai-discovery]') !== null)).toBe(true);
    // Retrying every 50 ms, ten more attempts would have come in this time; none does.
    const after = refusals();
    await sleep(500);
    expect(refusals()).toBe(after);
    expect(await errors()).toEqual(['origin_refused']);
    await closeTestPage(page);
  });

  it('a server never reached is not called a lost connection', async () => {
    const closed = await startServer();
    await closed.server.close();
    const { page } = await start(closed.url);
    const status = page.locator(inWidget('.status'));
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('Cannot reach the assistant. Trying again…');
    await closeTestPage(page);
  });
});
