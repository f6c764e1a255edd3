import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatContext } from '../../../src/index';
import { catalogResponder } from '../../../src/server/index';
import { closeTestPage, demoInChromium, keepServerHeading, newTestPage, watchPage } from '../../support/browser';

/*
 * The React example (examples/shopify/app, built by `npm run build`): a product page rendered on
 * the server by react-dom/server in the demo server, hydrated in real Chromium by a development
 * build of React 19 under StrictMode, against the real chat server. Its cart is the stand-in
 * store's Ajax Cart API (Shopify cannot run here).
 */

const messageContexts: ChatContext[] = [];
const catalog = catalogResponder({ wordDelayMs: 1 });
const stack = demoInChromium({
  respond: (message, ctx) => {
    messageContexts.push(ctx.context);
    return catalog(message, ctx);
  },
});

const server = { connections: 0, disconnections: 0, open: 0, contextUpdates: [] as ChatContext[] };
beforeAll(() => {
  stack.demo.chatServer.io.on('connection', (socket) => {
    server.connections++;
    server.open++;
    socket.on('disconnect', () => {
      server.disconnections++;
      server.open--;
    });
    socket.onAny((event: string, payload: { context?: ChatContext }) => {
      if (event === 'context-update' && payload?.context) server.contextUpdates.push(payload.context);
    });
  });
});
beforeEach(async () => {
  // The previous test's page is closed; its socket's end must not count in this test.
  await expect.poll(() => server.open).toBe(0);
  Object.assign(server, { connections: 0, disconnections: 0, contextUpdates: [] });
  messageContexts.length = 0;
});

interface ReactPage {
  page: Page;
  /** Console errors and warnings, uncaught errors and failed responses. */
  problems: string[];
  sockets: { opened: number; closed: number };
  events: () => Promise<string[]>;
}

async function openReactPage(): Promise<ReactPage> {
  const page = await newTestPage(stack.browser);
  const { problems, sockets } = watchPage(page);
  // Hydration must adopt the server-rendered heading, not replace it.
  await keepServerHeading(page);
  return { page, problems, sockets, events: () => page.locator('[data-events] li').allTextContents() };
}

const status = (page: Page) => page.locator('[data-status]');
const hosts = (page: Page) => page.evaluate(() => document.querySelectorAll('[data-ai-discovery]').length);

describe('the React example in Chromium', () => {
  it('is rendered on the server, hydrates without a mismatch, and StrictMode gets one widget and one socket', async () => {
    const t = await openReactPage();
    const response = await t.page.goto(`${stack.demo.url}shopify/react`);
    // The HTML from the server already holds the page, with the hook's state at 'idle'.
    const html = await response!.text();
    expect(html).toMatch(/<div id="root">.*<header class="site-header">/s);
    expect(html).toContain('<h1>Silk Veil Foundation - Sand</h1>');
    expect(html).toContain('Assistant: <!-- -->idle');
    await expect.poll(() => status(t.page).textContent(), { timeout: 15_000 }).toBe(' Assistant: connected');
    expect(await t.page.evaluate(() => document.querySelector('h1') === (window as unknown as { ssrHeading: unknown }).ssrHeading)).toBe(true);
    expect(await hosts(t.page)).toBe(1);
    expect(t.sockets.opened).toBe(1);
    expect(server.connections).toBe(1);
    expect((await t.events()).filter((e) => e === 'ready')).toHaveLength(1);
    expect(t.problems).toEqual([]);
    await closeTestPage(t.page);
  });

  it('sends a changed product prop to the server, and the hook and addToCart work from the page', async () => {
    const t = await openReactPage();
    await t.page.goto(`${stack.demo.url}shopify/react`);
    await expect.poll(() => status(t.page).textContent(), { timeout: 15_000 }).toBe(' Assistant: connected');
    await t.page.getByRole('button', { name: 'Honey' }).click();
    await expect.poll(() => server.contextUpdates.length).toBe(1);
    expect(server.contextUpdates[0]).toEqual({
      platform: 'shopify',
      locale: 'en-US',
      currency: 'USD',
      product: { id: expect.stringMatching(/^\d+$/), title: 'Silk Veil Foundation - Honey', variantId: '44012345680003' },
    });
    // The page's own button, through useAIDiscovery(): opens the panel and asks.
    await t.page.getByRole('button', { name: 'Ask the assistant about this shade' }).click();
    await expect.poll(() => messageContexts.length).toBe(1);
    expect(messageContexts[0]!.product).toMatchObject({ title: 'Silk Veil Foundation - Honey', variantId: '44012345680003' });
    // A card's button goes through the page's addToCart prop.
    const add = t.page.locator('[data-ai-discovery] >> css=.card .add:not([disabled])').first();
    await add.waitFor({ timeout: 15_000 });
    const posted = t.page.waitForRequest((r) => r.url().endsWith('/shopify/store/cart/add.js'));
    await add.click();
    expect((await posted).postDataJSON()).toEqual({ items: [{ id: expect.any(Number), quantity: 1 }] });
    await expect.poll(() => t.page.locator('[data-cart-count]').textContent()).toBe('1');
    expect((await t.events()).some((e) => e.startsWith('add-to-cart: '))).toBe(true);
    expect(await hosts(t.page)).toBe(1);
    expect(server.connections).toBe(1);
    expect(t.problems).toEqual([]);
    await closeTestPage(t.page);
  });

  it('unmounting the component removes the widget and closes its socket', async () => {
    const t = await openReactPage();
    await t.page.goto(`${stack.demo.url}shopify/react`);
    await expect.poll(() => status(t.page).textContent(), { timeout: 15_000 }).toBe(' Assistant: connected');
    await t.page.getByLabel('Show the assistant').uncheck();
    await expect.poll(() => hosts(t.page)).toBe(0);
    await expect.poll(() => server.disconnections).toBe(1);
    await expect.poll(() => t.sockets.closed).toBe(1);
    // And back: a new widget, one more socket, nothing left over from the first.
    await t.page.getByLabel('Show the assistant').check();
    await expect.poll(() => status(t.page).textContent(), { timeout: 15_000 }).toBe(' Assistant: connected');
    expect(await hosts(t.page)).toBe(1);
    expect(server.connections).toBe(2);
    expect(t.problems).toEqual([]);
    await closeTestPage(t.page);
  });
});
