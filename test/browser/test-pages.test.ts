import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closeTestPage, demoInChromium, newTestPage } from '../support/browser';

/*
 * newTestPage/closeTestPage lend the tests one reused context and page (test/support/browser.ts):
 * the page is the same Chromium target from test to test, and nothing a test leaves in it reaches
 * the next one. If the reuse stopped working, the first case fails; if the reset missed something,
 * the second does.
 */

const stack = demoInChromium();

async function targetId(page: Page): Promise<string> {
  const session = await page.context().newCDPSession(page);
  const { targetInfo } = await session.send('Target.getTargetInfo');
  await session.detach();
  return targetInfo.targetId;
}

describe('pages lent to tests', () => {
  it('are the same page from one test to the next, and a second page at once gets a context of its own', async () => {
    const first = await newTestPage(stack.browser);
    const id = await targetId(first);
    // A second shopper while the first is still out: a context of its own, not the lent one.
    const second = await newTestPage(stack.browser);
    expect(second.context()).not.toBe(first.context());
    expect(await targetId(second)).not.toBe(id);
    await closeTestPage(second);
    await closeTestPage(first);

    const again = await newTestPage(stack.browser);
    expect(await targetId(again)).toBe(id);
    expect(again.url()).toBe('about:blank');
    await closeTestPage(again);
  });

  it('carry nothing over: storage, cookies, offline, permissions, init scripts, exposed functions, viewport, extra tabs', async () => {
    const origin = new URL(stack.demo.url).origin;
    const dirty = await newTestPage(stack.browser, { viewport: { width: 390, height: 844 }, reducedMotion: 'reduce' });
    await dirty.addInitScript(() => ((window as unknown as { leftover: boolean }).leftover = true));
    await dirty.exposeFunction('leftoverFn', () => 1);
    await dirty.goto(`${stack.demo.url}bare.html`);
    await dirty.evaluate(async () => {
      localStorage.setItem('leftover', '1');
      sessionStorage.setItem('leftover', '1');
      document.cookie = 'leftover=1; path=/';
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('leftover', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('kv');
        open.onsuccess = () => (open.result.close(), resolve());
        open.onerror = () => reject(open.error);
      });
    });
    await dirty.context().grantPermissions(['notifications'], { origin });
    await dirty.context().setOffline(true);
    await dirty.context().newPage();
    expect(dirty.context().pages()).toHaveLength(2);
    const id = await targetId(dirty);
    await closeTestPage(dirty);

    const clean = await newTestPage(stack.browser);
    // The reset really ran on the same page, or this case proves nothing.
    expect(await targetId(clean)).toBe(id);
    expect(clean.context().pages()).toHaveLength(1);
    expect(clean.viewportSize()).toEqual({ width: 1280, height: 720 });
    await clean.goto(`${stack.demo.url}bare.html`);
    expect(await clean.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
      databases: (await indexedDB.databases()).map((d) => d.name),
      online: navigator.onLine,
      notifications: (await navigator.permissions.query({ name: 'notifications' })).state,
      leftover: 'leftover' in window,
      leftoverFn: 'leftoverFn' in window,
      reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
      width: innerWidth,
    }))).toEqual({ local: 0, session: 0, cookie: '', databases: [], online: true, notifications: 'prompt', leftover: false, leftoverFn: false, reducedMotion: false, width: 1280 });
    await closeTestPage(clean);
  });

  it('leave the store when closed: the chat server sees the shopper go before the next test starts', async () => {
    const page = await newTestPage(stack.browser);
    await page.goto(`${stack.demo.url}bundle.html`);
    await page.locator('[data-ai-discovery] >> css=.launcher').click();
    await page.locator('[data-ai-discovery] >> css=.composer input').waitFor();
    await expect.poll(() => stack.demo.chatServer.io.engine.clientsCount).toBe(1);
    await closeTestPage(page);
    await expect.poll(() => stack.demo.chatServer.io.engine.clientsCount, { timeout: 5_000 }).toBe(0);
  });
});
