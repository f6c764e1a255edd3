import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeTestContext, launchChromium, newTestPage, watchPage } from '../support/browser';
import { handoffServer, type HandoffStandIn, type HandoffStandInOptions } from '../support/handoff-server';

/**
 * The built CDN bundle in Chromium, talking to a person through the loopback stand-in of the desk
 * (test/support/handoff-server.ts): the hand-off chunk is loaded from beside the bundle, as a store
 * serves it. The store's page is on one port, the chat server on another.
 */

let browser: Browser | undefined;
let store: Server | undefined;
let storeUrl = '';
let server: HandoffStandIn | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  store = createServer((req, res) => {
    if (req.url?.startsWith('/dist/cdn/')) {
      const file = join(process.cwd(), 'dist/cdn', basename(req.url.split('?')[0]!));
      return void readFile(file).then((body) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body), () => res.writeHead(404).end());
    }
    const socketUrl = new URL(req.url ?? '/', 'http://store').searchParams.get('socket-url') ?? '';
    res.writeHead(200, { 'content-type': 'text/html' }).end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store</title></head><body><h1>Store</h1><script src="/dist/cdn/ai-discovery.js" data-socket-url="${socketUrl}" data-start-open></script></body></html>`,
    );
  });
  await new Promise<void>((resolve) => store!.listen(0, '127.0.0.1', resolve));
  storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}/`;
});
afterEach(async () => {
  if (context) await closeTestContext(context);
  await server?.close();
  context = server = undefined;
});
afterAll(async () => {
  await browser?.close();
  store?.closeAllConnections();
  await new Promise((resolve) => store?.close(resolve));
});

async function shopper(options: HandoffStandInOptions = {}): Promise<{ page: Page; server: HandoffStandIn; problems: string[]; sessionId: () => string }> {
  server = await handoffServer(options);
  const page = await newTestPage(browser!);
  context = page.context();
  const { problems } = watchPage(page);
  // Anything the server's strings could make run would call this.
  await page.addInitScript(() => {
    (window as unknown as { pwned: () => void }).pwned = () => document.title = 'PWNED';
  });
  await page.goto(`${storeUrl}?socket-url=${encodeURIComponent(server.url)}`);
  await page.locator('[data-ai-discovery] >> css=.composer input').waitFor();
  const s = server;
  return { page, server: s, problems, sessionId: () => s.sessionIds()[0]! };
}

const inWidget = (page: Page, css: string) => page.locator(`[data-ai-discovery] >> css=${css}`);

async function type(page: Page, text: string): Promise<void> {
  const input = inWidget(page, '.composer input');
  await input.fill(text);
  await input.press('Enter');
}

const HOSTILE_NAME = '<img src=x onerror="pwned()">Ann';
const HOSTILE_TEXT = '<script>pwned()</script>**Hello**, I can help <img src=x onerror=pwned()>';

describe('talking to a person in Chromium', () => {
  it('button, wait, operator reply with its name, typing, hand back: server strings stay text', async () => {
    const { page, server, problems, sessionId } = await shopper({ expectedWaitMs: 240_000 });
    await expect(inWidget(page, '[part="handoff-presence"]').textContent()).resolves.toBe('A person is available');
    await inWidget(page, '[part="handoff-button"]').click();
    await inWidget(page, '[data-mode="waiting"]').waitFor();
    expect(await inWidget(page, '[data-mode="waiting"]').textContent()).toBe('A team member will reply here. Expected wait: 4 minutes.');
    expect(server.log.requests).toHaveLength(1);

    // While waiting a message is taken for the people, and no automatic answer is watched for.
    await type(page, 'Is the blue one in stock?');
    await expect.poll(() => server.log.messages).toEqual(['Is the blue one in stock?']);

    server.claim(sessionId(), HOSTILE_NAME);
    await inWidget(page, '[data-mode="operator"]').waitFor();
    expect(await inWidget(page, '[data-mode="operator"]').textContent()).toBe(`You are talking with ${HOSTILE_NAME}.`);
    server.typing(sessionId(), HOSTILE_NAME, true);
    await inWidget(page, '[part="typing"] .who').waitFor();
    expect(await inWidget(page, '[part="typing"] .who').textContent()).toBe(`${HOSTILE_NAME} is typing…`);
    server.reply(sessionId(), HOSTILE_NAME, HOSTILE_TEXT);
    const reply = inWidget(page, '.msg.assistant').last();
    await reply.locator('[part="author"]').waitFor();
    expect(await reply.locator('[part="author"]').textContent()).toBe(HOSTILE_NAME);
    expect(await reply.textContent()).toContain('I can help');
    expect(await reply.locator('strong').textContent()).toBe('Hello');
    expect(await inWidget(page, 'img').count()).toBe(0);
    expect(await inWidget(page, 'script').count()).toBe(0);

    server.handBack(sessionId());
    await inWidget(page, '[part="handoff-button"]').waitFor();
    expect(await inWidget(page, '[data-mode="assistant"] p').first().textContent()).toBe('You are back with the assistant.');
    await type(page, 'shoes');
    await expect.poll(() => inWidget(page, '.msg.assistant').last().textContent()).toContain('You asked about shoes');
    expect(await page.title()).toBe('Store');
    expect(problems).toEqual([]);
  });

  it('outside opening hours: the email form refuses a bad address inline, then "We\'ll reply by email"', async () => {
    const { page, server } = await shopper({ open: false });
    await inWidget(page, '[part="handoff-button"]').click();
    const email = inWidget(page, '[data-mode="waiting"] input[type="email"]');
    await email.waitFor();
    await email.fill('not an address');
    await inWidget(page, '[data-mode="waiting"] button[type="submit"]').click();
    await inWidget(page, '[data-mode="waiting"] [role="alert"]').waitFor();
    expect(await inWidget(page, '[data-mode="waiting"] [role="alert"]').textContent()).toBe('Please enter a valid email address, like name@example.com.');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(server.log.contacts).toEqual([]);
    await email.fill('ann@example.com');
    await inWidget(page, '[data-mode="waiting"] button[type="submit"]').click();
    await inWidget(page, '[part="handoff-contact-left"]').waitFor();
    expect(await inWidget(page, '[part="handoff-contact-left"]').textContent()).toBe("We'll reply by email.");
    expect(server.log.contacts).toEqual(['ann@example.com']);
  });

  it('a reload comes back to the wait state, from the session-sync', async () => {
    const { page, server } = await shopper();
    await inWidget(page, '[part="handoff-button"]').click();
    await inWidget(page, '[data-mode="waiting"]').waitFor();
    await page.reload();
    await inWidget(page, '[data-mode="waiting"]').waitFor();
    expect(await inWidget(page, '[part="handoff-button"]').count()).toBe(0);
    expect(server.log.requests).toHaveLength(1);
  });

  it('a reply while the panel is closed: a badge on the launcher and the tab title, restored exactly when opened', async () => {
    const { page, server, sessionId } = await shopper();
    await inWidget(page, '[part="handoff-button"]').click();
    await inWidget(page, '[data-mode="waiting"]').waitFor();
    server.claim(sessionId(), 'Ann');
    await inWidget(page, '[data-mode="operator"]').waitFor();
    await inWidget(page, '[part="close"]').click();
    server.reply(sessionId(), 'Ann', 'Here is the blue one');
    await expect.poll(() => page.title()).toBe('(1) New message · Store');
    expect(await inWidget(page, '[part="badge"]').textContent()).toContain('1');
    await inWidget(page, '[part="launcher"]').click();
    await expect.poll(() => page.title()).toBe('Store');
    await expect.poll(() => server.log.seen.length).toBeGreaterThan(0);
  });

  it('asked for while the server is unreachable: queued, then sent once it is back', async () => {
    const { page, server } = await shopper();
    await inWidget(page, '[part="handoff-button"]').waitFor();
    await server.close();
    await inWidget(page, '[part="handoff-button"]').click();
    await expect.poll(() => inWidget(page, '[data-mode="assistant"] [role="status"]').last().textContent()).toContain('A person will be asked for');
    await server.start();
    await inWidget(page, '[data-mode="waiting"]').waitFor({ timeout: 30_000 });
    expect(new Set(server.log.requests).size).toBe(1);
  });

  it('shows no button to a legacy backend (a v1 server without the extension)', async () => {
    const { page } = await shopper({ extension: false });
    await type(page, 'shoes');
    await expect.poll(() => inWidget(page, '.msg.assistant').last().textContent()).toContain('You asked about shoes');
    expect(await inWidget(page, '[part="handoff"]').count()).toBe(0);
    expect(await inWidget(page, '[part="handoff-button"]').count()).toBe(0);
  });
});
