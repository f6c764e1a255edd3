import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { closeTestPage, launchChromium, newTestPage } from '../support/browser';
import { guideSocketServer, streamingSocketServer, unifiedHttpServer, type StandIn } from '../support/own-backends';

/**
 * The CDN bundle in Chromium against loopback stand-ins of backends stores already run: the
 * integration guide's no-ack Socket.IO server (`data-protocol="legacy"`), a unified `/api/chat`
 * endpoint (only `data-api-url`), and a streaming server with its own event names (`events`, given
 * to `AIDiscovery.init` by the page). The store's page is on one port, each backend on another.
 */

/** The README's worked example, as a store's page would write it (the same as `streamingEvents()`). */
const MAPPED_PAGE_SCRIPT = (socketUrl: string) => `
AIDiscovery.init({
  socketUrl: ${JSON.stringify(socketUrl)},
  startOpen: true,
  events: {
    send: 'chat:message',
    payload: (m) => ({ messageId: m.id, content: m.text }),
    on: {
      'chat:typing': (p) => ({ type: 'typing', typing: p.isTyping }),
      'chat:message:stream': (p) => ({ type: 'chunk', delta: p.chunk, replyTo: p.messageId }),
      'chat:message:complete': (p) => ({ type: 'response', success: true, response: p.content, replyTo: p.messageId }),
      'chat:error': (p) => ({ type: 'response', success: false, error: p.message, replyTo: p.messageId }),
    },
  },
});`;
let backend: StandIn | undefined;

afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

// The store's own pages and the built bundle beside them (its panel chunk is loaded from there), on
// loopback like the backends: the query string is the script tag's data attributes.
let browser: Browser | undefined;
let store: Server | undefined;
let storeUrl = '';
beforeAll(async () => {
  browser = await launchChromium();
  store = createServer((req, res) => {
    if (req.url?.startsWith('/dist/cdn/')) {
      const file = join(process.cwd(), 'dist/cdn', basename(req.url.split('?')[0]!));
      return void readFile(file).then((body) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body), () => res.writeHead(404).end());
    }
    const url = new URL(req.url ?? '/', 'http://store');
    const query = url.searchParams;
    // /mapped: a bare tag, and the page's own script starts the widget with its mapping.
    const tag = url.pathname === '/mapped' ? '' : [...query].map(([k, v]) => `data-${k}="${v.replace(/"/g, '&quot;')}"`).join(' ') + ' data-start-open';
    const init = url.pathname === '/mapped' ? `<script>${MAPPED_PAGE_SCRIPT(query.get('socket-url')!)}</script>` : '';
    res.writeHead(200, { 'content-type': 'text/html' }).end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store</title></head><body><h1>Store</h1><script src="/dist/cdn/ai-discovery.js" ${tag}></script>${init}</body></html>`,
    );
  });
  await new Promise<void>((resolve) => store!.listen(0, '127.0.0.1', resolve));
  storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await browser?.close();
  store?.closeAllConnections();
  await new Promise((resolve) => store?.close(resolve));
});

/** A store page whose script tag carries `attributes`, as a merchant would write it (or `path`'s page). */
async function openStore(page: Page, attributes: Record<string, string>, path = ''): Promise<void> {
  await page.goto(storeUrl + path + '?' + new URLSearchParams(attributes).toString());
  await page.locator('[data-ai-discovery] >> css=.composer input').waitFor();
}

async function type(page: Page, text: string): Promise<void> {
  const input = page.locator('[data-ai-discovery] >> css=.composer input');
  await input.fill(text);
  await input.press('Enter');
}

const view = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('[data-ai-discovery]')!.shadowRoot!;
    return {
      shopper: [...root.querySelectorAll('.msg.shopper')].map((m) => `${m.querySelector('.text')!.textContent}:${m.getAttribute('data-state')}`),
      answers: [...root.querySelectorAll('.msg.assistant:not(.error)')].map((m) => m.textContent ?? ''),
      streaming: [...root.querySelectorAll('.msg.assistant[data-streaming="true"]')].map((m) => m.textContent ?? ''),
      errors: [...root.querySelectorAll('.msg.error')].map((m) => m.textContent ?? ''),
      stopButton: root.querySelector('.stop') !== null,
    };
  });

describe('bring your own backend, in Chromium with the CDN bundle', () => {
  it("the guide's no-ack Socket.IO server: every answer once, failures shown, nothing lost or sent twice across a restart", async () => {
    backend = await guideSocketServer(storeUrl.replace(/\/$/, ''));
    const page = await newTestPage(browser!);
    await openStore(page, { 'socket-url': backend.url, protocol: 'legacy' });
    await type(page, 'blue light glasses');
    await expect.poll(async () => (await view(page)).answers.length, { timeout: 10_000 }).toBe(1);
    await type(page, 'please fail');
    await expect.poll(async () => (await view(page)).errors.length, { timeout: 10_000 }).toBe(1);
    expect((await view(page)).errors[0]).toContain('The AI provider is unavailable');

    await backend.close();
    await type(page, 'asked while down');
    await expect.poll(async () => (await view(page)).shopper.at(-1)).toBe('asked while down:queued');
    await backend.start();
    await expect.poll(async () => (await view(page)).answers.length, { timeout: 20_000 }).toBe(2);
    const seen = await view(page);
    expect(seen.answers[0]).toContain('You asked about blue light glasses');
    expect(seen.answers[1]).toContain('You asked about asked while down');
    expect(seen.shopper).toEqual(['blue light glasses:sent', 'please fail:sent', 'asked while down:sent']);
    expect(backend.log.received).toEqual(['blue light glasses', 'please fail', 'asked while down']);
    await closeTestPage(page);
  }, 60_000);

  it('a unified /api/chat endpoint with no Socket.IO at all: every answer once, failures shown, nothing lost or sent twice across a restart', async () => {
    backend = await unifiedHttpServer();
    const page = await newTestPage(browser!);
    let sockets = 0;
    page.on('websocket', () => sockets++);
    await openStore(page, { 'api-url': `${backend.url}/api/chat` });
    await type(page, 'blue light glasses');
    await expect.poll(async () => (await view(page)).answers.length, { timeout: 10_000 }).toBe(1);
    await page.locator('[data-ai-discovery] >> css=.card').first().waitFor();
    await type(page, 'please fail');
    await expect.poll(async () => (await view(page)).errors.length, { timeout: 10_000 }).toBe(1);
    expect((await view(page)).errors[0]).toContain('The AI provider is unavailable');

    await backend.close();
    await type(page, 'asked while down');
    await expect.poll(async () => (await view(page)).shopper.at(-1)).toMatch(/^asked while down:(queued|sending)$/);
    await backend.start();
    await expect.poll(async () => (await view(page)).answers.length, { timeout: 20_000 }).toBe(2);
    const seen = await view(page);
    expect(seen.answers[1]).toContain('You asked about asked while down');
    expect(seen.shopper).toEqual(['blue light glasses:sent', 'please fail:sent', 'asked while down:sent']);
    expect(backend.log.received).toEqual(['blue light glasses', 'please fail', 'asked while down']);
    expect(sockets).toBe(0);
    await closeTestPage(page);
  }, 60_000);

  it('a streaming server with its own event names (events): streamed as written, every answer once, failures shown, nothing lost or sent twice across a restart', async () => {
    const server = await streamingSocketServer(storeUrl.replace(/\/$/, ''));
    backend = server;
    server.repeatComplete = true;
    const page = await newTestPage(browser!);
    await openStore(page, { 'socket-url': server.url }, 'mapped');
    // The ending is held back: the shopper sees the answer being written before it is complete.
    server.log.hold = true;
    await type(page, 'blue light glasses');
    await expect.poll(async () => (await view(page)).streaming, { timeout: 10_000 }).toEqual([expect.stringContaining('You asked about blue light glasses')]);
    // Such a backend knows no `chat-cancel`: no stop button that would stop nothing.
    expect((await view(page)).stopButton).toBe(false);
    server.log.hold = false;
    server.log.held.splice(0).forEach((end) => end());
    await expect.poll(async () => (await view(page)).streaming).toEqual([]);
    await type(page, 'please fail');
    await expect.poll(async () => (await view(page)).errors.length, { timeout: 10_000 }).toBe(1);
    expect((await view(page)).errors[0]).toContain('The AI provider is unavailable');

    await server.close();
    await type(page, 'asked while down');
    await expect.poll(async () => (await view(page)).shopper.at(-1)).toBe('asked while down:queued');
    await server.start();
    await expect.poll(async () => (await view(page)).answers.length, { timeout: 20_000 }).toBe(2);
    // Every completion came twice: each answer is still shown once.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    const seen = await view(page);
    expect(seen.answers).toEqual([expect.stringContaining('You asked about blue light glasses'), expect.stringContaining('You asked about asked while down')]);
    expect(seen.errors).toHaveLength(1);
    expect(seen.shopper).toEqual(['blue light glasses:sent', 'please fail:sent', 'asked while down:sent']);
    expect(server.log.received).toEqual(['blue light glasses', 'please fail', 'asked while down']);
    await closeTestPage(page);
  }, 60_000);
});
