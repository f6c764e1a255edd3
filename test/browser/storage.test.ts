import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeTestPage, demoInChromium, newTestPage } from '../support/browser';

/**
 * The storage chain as a real browser runs it: IndexedDB first, localStorage when IndexedDB is
 * missing, refused or silent, and a visible note when nothing can be kept. Chromium's own
 * IndexedDB is used; the failures are made by replacing its entry points before the page runs.
 */
const stack = demoInChromium();

async function start(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = (window as unknown as { AIDiscovery: { init: (o: object) => { on: (e: string, f: (x: { code: string; message: string }) => void) => void } } }).AIDiscovery;
    const errors: string[] = [];
    const widget = g.init({ socketUrl: location.origin, startOpen: true });
    widget.on('error', (e) => errors.push(`${e.code}: ${e.message}`));
    Object.assign(window, { widget, errors });
  });
  await page.locator('[data-ai-discovery] >> css=.composer input').waitFor();
}

async function ask(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => (window as unknown as { widget: { send: (t: string) => Promise<unknown> } }).widget.send(t), text);
  await page.waitForFunction(
    (n) => document.querySelector('[data-ai-discovery]')!.shadowRoot!.querySelectorAll('.msg.assistant .sr-only').length >= n,
    await page.evaluate(() => document.querySelector('[data-ai-discovery]')!.shadowRoot!.querySelectorAll('.msg.shopper').length),
  );
}

/** What each store holds for the widget, read with the page's own APIs. */
const stores = (page: Page) =>
  page.evaluate(async () => {
    const local = Object.keys(localStorage).filter((k) => k.startsWith('ai-discovery:'));
    const idb = await new Promise<string[]>((resolve) => {
      let request: IDBOpenDBRequest;
      try {
        request = indexedDB.open('ai-discovery');
      } catch {
        return resolve([]);
      }
      request.onerror = () => resolve([]);
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains('kv')) return (db.close(), resolve([]));
        const keys = db.transaction('kv').objectStore('kv').getAllKeys();
        keys.onsuccess = () => (db.close(), resolve(keys.result.map(String)));
      };
    });
    return { local, idb };
  });

const shown = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('[data-ai-discovery]')!.shadowRoot!;
    return {
      shopper: [...root.querySelectorAll('.msg.shopper .text')].map((m) => m.textContent),
      unsaved: root.querySelector('.status.unsaved')?.textContent ?? null,
      errors: (window as unknown as { errors: string[] }).errors,
      sessionId: (window as unknown as { widget: { sessionId: string } }).widget.sessionId,
    };
  });

describe('where the conversation is kept, in Chromium', () => {
  it('keeps it in IndexedDB by default and restores it from there after a reload', async () => {
    const page = await newTestPage(stack.browser);
    await page.goto(stack.demo.url + 'bare.html');
    await start(page);
    await ask(page, 'sunglasses');
    const before = await shown(page);
    expect(await stores(page)).toEqual({ local: [], idb: [`ai-discovery:${new URL(stack.demo.url).origin}:conversation`] });
    await page.reload();
    await start(page);
    await page.waitForFunction(() => document.querySelector('[data-ai-discovery]')!.shadowRoot!.querySelectorAll('.msg.shopper').length === 1);
    const after = await shown(page);
    expect(after).toEqual({ ...before, errors: [] });
    expect(after.unsaved).toBeNull();
    await closeTestPage(page);
  });

  it('falls back to localStorage when IndexedDB is refused, and when it never answers', async () => {
    const scripts = {
      refused: () => Object.defineProperty(window, 'indexedDB', { get: () => { throw new DOMException('Access denied', 'SecurityError'); } }),
      // Some Safari versions never answer the first open() of a page.
      silent: () => (IDBFactory.prototype.open = function () { return {} as IDBOpenDBRequest; }),
    };
    for (const [name, script] of Object.entries(scripts)) {
      const page = await newTestPage(stack.browser);
      await page.addInitScript(script);
      await page.goto(stack.demo.url + 'bare.html');
      await start(page);
      await ask(page, `hats ${name}`);
      const before = await shown(page);
      expect(before.errors, name).toEqual([]);
      expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ai-discovery:'))), name).toHaveLength(1);
      await page.reload();
      await start(page);
      await page.waitForFunction(() => document.querySelector('[data-ai-discovery]')!.shadowRoot!.querySelectorAll('.msg.shopper').length === 1);
      expect((await shown(page)).sessionId, name).toBe(before.sessionId);
      await closeTestPage(page);
    }
  });

  it('says so when IndexedDB refuses to write (quota), and chats on from memory', async () => {
    const page = await newTestPage(stack.browser);
    await page.addInitScript(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.goto(stack.demo.url + 'bare.html');
    await start(page);
    await ask(page, 'lipstick');
    await ask(page, 'running shoes');
    const view = await shown(page);
    expect(view.shopper).toEqual(['lipstick', 'running shoes']);
    expect(view.errors).toEqual(['storage: Storage is full: the conversation is kept in this page only']);
    expect(view.unsaved).toBe('This conversation cannot be saved on this device.');
    await closeTestPage(page);
  });
});
