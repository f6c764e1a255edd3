import { describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import type { ChatContext } from '../../../src/protocol';
import { catalogResponder } from '../../../src/server/index';
import { closeTestContext, closeTestPage, demoInChromium, newTestPage } from '../../support/browser';
import { VERSION } from './php-harness';

/*
 * The WooCommerce example in Chromium: pages rendered by the plugin's real PHP on the WordPress
 * stand-in (examples/woocommerce/wordpress/), the built plugin script and widget bundle, and a
 * stand-in of WooCommerce's Store API cart (examples/woocommerce/routes.mjs) that checks the Nonce
 * as WooCommerce does. WordPress and WooCommerce themselves cannot run here (no database; neither
 * is packaged in Debian or on npm in a runnable form).
 */

/** What the chat server was told with each shopper message. */
const contexts: ChatContext[] = [];
const catalog = catalogResponder({ wordDelayMs: 0 });
const stack = demoInChromium({
  respond: (message, ctx) => {
    contexts.push(ctx.context);
    return catalog(message, ctx);
  },
});

const PRODUCT_PAGE = 'woocommerce/product/clearview-blue-light-glasses';
const CLEARVIEW_ID = 44012345670001;
const ADD_ITEM = '/woocommerce/wp-json/wc/store/v1/cart/add-item';

interface StoreEvent {
  type: string;
  detail: unknown;
  bubbles?: boolean;
  target?: string;
}

const ASSETS = '/woocommerce/wp-content/plugins/ai-discovery-widget/assets/';

/**
 * A fresh shopper on a store page. Idle callbacks never run (the launcher would fetch the bundle
 * in one some seconds after load), so the bundle comes only when the test touches the button.
 */
async function openStore(path = PRODUCT_PAGE): Promise<{ page: Page; errors: string[]; addItems: Request[]; requests: string[] }> {
  const page = await newTestPage(stack.browser);
  const errors: string[] = [];
  const addItems: Request[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('request', (r) => r.url().endsWith(ADD_ITEM) && addItems.push(r));
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
  await page.goto(stack.demo.url + path);
  return { page, errors, addItems, requests };
}

async function ask(page: Page, text: string): Promise<void> {
  const launcher = page.locator('[data-ai-discovery] >> css=.launcher');
  if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
  const input = page.locator('[data-ai-discovery] >> css=.composer input');
  await input.fill(text);
  await input.press('Enter');
}

const card = (page: Page, title: string) => page.locator('[data-ai-discovery] >> css=.card').filter({ hasText: title }).last();
const storeEvents = (page: Page) => page.evaluate(() => (window as unknown as { storeEvents: StoreEvent[] }).storeEvents);
const pageNonce = (page: Page) => page.evaluate(() => (window as unknown as { aiDiscoveryWoo: { nonce: string } }).aiDiscoveryWoo.nonce);

describe('the WooCommerce plugin on a stand-in product page', () => {
  it('prints the configuration, the plugin script and the launcher deferred; fetches the bundle only when the shopper heads for the button, then starts the widget', async () => {
    const { page, errors, requests } = await openStore();
    const scripts = await page.evaluate(() =>
      [...document.scripts].map((s) => ({ id: s.id, src: s.src.replace(location.origin, ''), defer: s.defer, inline: s.src === '' })),
    );
    const plugin = scripts.filter((s) => s.id.startsWith('ai-discovery-widget'));
    expect(plugin).toEqual([
      { id: 'ai-discovery-widget-js-before', src: '', defer: false, inline: true },
      { id: 'ai-discovery-widget-js', src: `${ASSETS}ai-discovery-woo.js?ver=${VERSION}`, defer: true, inline: false },
      { id: 'ai-discovery-widget-launcher-js', src: `${ASSETS}launcher.js?ver=${VERSION}`, defer: true, inline: false },
    ]);
    // The button in the merchant's accent, drawn by the launcher from the plugin's queued init.
    const early = page.locator('[data-ai-discovery][data-early] >> css=.launcher');
    expect(await early.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(127, 84, 179)');
    await page.waitForLoadState('networkidle');
    // Idle callbacks are held (openStore): the page sits loaded with no widget code and no socket.
    expect(requests.filter((p) => p.startsWith(ASSETS))).toEqual([`${ASSETS}ai-discovery-woo.js`, `${ASSETS}launcher.js`]);
    expect(requests.some((p) => p.startsWith('/socket.io/'))).toBe(false);

    await early.hover();
    await page.locator('[data-ai-discovery]:not([data-early]) >> css=.launcher').waitFor();
    expect(requests.filter((p) => p === `${ASSETS}${VERSION}/ai-discovery.js`)).toHaveLength(1);
    await expect.poll(() => page.locator('[data-ai-discovery]').count()).toBe(1);
    // The merchant's accent reached the widget.
    expect(await page.locator('[data-ai-discovery] >> css=.launcher').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(127, 84, 179)');
    // The panel comes from the plugin's assets with the version in its URL (a cached old panel never meets a new bundle).
    await page.locator('[data-ai-discovery] >> css=.launcher').click();
    await page.locator('[data-ai-discovery] >> css=.composer input').waitFor();
    const panel = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('ai-discovery.panel.js')));
    expect(panel.map((u) => new URL(u).pathname + new URL(u).search)).toEqual([`/woocommerce/wp-content/plugins/ai-discovery-widget/assets/ai-discovery.panel.js?ver=${VERSION}`]);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('tells the chat server the page, product, cart, currency and locale, and the cart after an add', async () => {
    const { page, errors } = await openStore();
    const before = contexts.length;
    await ask(page, 'blue light glasses');
    await card(page, 'Clearview Blue Light Glasses').waitFor({ timeout: 15_000 });
    expect(contexts[before]).toMatchObject({
      platform: 'woocommerce',
      locale: 'en-US',
      currency: 'USD',
      page: { type: 'product' },
      product: { id: String(CLEARVIEW_ID), title: 'Clearview Blue Light Glasses', price: { amount: 59, currency: 'USD' }, available: true },
      cart: { count: 0, items: [], total: { amount: 0, currency: 'USD' } },
    });
    await card(page, 'Clearview Blue Light Glasses').locator('button.add').click();
    await expect.poll(() => card(page, 'Clearview Blue Light Glasses').locator('button.add').textContent()).toBe('Added to cart');
    await ask(page, 'running shoes');
    await expect.poll(() => contexts.length).toBeGreaterThan(before + 1);
    expect(contexts.at(-1)!.cart).toEqual({ count: 1, items: [{ id: String(CLEARVIEW_ID), title: 'Clearview Blue Light Glasses', quantity: 1 }], total: { amount: 59, currency: 'USD' } });
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('adds a card\'s product through the Store API with the Nonce, then fires added_to_cart and wc-blocks_added_to_cart', async () => {
    const { page, errors, addItems } = await openStore();
    const nonce = await pageNonce(page);
    await ask(page, 'blue light glasses');
    const clearview = card(page, 'Clearview Blue Light Glasses');
    await clearview.waitFor({ timeout: 15_000 });
    await clearview.locator('button.add').click();
    await expect.poll(() => clearview.locator('button.add').textContent()).toBe('Added to cart');

    expect(addItems).toHaveLength(1);
    const request = addItems[0]!;
    expect(request.method()).toBe('POST');
    expect(request.postDataJSON()).toEqual({ id: CLEARVIEW_ID, quantity: 1 });
    const headers = await request.allHeaders();
    expect(headers.nonce).toBe(nonce);
    expect(headers['content-type']).toBe('application/json');
    expect(headers.cookie).toMatch(/wp_woocommerce_session_example=/);
    expect((await request.response())!.status()).toBe(201);

    await expect.poll(async () => (await storeEvents(page)).map((e) => e.type)).toEqual(['added_to_cart', 'wc_fragment_refresh', 'wc-blocks_added_to_cart']);
    const [added, , blocks] = await storeEvents(page);
    expect(added!.detail).toEqual({ fragments: {}, cartHash: '', buttonCount: 0 });
    expect(blocks).toMatchObject({ detail: { preserveCartData: false }, bubbles: true, target: 'body' });
    // The theme refreshed its header count from the Store API, as it does for its own buttons.
    await expect.poll(() => page.locator('.cart-contents .count').textContent()).toBe('1');
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('shows the Store API\'s refusal on the card when the store has sold out, and fires no cart event', async () => {
    const { page, errors, addItems } = await openStore();
    await ask(page, 'blue light glasses');
    const soldOut = card(page, 'ScreenGuard Blue Light Glasses');
    await soldOut.waitFor({ timeout: 15_000 });
    await soldOut.locator('button.add').click();
    await expect
      .poll(() => soldOut.locator('.cart-note').textContent())
      .toBe('You cannot add "ScreenGuard Blue Light Glasses" to the cart because the product is out of stock.');
    expect(await soldOut.locator('button.add').textContent()).toBe('Add to cart');
    expect(addItems).toHaveLength(1);
    expect((await addItems[0]!.response())!.status()).toBe(400);
    expect(await storeEvents(page)).toEqual([]);
    expect(await page.locator('.cart-contents .count').textContent()).toBe('0');
    // The console error is the browser reporting the 400; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await closeTestPage(page);
  });

  it('recovers when the page\'s nonce belongs to another session: one 403, then the add with the fresh nonce', async () => {
    const { page, errors, addItems } = await openStore();
    const stale = await pageNonce(page);
    // As if the page came from a page cache: this shopper's session is not the one the nonce was made for.
    await page.context().clearCookies();
    await ask(page, 'blue light glasses');
    const clearview = card(page, 'Clearview Blue Light Glasses');
    await clearview.waitFor({ timeout: 15_000 });
    await clearview.locator('button.add').click();
    await expect.poll(() => clearview.locator('button.add').textContent()).toBe('Added to cart');
    expect(addItems).toHaveLength(2);
    const [refused, retried] = addItems as [Request, Request];
    expect(refused.headers().nonce).toBe(stale);
    const refusal = (await refused.response())!;
    expect(refusal.status()).toBe(403);
    const fresh = (await refusal.allHeaders()).nonce;
    expect(fresh).toMatch(/^[0-9a-f]{10}$/);
    expect(fresh).not.toBe(stale);
    expect(retried.headers().nonce).toBe(fresh);
    expect((await retried.response())!.status()).toBe(201);

    // The next add goes straight through with the kept nonce.
    await card(page, 'Night Owl Blue Light Readers').locator('button.add').click();
    await expect.poll(() => addItems.length).toBe(3);
    expect(addItems[2]!.headers().nonce).toBe(fresh);
    await expect.poll(() => page.locator('.cart-contents .count').textContent()).toBe('2');
    expect(errors.filter((e) => !e.includes('403'))).toEqual([]);
    await closeTestPage(page);
  });

  it('puts the widget in the bottom-left corner when the merchant chose it', async () => {
    const { page, errors } = await openStore(`${PRODUCT_PAGE}?position=left`);
    const launcher = page.locator('[data-ai-discovery] >> css=.launcher');
    await launcher.click();
    const panel = page.locator('[data-ai-discovery] >> css=.panel');
    await panel.waitFor();
    const width = page.viewportSize()!.width;
    const [launcherBox, panelBox] = [(await launcher.boundingBox())!, (await panel.boundingBox())!];
    expect(launcherBox.x + launcherBox.width / 2).toBeLessThan(width / 2);
    expect(panelBox.x + panelBox.width / 2).toBeLessThan(width / 2);
    expect(errors).toEqual([]);
    await closeTestPage(page);
  });

  it('lays the store header out on a 390 px phone: title and cart on one row, each on one line, the tagline below, nothing overflowing', async () => {
    const page = await newTestPage(stack.browser, { viewport: { width: 390, height: 844 } });
    const context = page.context();
    await page.goto(stack.demo.url + PRODUCT_PAGE);
    const layout = await page.evaluate(() => {
      /** Lines of text an element spans: its height in its own line heights. */
      const box = (selector: string) => {
        const element = document.querySelector(selector)!;
        const rect = element.getBoundingClientRect();
        return { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right, lines: Math.round(rect.height / parseFloat(getComputedStyle(element).lineHeight)) };
      };
      return { title: box('.site-title'), tagline: box('.tagline'), cart: box('.cart-contents'), pageWidth: document.documentElement.scrollWidth };
    });
    expect(layout.pageWidth).toBe(390);
    expect([layout.title.lines, layout.cart.lines]).toEqual([1, 1]);
    expect(layout.cart.top).toBeLessThan(layout.title.bottom);
    expect(layout.cart.right).toBeLessThanOrEqual(390);
    expect(layout.tagline.top).toBeGreaterThanOrEqual(layout.title.bottom);
    expect(layout.tagline.left).toBe(layout.title.left);
    expect(layout.tagline.lines).toBeLessThanOrEqual(2);
    await closeTestContext(context);
  });
});
