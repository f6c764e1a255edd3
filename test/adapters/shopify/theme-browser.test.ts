import type { Page } from 'playwright-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatContext, ChatResponse, ProductItem } from '../../../src/index';
import { catalogResponder } from '../../../src/server/index';
import { closeTestPage, demoInChromium, newTestPage } from '../../support/browser';

/*
 * The theme app extension as built (dist/shopify/extension) in real Chromium: the demo server
 * renders a stand-in storefront page with liquidjs and the extension's app embed block, and
 * answers a stand-in Ajax Cart API (examples/shopify/routes.mjs). Shopify cannot run here: its
 * Liquid filters (`json`, `asset_url`, `t`), `window.Shopify` and the cart endpoints are the
 * stand-ins; the embed script, the CDN bundle, the widget and the chat server are real. Idle
 * callbacks are held by the test (and the bundle's response, where it matters), so "before the
 * bundle" is a state it chooses.
 */

const messageContexts: ChatContext[] = [];
const catalog = catalogResponder({ wordDelayMs: 1 });
const stack = demoInChromium({
  respond: (message, ctx) => {
    messageContexts.push(ctx.context);
    return catalog(message, ctx);
  },
});

const server = { open: 0, contextUpdates: [] as ChatContext[] };
beforeAll(() => {
  stack.demo.chatServer.io.on('connection', (socket) => {
    server.open++;
    socket.on('disconnect', () => server.open--);
    socket.onAny((event: string, payload: { context?: ChatContext }) => {
      if (event === 'context-update' && payload?.context) server.contextUpdates.push(payload.context);
    });
  });
});
// A test that fails before its own closeTestPage would otherwise leave its shopper connected, and
// every later test would then fail in beforeEach on a socket that is not its own.
const opened: Page[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map(closeTestPage));
});
beforeEach(async () => {
  await expect.poll(() => server.open).toBe(0);
  server.contextUpdates = [];
  messageContexts.length = 0;
});

const PRODUCT_PAGE = 'shopify/store/products/velocity-red-running-shoes';
const BUNDLE = '/dist/shopify/extension/assets/ai-discovery.js';
const PANEL = '/dist/shopify/extension/assets/ai-discovery.panel.js';

type PageWindow = {
  __idle: (() => void)[];
  __cartEvents: { cart: { item_count: number; items: { variant_id: number }[] } | null; items: unknown[] }[];
  __responses: ChatResponse[];
  AIDiscovery: ((...args: unknown[]) => unknown) & { q?: unknown[]; init?: unknown };
};

interface StorePage {
  page: Page;
  problems: string[];
  requests: string[];
  runIdle: () => Promise<void>;
}

async function openStore(path: string): Promise<StorePage> {
  const page = await newTestPage(stack.browser);
  opened.push(page);
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.addInitScript(() => {
    const w = window as unknown as PageWindow;
    w.__idle = [];
    w.__cartEvents = [];
    w.__responses = [];
    window.requestIdleCallback = (task) => w.__idle.push(() => task({ didTimeout: false, timeRemaining: () => 50 })) as unknown as number;
    document.addEventListener('ai-discovery:cart-updated', (e) => w.__cartEvents.push((e as CustomEvent).detail));
    document.addEventListener('ai-discovery:ready', (e) => {
      (e as CustomEvent<{ on(event: string, listener: (r: ChatResponse) => void): void }>).detail.on('response', (r) => w.__responses.push(r));
    });
  });
  await page.goto(stack.demo.url + path);
  return {
    page,
    problems,
    requests,
    runIdle: () => page.evaluate(() => (window as unknown as PageWindow).__idle.splice(0).forEach((task) => task())),
  };
}

/** Presses the launcher (which fetches the widget), asks through the panel, and returns the first card that can be added. */
async function askForShoes(t: StorePage): Promise<ProductItem> {
  await t.page.locator('[data-ai-discovery] >> css=.launcher').click();
  await t.page.locator('[data-ai-discovery] >> css=.composer input').fill('red running shoes');
  await t.page.locator('[data-ai-discovery] >> css=.composer input').press('Enter');
  await t.page.locator('[data-ai-discovery] >> css=.card .add').first().waitFor({ timeout: 15_000 });
  const responses = await t.page.evaluate(() => (window as unknown as PageWindow).__responses);
  const items = responses.flatMap((r) => r.blocks ?? []).flatMap((b) => (b.type === 'products' ? b.items : []));
  const item = items.find((p) => p.available !== false);
  if (!item?.variantId) throw new Error('the answer has no product to add');
  return item;
}

const addButton = (t: StorePage, title: string) =>
  t.page.locator('[data-ai-discovery] >> css=.card').filter({ hasText: title }).locator('css=.add');
const cardNote = (t: StorePage, title: string) =>
  t.page.locator('[data-ai-discovery] >> css=.card').filter({ hasText: title }).locator('css=.cart-note');

describe('the theme app embed on a stand-in Shopify storefront', () => {
  it('draws the launcher at once, fetches the bundle only when the shopper presses it, then starts the widget with the page\'s Shopify context', async () => {
    const t = await openStore(`${PRODUCT_PAGE}?customer=7001`);
    await t.page.waitForLoadState('networkidle');
    await t.runIdle();
    await t.page.waitForLoadState('networkidle');
    // Only the small embed so far, which drew the button; its command queue waiting.
    expect(t.requests).toContain('/dist/shopify/extension/assets/ai-discovery-embed.js');
    expect(t.requests.filter((p) => p.startsWith('/dist/'))).toEqual(['/dist/shopify/extension/assets/ai-discovery-embed.js']);
    expect(await t.page.evaluate(() => typeof (window as unknown as PageWindow).AIDiscovery.init)).toBe('undefined');
    expect(await t.page.evaluate(() => Boolean(document.querySelector('[data-ai-discovery][data-early]')?.shadowRoot?.querySelector('.launcher')))).toBe(true);
    await askForShoes(t);
    expect(t.requests.filter((p) => p === BUNDLE)).toHaveLength(1);
    // The panel came from beside the bundle: a flat asset folder, as Shopify serves extension assets.
    expect(t.requests).toContain(PANEL);
    expect(await t.page.evaluate(() => document.querySelectorAll('[data-ai-discovery]').length)).toBe(1);
    expect(messageContexts[0]).toEqual({
      platform: 'shopify',
      shop: 'lumen-and-loom.myshopify.com',
      locale: 'en',
      currency: 'USD',
      customerId: '7001',
      page: { type: 'product' },
      product: { id: expect.stringMatching(/^\d+$/), title: 'Velocity Red Running Shoes', variantId: '44012345690001' },
      productHandle: 'velocity-red-running-shoes',
      cart: { itemCount: 0, total: { amount: 0, currency: 'USD' }, items: [] },
    });
    expect(t.problems).toEqual([]);
    await closeTestPage(t.page);
  });

  it('adds a card to the cart through cart/add.js, fires the DOM event the theme listens to, and updates the context', async () => {
    const t = await openStore(PRODUCT_PAGE);
    const item = await askForShoes(t);
    const posted = t.page.waitForRequest((r) => new URL(r.url()).pathname === '/shopify/store/cart/add.js');
    await addButton(t, item.title).click();
    const request = await posted;
    expect(request.method()).toBe('POST');
    expect(request.headers()['content-type']).toBe('application/json');
    expect(request.postDataJSON()).toEqual({ items: [{ id: Number(item.variantId), quantity: 1 }] });
    await expect.poll(() => t.page.evaluate(() => (window as unknown as PageWindow).__cartEvents.length)).toBe(1);
    const [event] = await t.page.evaluate(() => (window as unknown as PageWindow).__cartEvents);
    expect(event!.cart!.item_count).toBe(1);
    expect(event!.cart!.items[0]!.variant_id).toBe(Number(item.variantId));
    // The stand-in theme's own listener refreshed its cart count; the card says it is done.
    await expect.poll(() => t.page.locator('[data-cart-count]').textContent()).toBe('1');
    await expect.poll(() => addButton(t, item.title).textContent()).toMatch(/added/i);
    await expect.poll(() => server.contextUpdates.at(-1)?.cart).toEqual({
      itemCount: 1,
      total: { amount: item.price!.amount, currency: 'USD' },
      items: [{ variantId: item.variantId, quantity: 1 }],
    });
    expect(t.problems).toEqual([]);
    await closeTestPage(t.page);
  });

  it('shows Shopify\'s 422 reason on the card when the store has no more, and fires no event', async () => {
    const t = await openStore(PRODUCT_PAGE);
    const item = await askForShoes(t);
    // The store's stock of it (3, in the stand-in) is already in this shopper's cart.
    const filled = await t.page.evaluate(async (id) => {
      const response = await fetch('/shopify/store/cart/add.js', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ items: [{ id, quantity: 3 }] }) });
      return response.status;
    }, Number(item.variantId));
    expect(filled).toBe(200);
    await addButton(t, item.title).click();
    await expect.poll(() => cardNote(t, item.title).textContent()).toBe(`All 3 ${item.title} are in your cart.`);
    expect(await t.page.evaluate(() => (window as unknown as PageWindow).__cartEvents.length)).toBe(0);
    // Chromium logs the refused request itself; nothing else went wrong.
    expect(t.problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
    await closeTestPage(t.page);
  });

  it('says the store cannot be reached when the request fails', async () => {
    const t = await openStore(PRODUCT_PAGE);
    const item = await askForShoes(t);
    await t.page.route('**/shopify/store/cart/add.js', (route) => route.abort('internetdisconnected'));
    await addButton(t, item.title).click();
    await expect.poll(() => cardNote(t, item.title).textContent()).toBe('Could not reach the store. Check your connection and try again.');
    expect(t.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p))).toEqual([]);
    await closeTestPage(t.page);
  });

  it('draws the launcher in the merchant\'s corner and colour before any widget code, and the widget\'s takes its place when the pointer heads for it', async () => {
    const t = await openStore('shopify/store/?position=left&accent_color=%230a7c52');
    await t.page.waitForLoadState('networkidle');
    // A key press or a scroll elsewhere on the page is no reason to fetch the chat.
    await t.page.keyboard.press('Tab');
    await t.page.mouse.wheel(0, 200);
    await t.runIdle();
    await t.page.waitForLoadState('networkidle');
    expect(t.requests).not.toContain(BUNDLE);
    const early = t.page.locator('[data-ai-discovery][data-early] >> css=.launcher');
    const box = (await early.boundingBox())!;
    const width = await t.page.evaluate(() => window.innerWidth);
    expect(box.x + box.width / 2).toBeLessThan(width / 2);
    expect(await early.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(10, 124, 82)');
    await early.hover();
    const launcher = t.page.locator('[data-ai-discovery]:not([data-early]) >> css=.launcher');
    await launcher.waitFor();
    expect(await launcher.boundingBox()).toEqual(box);
    expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(10, 124, 82)');
    expect(t.requests.filter((p) => p === BUNDLE)).toHaveLength(1);
    expect(await t.page.evaluate(() => document.querySelectorAll('[data-ai-discovery]').length)).toBe(1);
    expect(messageContexts).toEqual([]);
    expect(t.problems).toEqual([]);
    await closeTestPage(t.page);
  });

  it('a press before the bundle has come opens a panel at once, and what the shopper typed there is in the widget\'s field', async () => {
    const t = await openStore(PRODUCT_PAGE);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await t.page.route(`**${BUNDLE}`, async (route) => {
      await held;
      await route.continue();
    });
    await t.page.waitForLoadState('networkidle');
    await t.page.locator('[data-ai-discovery][data-early] >> css=.launcher').click();
    await t.page.locator('[data-ai-discovery][data-early] >> css=.early input').waitFor();
    await t.page.keyboard.type('red running shoes');
    expect(t.requests).toContain(BUNDLE);
    release();
    const input = t.page.locator('[data-ai-discovery]:not([data-early]) >> css=.composer input');
    await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toBe('red running shoes');
    expect(await t.page.evaluate(() => document.querySelectorAll('[data-ai-discovery]').length)).toBe(1);
    await t.page.keyboard.press('Enter');
    await t.page.locator('[data-ai-discovery] >> css=.card .add').first().waitFor({ timeout: 15_000 });
    expect(messageContexts[0]).toMatchObject({ platform: 'shopify', productHandle: 'velocity-red-running-shoes' });
    expect(t.problems).toEqual([]);
    await closeTestPage(t.page);
  });
});
