// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCartAdder, readFormKey } from '../../../adapters/magento/src/add-to-cart';
import { readableTextOn } from '../../../adapters/magento/src/contrast';
import { createComponent } from '../../../adapters/magento/src/component';
import { readConfig } from '../../../adapters/magento/src/config';
import type { CustomerData, SectionObservable } from '../../../adapters/magento/src/customer-data';
import { cartContext, customerContext } from '../../../adapters/magento/src/sections';
import type { AddToCartEvent, AIDiscoveryWidget, ChatContext, WidgetOptions } from '../../../src/index';
import type { JsonValue } from '../../../src/protocol/types';

/*
 * The component's parts in jsdom, with a stand-in customer-data (Magento's cannot run here) and a
 * recording fetch. The same component runs against real RequireJS in Chromium in storefront.test.ts.
 */

/** A knockout-style observable store, as Magento_Customer/js/customer-data's sections are. */
function fakeCustomerData(initial: Record<string, unknown> = {}, reload?: (names: string[]) => Promise<unknown>) {
  const sections = new Map<string, { value: unknown; subscribers: Set<(v: unknown) => void> }>();
  const entry = (name: string) => {
    if (!sections.has(name)) sections.set(name, { value: initial[name] ?? {}, subscribers: new Set() });
    return sections.get(name)!;
  };
  const reloads: { names: string[]; force: boolean | undefined }[] = [];
  const customerData: CustomerData & { set(name: string, value: unknown): void; reloads: typeof reloads; subscribers(name: string): number } = {
    get(name) {
      const e = entry(name);
      const observable = (() => e.value) as SectionObservable;
      observable.subscribe = (callback) => {
        e.subscribers.add(callback);
        return { dispose: () => e.subscribers.delete(callback) };
      };
      return observable;
    },
    set(name, value) {
      const e = entry(name);
      e.value = value;
      for (const s of e.subscribers) s(value);
    },
    reload(names, force) {
      reloads.push({ names, force });
      return (reload ?? (async () => ({})))(names);
    },
    reloads,
    subscribers: (name) => entry(name).subscribers.size,
  };
  return customerData;
}

const MAGENTO_CART = {
  summary_count: 3,
  subtotalAmount: '177.0000',
  subtotal: '<span class="price">$177.00</span>',
  items: [
    { item_id: '7', product_id: '42', product_sku: 'clearview', product_name: 'Clearview Blue Light Glasses', qty: 2, product_price_value: 59 },
    { item_id: '8', product_id: 43, product_sku: 'aviator', product_name: 'Aviator <b>Sunglasses</b>', qty: '1', product_price_value: { incl_tax: 59.5, excl_tax: 50 } },
    { item_id: '9', product_name: 'broken line without id', qty: 1 },
  ],
  data_id: 1_700_000_000,
};

afterEach(() => {
  document.body.innerHTML = '';
  document.cookie = 'form_key=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
});

describe('readConfig', () => {
  const page = 'https://shop.example.com/fr/clearview.html';

  it('keeps valid settings and drops the rest', () => {
    expect(
      readConfig({ socketUrl: 'https://chat.example.com', greeting: ' Bonjour ', accentColor: '#EB5202', position: 'left', locale: 'fr-FR', currency: 'EUR', cartAddUrl: 'https://shop.example.com/fr/checkout/cart/add/' }, page),
    ).toEqual({ socketUrl: 'https://chat.example.com', greeting: 'Bonjour', accentColor: '#eb5202', position: 'left', locale: 'fr-FR', currency: 'EUR', cartAddUrl: 'https://shop.example.com/fr/checkout/cart/add/' });
    expect(readConfig({ socketUrl: 'javascript:alert(1)', accentColor: 'red', position: 'top', locale: 'x"y', currency: 'usd' }, page)).toEqual({
      position: 'right',
      cartAddUrl: 'https://shop.example.com/checkout/cart/add/',
    });
    expect(readConfig(null, page).position).toBe('right');
  });

  it('never sends the form key to another origin', () => {
    expect(readConfig({ cartAddUrl: 'https://evil.example/checkout/cart/add/' }, page).cartAddUrl).toBe('https://shop.example.com/checkout/cart/add/');
    expect(readConfig({ cartAddUrl: '//evil.example/x' }, page).cartAddUrl).toBe('https://shop.example.com/checkout/cart/add/');
  });
});

describe('customer-data sections as chat context', () => {
  it("reads Magento's cart section, skipping malformed lines", () => {
    expect(cartContext(MAGENTO_CART, 'USD')).toEqual({
      itemCount: 3,
      subtotal: 177,
      currency: 'USD',
      items: [
        { productId: '42', sku: 'clearview', title: 'Clearview Blue Light Glasses', quantity: 2, price: 59 },
        { productId: '43', sku: 'aviator', title: 'Aviator <b>Sunglasses</b>', quantity: 1, price: 59.5 },
      ],
    });
  });

  it('gives nothing for a section not loaded yet, and an empty cart for an empty one', () => {
    expect(cartContext({}, 'USD')).toBeUndefined();
    expect(cartContext([], 'USD')).toBeUndefined();
    expect(cartContext({ summary_count: 0, items: [], data_id: 1 }, undefined)).toEqual({ itemCount: 0, items: [] });
  });

  it('stays well under the server 8 KB context limit with a huge cart', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ product_id: String(i), product_sku: 's'.repeat(500), product_name: 'n'.repeat(5000), qty: 1, product_price_value: 1 }));
    const cart = cartContext({ summary_count: 500, items }, 'USD')!;
    expect((cart.items as unknown[]).length).toBe(20);
    expect(JSON.stringify(cart).length).toBeLessThan(5000);
  });

  it('reads the customer section: a guest is `{ data_id }` or `[]`, a signed-in shopper has a first name', () => {
    expect(customerContext({ data_id: 1 })).toEqual({ loggedIn: false });
    expect(customerContext([])).toEqual({ loggedIn: false });
    expect(customerContext({ fullname: 'Jane Doe', firstname: 'Jane', websiteId: '1' })).toEqual({ loggedIn: true, firstName: 'Jane' });
  });
});

describe('add to cart', () => {
  const event = (product: Partial<AddToCartEvent['product']>, variantId?: string): AddToCartEvent => ({
    product: { id: 'ew01', title: 'Clearview', url: '/p', ...product },
    responseId: 'r1',
    variantId,
    quantity: 1,
  });

  function adder(reply: () => Promise<Response> | Response, sections: unknown = { cart: {}, messages: { messages: [] } }) {
    const requests: { url: string; init: RequestInit }[] = [];
    const fetchImpl = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      requests.push({ url: String(url), init: init! });
      return reply();
    });
    const customerData = fakeCustomerData({}, async () => sections);
    const add = createCartAdder({ customerData, document, fetch: fetchImpl as typeof fetch, url: 'https://shop.example.com/checkout/cart/add/' });
    return { add, requests, customerData, fetchImpl };
  }
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it("posts product, qty and the form key the way Magento's product form does, then reloads cart and messages", async () => {
    document.cookie = 'form_key=Cookie1234567890; path=/';
    document.body.innerHTML = '<input name="form_key" value="Stale12345678901">';
    const { add, requests, customerData } = adder(() => json([]));
    await expect(add(event({}, '44012345670001'))).resolves.toBeUndefined();
    expect(requests).toHaveLength(1);
    const { url, init } = requests[0]!;
    expect(url).toBe('https://shop.example.com/checkout/cart/add/');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.redirect).toBe('manual');
    expect(init.headers).toMatchObject({ 'X-Requested-With': 'XMLHttpRequest' });
    expect(init.body).toBeInstanceOf(URLSearchParams);
    expect(Object.fromEntries(init.body as URLSearchParams)).toEqual({ product: '44012345670001', qty: '1', form_key: 'Cookie1234567890' });
    expect(customerData.reloads).toEqual([{ names: ['cart', 'messages'], force: true }]);
  });

  it('falls back to the form field when there is no form_key cookie, and refuses without either', async () => {
    document.body.innerHTML = '<input name="form_key" value="Field12345678901">';
    expect(readFormKey(document)).toBe('Field12345678901');
    document.body.innerHTML = '';
    const { add, fetchImpl } = adder(() => json([]));
    await expect(add(event({ id: '42' }))).rejects.toMatchObject({ name: 'CartError', code: 'session_expired' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('refuses an id Magento cannot add (it would ignore it silently) without posting', async () => {
    document.cookie = 'form_key=Cookie1234567890; path=/';
    const { add, fetchImpl } = adder(() => json([]));
    await expect(add(event({ id: 'SKU-ew01' }))).rejects.toMatchObject({ code: 'unsupported_product', message: expect.stringMatching(/cannot be added from the chat/) });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it("rejects with the store's own error from the messages section, as text", async () => {
    document.cookie = 'form_key=Cookie1234567890; path=/';
    const sections = { cart: {}, messages: { messages: [{ type: 'success', text: 'ignored' }, { type: 'error', text: 'The requested qty is not available for &quot;Clearview&quot;' }] } };
    const { add } = adder(() => json({ backUrl: 'https://shop.example.com/clearview.html' }), sections);
    await expect(add(event({ id: '42' }))).rejects.toMatchObject({ code: 'refused', message: 'The requested qty is not available for "Clearview"' });
  });

  it("reads a newer release's inline messages HTML, ignoring its success messages", async () => {
    document.cookie = 'form_key=Cookie1234567890; path=/';
    const refused = '<div class="messages"><div class="message-notice notice message"><div>You need to choose options for your item.</div></div></div>';
    await expect(adder(() => json({ backUrl: '/x', messages: refused })).add(event({ id: '42' }))).rejects.toMatchObject({ message: 'You need to choose options for your item.' });
    const added = '<div class="messages"><div class="message-success success message"><div>You added Clearview to your shopping cart.</div></div></div>';
    await expect(adder(() => json({ messages: added })).add(event({ id: '42' }))).resolves.toBeUndefined();
  });

  it('reports an invalid form key (a redirect), an HTTP error, a stock status and a network failure', async () => {
    document.cookie = 'form_key=Cookie1234567890; path=/';
    const redirect = () => ({ type: 'opaqueredirect', status: 0, ok: false }) as Response;
    await expect(adder(redirect).add(event({ id: '42' }))).rejects.toMatchObject({ code: 'session_expired', message: 'Your session has expired. Reload the page and try again.' });
    const translated = { messages: { messages: [{ type: 'error', text: 'Votre session a expiré' }] } };
    await expect(adder(redirect, translated).add(event({ id: '42' }))).rejects.toMatchObject({ code: 'session_expired', message: 'Votre session a expiré' });
    await expect(adder(() => new Response('boom', { status: 500 })).add(event({ id: '42' }))).rejects.toMatchObject({ code: 'refused', message: expect.stringContaining('500') });
    await expect(adder(() => json({ product: { statusText: 'Out of stock' } })).add(event({ id: '42' }))).rejects.toMatchObject({ message: 'Out of stock' });
    await expect(adder(() => Promise.reject(new TypeError('Failed to fetch'))).add(event({ id: '42' }))).rejects.toMatchObject({ code: 'network' });
  });

  it('a failed section reload does not turn a successful add into a failure', async () => {
    document.cookie = 'form_key=Cookie1234567890; path=/';
    const customerData = fakeCustomerData({}, () => Promise.reject(new Error('section load failed')));
    const add = createCartAdder({ customerData, document, fetch: (async () => json([])) as typeof fetch, url: '/checkout/cart/add/' });
    await expect(add(event({ id: '42' }))).resolves.toBeUndefined();
  });
});

describe('the component', () => {
  function fakeInit() {
    const calls: { options: WidgetOptions; contexts: ChatContext[]; destroyed: boolean }[] = [];
    const init = (options: WidgetOptions) => {
      const call = { options, contexts: [] as ChatContext[], destroyed: false };
      calls.push(call);
      const host = document.createElement('ai-discovery-widget');
      host.setAttribute('data-ai-discovery', '');
      (options.container ?? document.body).append(host);
      return {
        setContext: (c: ChatContext) => call.contexts.push(c),
        destroy: () => {
          call.destroyed = true;
          host.remove();
        },
      } as unknown as AIDiscoveryWidget;
    };
    return { init, calls };
  }

  function productPage() {
    document.title = 'Clearview Blue Light Glasses';
    document.body.className = 'catalog-product-view';
    document.body.innerHTML = `<h1 class="page-title"><span>Clearview Blue Light Glasses</span></h1>
      <form id="product_addtocart_form"><input name="product" value="42"></form>
      <div id="ai-discovery-widget"></div>`;
    return document.getElementById('ai-discovery-widget')!;
  }

  it('starts the widget in the placeholder with store settings, page, product, cart and customer as context', () => {
    const element = productPage();
    const { init, calls } = fakeInit();
    const customerData = fakeCustomerData({ cart: MAGENTO_CART, customer: { firstname: 'Jane', fullname: 'Jane Doe' } });
    const ready = vi.fn();
    document.addEventListener('ai-discovery:ready', ready, { once: true });
    const component = createComponent({ customerData, init });
    const handle = component({ socketUrl: 'https://chat.example.com', greeting: 'Hi', accentColor: '#eb5202', locale: 'en-US', currency: 'USD', position: 'right' }, element)!;
    expect(calls).toHaveLength(1);
    const { options } = calls[0]!;
    expect(options.container).toBe(element);
    expect(options.socketUrl).toBe('https://chat.example.com');
    expect(options.strings).toEqual({ greeting: 'Hi' });
    expect(options.position).toBe('right');
    expect(options.accentColor).toBe('#eb5202');
    expect(options.accentTextColor).toBe(readableTextOn('#eb5202'));
    expect(options.addToCart).toBeTypeOf('function');
    expect(options.context).toEqual({
      platform: 'magento',
      locale: 'en-US',
      currency: 'USD',
      page: { url: `${location.origin}${location.pathname}`, title: 'Clearview Blue Light Glasses', type: 'product' },
      product: { id: '42', title: 'Clearview Blue Light Glasses' },
      customer: { loggedIn: true, firstName: 'Jane' },
      cart: cartContext(MAGENTO_CART, 'USD'),
    });
    expect(ready).toHaveBeenCalledWith(expect.objectContaining({ detail: handle.widget }));
    handle.destroy();
  });

  it('follows the cart and customer sections, and destroy() drops the subscriptions', () => {
    const element = productPage();
    const { init, calls } = fakeInit();
    const customerData = fakeCustomerData();
    const handle = createComponent({ customerData, init })({ accentColor: '#eb5202' }, element)!;
    expect(calls[0]!.options.context).not.toHaveProperty('cart');
    customerData.set('cart', { summary_count: 1, items: [MAGENTO_CART.items[0]] });
    expect(calls[0]!.contexts.at(-1)).toEqual({ customer: { loggedIn: false }, cart: { itemCount: 1, items: [(cartContext(MAGENTO_CART, undefined)!.items as JsonValue[])[0]!] } });
    customerData.set('customer', { firstname: 'Jane' });
    expect(calls[0]!.contexts.at(-1)!.customer).toEqual({ loggedIn: true, firstName: 'Jane' });

    handle.destroy();
    expect(calls[0]!.destroyed).toBe(true);
    expect(customerData.subscribers('cart') + customerData.subscribers('customer')).toBe(0);
    const before = calls[0]!.contexts.length;
    customerData.set('cart', MAGENTO_CART);
    expect(calls[0]!.contexts).toHaveLength(before);
  });

  it('mounts one widget per page however often it is started', () => {
    const element = productPage();
    const { init, calls } = fakeInit();
    const component = createComponent({ customerData: fakeCustomerData(), init });
    const first = component({}, element);
    expect(component({}, element)).toBeUndefined();
    expect(component({}, false)).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(document.querySelectorAll('[data-ai-discovery]')).toHaveLength(1);
    first!.destroy();
  });
});

describe('accent text colour', () => {
  it('picks white on dark accents and dark text on light ones', () => {
    expect(readableTextOn('#1f4fd1')).toBe('#ffffff');
    expect(readableTextOn('#000000')).toBe('#ffffff');
    expect(readableTextOn('#ffd400')).toBe('#1b1d21');
    expect(readableTextOn('#ffffff')).toBe('#1b1d21');
  });
});
