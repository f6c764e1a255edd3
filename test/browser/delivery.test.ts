import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { catalogResponder, createChatServer, type ChatServer } from '../../src/server/index';
import { closeTestContext, closeTestPage, demoInChromium, newTestPage } from '../support/browser';

/**
 * Delivery as a shopper lives it, in Chromium: pages come from the demo server, the chat server is a
 * separate process-like server on its own port so it can be down while the page is up.
 */
const stack = demoInChromium();
let chat: ChatServer | undefined;
const answered: string[] = [];

afterEach(async () => {
  await chat?.close();
  chat = undefined;
  answered.length = 0;
});

async function startChat(port = 0): Promise<ChatServer> {
  const respond = catalogResponder({ wordDelayMs: 2 });
  chat = createChatServer({
    port,
    host: '127.0.0.1',
    cors: { origin: stack.demo.url.replace(/\/$/, '') },
    respond: (message, ctx) => {
      answered.push(message.id);
      return respond(message, ctx);
    },
  });
  await chat.ready;
  return chat;
}

async function freePort(): Promise<number> {
  const probe = await startChat();
  const port = probe.port;
  await probe.close();
  chat = undefined;
  return port;
}

/** Opens bare.html and starts the widget there against the chat server on `port`. */
async function openWidget(page: Page, port: number): Promise<void> {
  if (!page.url().endsWith('bare.html')) await page.goto(stack.demo.url + 'bare.html');
  await page.evaluate((p) => {
    const g = (window as unknown as { AIDiscovery: { init: (o: object) => unknown } }).AIDiscovery;
    (window as unknown as { widget: unknown }).widget = g.init({
      socketUrl: `http://127.0.0.1:${p}`,
      startOpen: true,
      reconnection: { initialDelayMs: 100, maxDelayMs: 400, maxAttempts: 10_000 },
    });
  }, port);
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
      answers: [...root.querySelectorAll('.msg.assistant')].filter((m) => m.querySelector('.sr-only')).length,
    };
  });

describe('delivery in Chromium', () => {
  it('messages typed while the server is down survive a reload and are delivered once, shown once', async () => {
    const port = await freePort();
    const page = await newTestPage(stack.browser);
    await openWidget(page, port);
    await type(page, 'blue light glasses');
    await type(page, 'red running shoes under $100');
    expect((await view(page)).shopper).toEqual(['blue light glasses:queued', 'red running shoes under $100:queued']);

    await page.reload();
    await openWidget(page, port);
    expect((await view(page)).shopper).toEqual(['blue light glasses:queued', 'red running shoes under $100:queued']);

    await startChat(port);
    await expect.poll(async () => (await view(page)).answers, { timeout: 20_000 }).toBe(2);
    expect((await view(page)).shopper).toEqual(['blue light glasses:sent', 'red running shoes under $100:sent']);
    expect(answered).toHaveLength(2);
    expect(new Set(answered).size).toBe(2);

    // And once more after another reload: the history is shown once, nothing is resent.
    await page.reload();
    await openWidget(page, port);
    await page.waitForFunction(() => (window as unknown as { widget: { status: string } }).widget.status === 'connected');
    await page.waitForTimeout(300);
    expect(await view(page)).toMatchObject({ shopper: ['blue light glasses:sent', 'red running shoes under $100:sent'], answers: 2 });
    expect(answered).toHaveLength(2);
    await closeTestPage(page);
  });

  it('a message shown as waiting survives a reload that comes before IndexedDB has committed it', async () => {
    // Drives the race instead of hoping for it: another page of the store holds a readwrite
    // transaction on the widget's object store, so every write the widget starts waits behind it.
    // The reload then comes while both messages are shown as waiting and neither is committed.
    const port = await freePort();
    const page = await newTestPage(stack.browser);
    const context = page.context();
    await openWidget(page, port);
    await page.waitForFunction(() => (window as unknown as { widget: { sessionId?: string } }).widget.sessionId !== undefined);
    const holder = await context.newPage();
    await holder.goto(stack.demo.url + 'bare.html');
    await holder.evaluate(holdWidgetStore);
    await type(page, 'blue light glasses');
    await type(page, 'red running shoes under $100');
    expect((await view(page)).shopper).toEqual(['blue light glasses:queued', 'red running shoes under $100:queued']);

    await page.reload();
    await openWidget(page, port);
    await holder.evaluate(() => (window as unknown as { release: () => Promise<void> }).release());
    await expect.poll(async () => (await view(page)).shopper, { timeout: 5_000 })
      .toEqual(['blue light glasses:queued', 'red running shoes under $100:queued']);

    await startChat(port);
    await expect.poll(async () => (await view(page)).answers, { timeout: 20_000 }).toBe(2);
    expect((await view(page)).shopper).toEqual(['blue light glasses:sent', 'red running shoes under $100:sent']);
    expect(answered).toHaveLength(2);
    expect(new Set(answered).size).toBe(2);
    await closeTestContext(context);
  }, 90_000);

  it('two tabs show one conversation; the server sees each message id once', async () => {
    const server = await startChat();
    const one = await newTestPage(stack.browser);
    const context = one.context();
    const two = await context.newPage();
    await openWidget(one, server.port);
    await openWidget(two, server.port);
    // With IndexedDB the session id is known once the saved conversation is read (by 'ready').
    const session = async (p: Page) => {
      await p.waitForFunction(() => (window as unknown as { widget: { sessionId?: string } }).widget.sessionId !== undefined);
      return p.evaluate(() => (window as unknown as { widget: { sessionId: string } }).widget.sessionId);
    };
    expect(await session(two)).toBe(await session(one));
    await type(one, 'sunglasses');
    await expect.poll(async () => (await view(two)).answers, { timeout: 15_000 }).toBe(1);
    await type(two, 'lipstick for light skin');
    await expect.poll(async () => (await view(one)).answers, { timeout: 15_000 }).toBe(2);
    await expect.poll(async () => (await view(two)).answers).toBe(2);
    const [a, b] = [await view(one), await view(two)];
    expect(a.shopper).toEqual(['sunglasses:sent', 'lipstick for light skin:sent']);
    expect(b.shopper).toEqual(a.shopper);
    expect(answered).toHaveLength(2);
    expect(new Set(answered).size).toBe(2);
    // Web Locks are real here: exactly one of the two tabs holds the drain lock.
    const held = await one.evaluate(async () => (await navigator.locks.query()).held?.map((l) => l.name) ?? []);
    expect(held.filter((name) => name?.endsWith(':leader'))).toHaveLength(1);
    await closeTestContext(context);
  });
});

/**
 * Runs in a page of the store: opens the widget's database and keeps one readwrite transaction on
 * its object store alive (a transaction commits as soon as it has no request pending) until
 * `window.release()`, which resolves once it has committed. Resolves when the transaction exists,
 * so every transaction created after that waits for it.
 */
function holdWidgetStore(): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('ai-discovery');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('kv', 'readwrite');
      const store = tx.objectStore('kv');
      let held = true;
      const committed = new Promise<void>((done) => (tx.oncomplete = () => done()));
      const spin = () => {
        store.get('held').onsuccess = () => held && spin();
      };
      spin();
      Object.assign(window, { release: () => ((held = false), committed) });
      resolve();
    };
  });
}
