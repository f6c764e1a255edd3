import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { catalogResponder, MemorySessionStore } from '../../../src/server/index';
import type { ChatContext } from '../../../src/index';
import { closeTestContext, demoInChromium, newTestPage } from '../../support/browser';

/*
 * The built module (dist/magento/AIDiscovery/Widget) on the stand-in storefront of
 * examples/magento/, in Chromium, with real RequireJS loading the component and the widget's AMD
 * build through the module's requirejs-config.js. Magento cannot run here, so its customer-data,
 * mage/apply and cart endpoints are the example's stand-ins; the chat server is the real one.
 */

/** Records every context the widget sends: context-update from setContext, and with each message. */
class RecordingStore extends MemorySessionStore {
  readonly updates: ChatContext[] = [];
  override async setContext(sessionId: string, context: ChatContext): Promise<void> {
    this.updates.push(context);
    return super.setContext(sessionId, context);
  }
}
const store = new RecordingStore();
const messageContexts: (ChatContext | undefined)[] = [];
const catalog = catalogResponder({ wordDelayMs: 0 });
const stack = demoInChromium({
  store,
  respond: (message, ctx) => {
    messageContexts.push(message.context);
    return catalog(message, ctx);
  },
});

const CLEARVIEW = { title: 'Clearview Blue Light Glasses', entityId: '44012345670001' };
/** Sold out in the stand-in store while the chat catalog still offers it (examples/magento/store.mjs). */
const SCREENGUARD = 'ScreenGuard Blue Light Glasses';

interface Storefront {
  context: BrowserContext;
  page: Page;
  errors: string[];
  requests: Request[];
}

/**
 * A fresh shopper (own cookies and storage) on the stand-in product page. Idle callbacks never run
 * (the launcher would bring the widget in one, some seconds after load), so the widget comes when
 * the pointer heads for the button: `touch` does that and waits for the widget to connect.
 */
async function openStore(path = 'magento/', touch = true, prepare?: (page: Page) => Promise<unknown>): Promise<Storefront> {
  const page = await newTestPage(stack.browser);
  const context = page.context();
  const errors: string[] = [];
  const requests: Request[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  page.on('request', (r) => requests.push(r));
  // The component announces its widget like the CDN build does; the tests read its status from it.
  await page.addInitScript(() => {
    window.requestIdleCallback = () => 0;
    document.addEventListener('ai-discovery:ready', (e) => {
      (window as unknown as { widget: unknown }).widget = (e as CustomEvent).detail;
    });
  });
  await prepare?.(page);
  await page.goto(stack.demo.url + path);
  if (!touch) return { context, page, errors, requests };
  await page.locator('[data-ai-discovery][data-early] .launcher').hover();
  await page.waitForFunction(() => (window as unknown as { widget?: { status: string } }).widget?.status === 'connected');
  return { context, page, errors, requests };
}

/** RequireJS's global `require` on the storefront page (Node's `require` type would shadow it). */
interface RequireJs {
  (deps: string[], callback: (...modules: unknown[]) => void, errback?: (error: Error) => void): void;
  defined(id: string): boolean;
}

/**
 * A require() call makes RequireJS take up anonymous define() calls it did not ask for; it throws
 * "Mismatched anonymous define()" there, synchronously, if one is waiting.
 */
function probeRequire(page: Page): Promise<string> {
  return page.evaluate(() => {
    try {
      (window as unknown as { require: RequireJs }).require(['mage/apply/main'], () => {});
      return 'nothing thrown';
    } catch (error) {
      return (error as Error).message.slice(0, 60);
    }
  });
}

const counter = (page: Page) => page.locator('#minicart-counter');
const card = (page: Page, title: string) => page.locator('[data-ai-discovery] .card').filter({ hasText: title });

async function askForGlasses(page: Page): Promise<void> {
  await page.locator('[data-ai-discovery] .launcher').click();
  const input = page.locator('[data-ai-discovery] .composer input');
  await input.fill('blue light glasses');
  await input.press('Enter');
  await card(page, CLEARVIEW.title).waitFor({ timeout: 15_000 });
}

function isCartAdd(r: Request): boolean {
  return r.method() === 'POST' && new URL(r.url()).pathname === '/checkout/cart/add/';
}

function sectionLoads(requests: Request[]): URL[] {
  return requests.map((r) => new URL(r.url())).filter((u) => u.pathname === '/customer/section/load/');
}

describe('the Magento module on a storefront running RequireJS', () => {
  it('starts with the launcher only: no widget component, bundle or socket until the shopper presses; what they typed meanwhile reaches the widget', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // Routed before the page loads: Playwright's interception, turned on while the page's scripts are
    // on their way, loses those requests' events (seen dropping launcher.js and mage/bootstrap.js).
    const { context, page, errors, requests } = await openStore('magento/', false, (page) =>
      page.route('**/AIDiscovery_Widget/js/ai-discovery.js', async (route) => {
        await held;
        await route.continue();
      }),
    );
    const paths = () => requests.map((r) => new URL(r.url()).pathname);
    const early = page.locator('#ai-discovery-widget > [data-ai-discovery][data-early] .launcher');
    expect(await early.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(235, 82, 2)');
    await page.waitForLoadState('networkidle');
    const module = () => paths().filter((p) => p.startsWith('/magento/static/AIDiscovery_Widget/'));
    expect(module()).toEqual(['/magento/static/AIDiscovery_Widget/js/launcher.js']);
    expect(paths().some((p) => p.startsWith('/socket.io/'))).toBe(false);

    // A press while the bundle is on its way: the early panel takes the message and the draft.
    await early.click();
    const field = page.locator('[data-ai-discovery][data-early] .early input');
    await field.waitFor();
    await page.keyboard.type('blue light glasses');
    await page.keyboard.press('Enter');
    await page.keyboard.type('and a case');
    expect(module()).toEqual(expect.arrayContaining(['/magento/static/AIDiscovery_Widget/js/widget.js', '/magento/static/AIDiscovery_Widget/js/ai-discovery.js']));
    release();
    const input = page.locator('#ai-discovery-widget > [data-ai-discovery]:not([data-early]) .composer input');
    await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toBe('and a case');
    expect(await page.locator('[data-ai-discovery]').count()).toBe(1);
    await page.locator('[data-ai-discovery] .msg.shopper').filter({ hasText: 'blue light glasses' }).waitFor();
    await card(page, CLEARVIEW.title).waitFor({ timeout: 15_000 });
    expect(await probeRequire(page)).toBe('nothing thrown');
    expect(errors).toEqual([]);
    await closeTestContext(context);
  });

  it('RequireJS loads the component and the AMD build from the module, without a mismatched anonymous define, and one widget mounts', async () => {
    const { context, page, errors, requests } = await openStore();
    const paths = () => requests.map((r) => new URL(r.url()).pathname);
    expect(paths()).toEqual(expect.arrayContaining(['/magento/static/AIDiscovery_Widget/js/widget.js', '/magento/static/AIDiscovery_Widget/js/ai-discovery.js']));
    expect(await page.evaluate(() => [(window as unknown as { require: RequireJs }).require.defined('aiDiscovery'), (window as unknown as { require: RequireJs }).require.defined('AIDiscovery_Widget/js/widget')])).toEqual([true, true]);
    expect(await page.locator('[data-ai-discovery]').count()).toBe(1);
    expect(await page.locator('#ai-discovery-widget > [data-ai-discovery]').count()).toBe(1);

    // The admin's accent colour and position (right).
    const launcher = page.locator('[data-ai-discovery] .launcher');
    expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(235, 82, 2)');
    const box = (await launcher.boundingBox())!;
    expect(box.x).toBeGreaterThan(page.viewportSize()!.width / 2);

    // Started again (mage/apply again, the component by hand): still one widget.
    const again = await page.evaluate(
      () =>
        new Promise((resolve) => {
          (window as unknown as { require: RequireJs }).require(['mage/apply/main', 'AIDiscovery_Widget/js/widget'], (mage, component) => {
            (mage as { apply(): void }).apply();
            resolve((component as (c: object, e: Element) => unknown)({}, document.getElementById('ai-discovery-widget')!) ?? 'not started');
          });
        }),
    );
    expect(again).toBe('not started');
    expect(await page.locator('[data-ai-discovery]').count()).toBe(1);

    // The panel comes from beside the bundle, in the module's folder.
    await launcher.click();
    await page.locator('[data-ai-discovery] .panel').waitFor();
    expect(paths()).toContain('/magento/static/AIDiscovery_Widget/js/ai-discovery.panel.js');
    expect(await probeRequire(page)).toBe('nothing thrown');
    expect(errors).toEqual([]);
    await closeTestContext(context);
  });

  it('the check for a mismatched anonymous define can fail: the same bundle in a plain script tag trips it', async () => {
    const { context, page } = await openStore();
    expect(await probeRequire(page)).toBe('nothing thrown');
    await page.addScriptTag({ url: '/magento/static/AIDiscovery_Widget/js/ai-discovery.js' });
    expect(await probeRequire(page)).toMatch(/^Mismatched anonymous define\(\)/);
    await closeTestContext(context);
  });

  it('the Position setting puts the launcher and panel at the bottom left', async () => {
    const { context, page, errors } = await openStore('magento/?position=left');
    const launcher = page.locator('[data-ai-discovery] .launcher');
    await launcher.click();
    const panel = page.locator('[data-ai-discovery] .panel');
    await panel.waitFor();
    const width = page.viewportSize()!.width;
    expect((await launcher.boundingBox())!.x).toBeLessThan(width / 2);
    expect((await panel.boundingBox())!.x).toBeLessThan(width / 2);
    expect(errors).toEqual([]);
    await closeTestContext(context);
  });

  it("context carries the cart from customer-data, and follows the cart section when the store's own form adds to it", async () => {
    const { context, page, errors } = await openStore();
    const updatesBefore = store.updates.length;
    // The product page's own Add to Cart: the cart section reloads, the component hears it.
    await page.locator('#product_addtocart_form button').click();
    await expect.poll(() => counter(page).textContent()).toBe('1');
    await expect
      .poll(() => store.updates.slice(updatesBefore).map((c) => (c.cart as { itemCount?: number } | undefined)?.itemCount))
      .toContain(1);
    const update = store.updates.slice(updatesBefore).find((c) => (c.cart as { itemCount?: number } | undefined)?.itemCount === 1)!;
    expect(update.cart).toEqual({ itemCount: 1, subtotal: 59, currency: 'USD', items: [{ productId: CLEARVIEW.entityId, sku: 'clearview-blue-light-glasses', title: CLEARVIEW.title, quantity: 1, price: 59 }] });

    // A new page: the widget starts with what customer-data loads, and sends it with a message.
    await page.reload();
    await page.locator('[data-ai-discovery][data-early] .launcher').hover();
    await page.waitForFunction(() => (window as unknown as { widget?: { status: string } }).widget?.status === 'connected');
    await expect.poll(() => counter(page).textContent()).toBe('1');
    const sent = messageContexts.length;
    await page.evaluate(() => (window as unknown as { widget: { send(t: string): Promise<unknown> } }).widget.send('does this come in red?'));
    await expect.poll(() => messageContexts.length).toBeGreaterThan(sent);
    expect(messageContexts[sent]).toEqual({
      platform: 'magento',
      locale: 'en-US',
      currency: 'USD',
      page: { url: `${stack.demo.url}magento/`, title: `${CLEARVIEW.title} | Demo Magento store`, type: 'product' },
      product: { id: CLEARVIEW.entityId, title: CLEARVIEW.title },
      customer: { loggedIn: false },
      cart: update.cart,
    });

    await page.locator('#product_addtocart_form button').click();
    await expect
      .poll(() => store.updates.map((c) => (c.cart as { itemCount?: number } | undefined)?.itemCount))
      .toContain(2);
    expect(errors).toEqual([]);
    await closeTestContext(context);
  });

  it("a product card's Add to cart posts the form key to /checkout/cart/add/ and reloads the cart section", async () => {
    const { context, page, errors, requests } = await openStore();
    await askForGlasses(page);
    const posted = page.waitForRequest(isCartAdd);
    const loadsBefore = sectionLoads(requests).length;
    await card(page, CLEARVIEW.title).locator('.add').click();
    const request = await posted;

    const headers = request.headers();
    expect(headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(headers['x-requested-with']).toBe('XMLHttpRequest');
    const formKey = (await context.cookies()).find((c) => c.name === 'form_key')!.value;
    expect(formKey).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(Object.fromEntries(new URLSearchParams(request.postData()!))).toEqual({ product: CLEARVIEW.entityId, qty: '1', form_key: formKey });

    await expect.poll(() => card(page, CLEARVIEW.title).locator('.add').textContent()).toBe('Added to cart');
    const reload = sectionLoads(requests).slice(loadsBefore)[0]!;
    expect(reload.searchParams.get('sections')!.split(',')).toContain('cart');
    expect(reload.searchParams.get('force_new_section_timestamp')).toBe('true');
    await expect.poll(() => counter(page).textContent()).toBe('1');
    expect(await card(page, CLEARVIEW.title).locator('.cart-note').textContent()).toBe('');
    expect(errors).toEqual([]);
    await closeTestContext(context);
  });

  it("a refused add shows the store's own message on the card, and adds nothing", async () => {
    const { context, page, errors } = await openStore();
    await askForGlasses(page);
    await card(page, SCREENGUARD).locator('.add').click();
    const note = card(page, SCREENGUARD).locator('.cart-note');
    await expect.poll(() => note.textContent()).toBe('Product that you are trying to add is not available.');
    // The same message reached the page's own messages, as after Magento's own add to cart.
    expect(await page.locator('#page-messages').textContent()).toContain('Product that you are trying to add is not available.');
    expect(await counter(page).textContent()).toBe('0');
    expect(await card(page, SCREENGUARD).locator('.add').textContent()).toBe('Add to cart');
    expect(errors).toEqual([]);
    await closeTestContext(context);
  });

  it('an expired session (both cookies gone) shows the session message, and adds nothing', async () => {
    const { context, page, errors } = await openStore();
    await askForGlasses(page);
    const pageKey = await page.locator('#product_addtocart_form input[name="form_key"]').inputValue();
    await context.clearCookies();
    const posted = page.waitForRequest(isCartAdd);
    await card(page, CLEARVIEW.title).locator('.add').click();
    // Without the cookie the component falls back to the page's form field.
    expect(new URLSearchParams((await posted).postData()!).get('form_key')).toBe(pageKey);
    const note = card(page, CLEARVIEW.title).locator('.cart-note');
    // Magento's own phrase, from the messages section of the session the refused post started.
    await expect.poll(() => note.textContent()).toBe('Your session has expired');
    expect(await counter(page).textContent()).toBe('0');
    expect(errors).toEqual([]);
    await closeTestContext(context);
  });
});
