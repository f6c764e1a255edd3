import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CART_UPDATED, CartError, ShopifyCart, type CartContext } from '../../../adapters/shopify/embed/cart';
import { readConfig } from '../../../adapters/shopify/embed/config';
import { blockSettings, readSchema, shopifyLiquid } from '../../../examples/shopify/theme/shopify-liquid.mjs';

/*
 * The theme app extension without a browser: its Liquid block rendered by the real liquidjs engine
 * (Shopify's own filters `json`, `asset_url`, `t` and the `{% schema %}` tag are stand-ins from
 * examples/shopify/theme/shopify-liquid.mjs: Shopify cannot run here), the configuration the
 * embed reads from it, and the cart against a recorded fetch standing in for the Ajax Cart API.
 */

const EXTENSION = 'adapters/shopify/extension';
const BLOCK = readFileSync(join(EXTENSION, 'blocks/ai-discovery.liquid'), 'utf8');
const STOREFRONT = JSON.parse(readFileSync(join(EXTENSION, 'locales/en.default.json'), 'utf8')) as Record<string, unknown>;
const SCHEMA_LOCALE = JSON.parse(readFileSync(join(EXTENSION, 'locales/en.default.schema.json'), 'utf8')) as Record<string, unknown>;

const lookup = (tree: unknown, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);

const localeFiles = (schema: boolean) => readdirSync(join(EXTENSION, 'locales')).filter((f) => f.includes('.schema.') === schema).sort();
const readLocale = (file: string) => JSON.parse(readFileSync(join(EXTENSION, 'locales', file), 'utf8')) as Record<string, unknown>;
/** Dotted paths of every string in a locale file, sorted. */
const leafKeys = (tree: unknown, prefix = ''): string[] =>
  Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : leafKeys(value, `${prefix}${key}.`))).sort();

/** Liquid objects of a product page for a signed-in shopper. */
const PAGE = {
  shop: { permanent_domain: 'lumen.myshopify.com', currency: 'USD' },
  request: { locale: { iso_code: 'fr' }, page_type: 'product' },
  routes: { root_url: '/fr' },
  cart: { item_count: 2, total_price: 17800, currency: { iso_code: 'EUR' } },
  customer: { id: 6_123_456_789 },
  product: { id: 8_000_000_001, handle: 'aviator', title: 'Aviator "Gold" <Sunglasses>', selected_or_first_available_variant: { id: 44_000_000_000_001 } },
};

async function render(settings: Record<string, unknown>, page: object = PAGE) {
  const engine = shopifyLiquid({ assetBase: 'https://cdn.example/extensions/1/assets/', translations: STOREFRONT });
  return engine.parseAndRender(BLOCK, { ...page, block: { settings: blockSettings(BLOCK, settings) } });
}

function configElement(html: string): { src: string; json: string } {
  const match = /<script type="application\/json" data-ai-discovery-config data-src="([^"]*)">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error(`no configuration element in:\n${html}`);
  return { src: match[1]!, json: match[2]! };
}

describe('the app embed block', () => {
  it('is an app embed for the body with the merchant settings, all labels translated', () => {
    const schema = readSchema(BLOCK);
    expect(schema.target).toBe('body');
    expect(schema.javascript).toBe('ai-discovery-embed.js');
    expect(schema.settings!.map((s) => s.id)).toEqual(['server_url', 'accent_color', 'accent_text_color', 'title', 'greeting', 'position']);
    const keys = schema.settings!.flatMap((s) => [s.label, ...(s.options ?? []).map((o) => o.label)]).filter((l) => l.startsWith('t:'));
    expect(keys.length).toBeGreaterThan(6);
    for (const key of keys) expect(typeof lookup(SCHEMA_LOCALE, key.slice(2)), key).toBe('string');
    for (const match of BLOCK.matchAll(/'([\w.]+)' \| t\b/g)) expect(typeof lookup(STOREFRONT, match[1]!), match[1]).toBe('string');
    // Every storefront locale has the same keys as the default one.
    for (const file of localeFiles(false)) expect(leafKeys(readLocale(file)), file).toEqual(leafKeys(STOREFRONT));
  });

  it('has the settings translated into German, Spanish and French: every t: key of the schema, and no other', () => {
    const schema = readSchema(BLOCK);
    const keys = schema.settings!.flatMap((s) => [s.label, (s as { info?: string }).info, ...(s.options ?? []).map((o) => o.label)]).filter((l): l is string => l?.startsWith('t:') ?? false).map((k) => k.slice(2));
    expect(keys).toContain('settings.server_url.info');
    expect(localeFiles(true)).toEqual(['de.schema.json', 'en.default.schema.json', 'es.schema.json', 'fr.schema.json']);
    for (const file of localeFiles(true)) {
      const locale = readLocale(file);
      for (const key of keys) expect(typeof lookup(locale, key), `${file}: ${key}`).toBe('string');
      expect(leafKeys(locale), file).toEqual(keys.sort());
      if (!file.startsWith('en.')) expect(lookup(locale, 'settings.server_url.label'), file).not.toBe(lookup(SCHEMA_LOCALE, 'settings.server_url.label'));
    }
    expect(localeFiles(false)).toEqual(['de.json', 'en.default.json', 'es.json', 'fr.json']);
  });

  it('renders nothing until the merchant sets the chat server URL', async () => {
    expect((await render({})).trim()).toBe('');
  });

  it('in the theme editor, shows the merchant a notice on the page while the URL is missing or not https', async () => {
    const editor = { ...PAGE, request: { ...PAGE.request, design_mode: true } };
    const notice = (html: string) => /<div data-ai-discovery-editor-notice role="status"[^>]*>([^<]*)<\/div>/.exec(html)?.[1];
    const editorText = STOREFRONT.ai_discovery as { editor: { no_server: string; not_https: string } };
    expect(notice(await render({}, editor))).toBe(editorText.editor.no_server.replaceAll("'", '&#39;'));
    for (const url of ['http://chat.example.com', 'chat.example.com', ' HTTP://chat.example.com']) {
      const html = await render({ server_url: url }, editor);
      expect(notice(html), url).toBe(editorText.editor.not_https);
      // The configuration still renders, so the console names the problem too.
      expect(configElement(html).json).toContain('socketUrl');
    }
    expect(notice(await render({ server_url: ' HTTPS://chat.example.com' }, editor))).toBeUndefined();
    // Shoppers never see it, whatever the URL.
    for (const url of ['', 'http://chat.example.com']) expect(await render({ server_url: url })).not.toContain('data-ai-discovery-editor-notice');
  });

  it('passes shop, locale, currency, customer and product from Liquid, and the bundle beside it', async () => {
    const html = await render({ server_url: 'https://chat.example.com', greeting: 'Bonjour !', position: 'left' });
    const { src, json } = configElement(html);
    expect(src).toBe('https://cdn.example/extensions/1/assets/ai-discovery.js');
    const config = readConfig(json);
    expect(config.socketUrl).toBe('https://chat.example.com');
    expect(config.strings).toEqual({ greeting: 'Bonjour !' });
    expect(config.look).toEqual({ position: 'left', accentColor: '#1f4fd1', accentTextColor: '#ffffff' });
    expect(config.root).toBe('/fr/');
    expect(config.context).toEqual({
      platform: 'shopify',
      shop: 'lumen.myshopify.com',
      locale: 'fr',
      currency: 'EUR',
      customerId: '6123456789',
      page: { type: 'product' },
      product: { id: '8000000001', title: 'Aviator "Gold" <Sunglasses>', variantId: '44000000000001' },
      productHandle: 'aviator',
      cart: { itemCount: 2, total: { amount: 178, currency: 'EUR' }, items: [] },
    });
    expect(config.messages.offline).toMatch(/reach the store/);
  });

  it('a guest on a page without a product gets neither, and the shop currency without a cart one', async () => {
    const page = { ...PAGE, customer: null, product: null, cart: { item_count: 0, total_price: 0, currency: {} } };
    const config = readConfig(configElement(await render({ server_url: 'https://chat.example.com' }, page)).json);
    expect(config.context).not.toHaveProperty('customerId');
    expect(config.context).not.toHaveProperty('product');
    expect(config.context.currency).toBe('USD');
  });

  it('keeps hostile setting values inside their JSON strings and attributes', async () => {
    const hostile = '</script><script>alert(1)</script><!--';
    const html = await render({ server_url: 'https://chat.example.com', greeting: hostile, title: '"><img src=x onerror=alert(1)>' });
    // One script element for the configuration, closed where the block closes it.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    const config = readConfig(configElement(html).json);
    expect(config.strings).toEqual({ greeting: hostile, title: '"><img src=x onerror=alert(1)>' });
  });

  it('refuses a server URL that is not http(s), saying which setting to fix', async () => {
    const { json } = configElement(await render({ server_url: 'javascript:alert(1)' }));
    expect(() => readConfig(json)).toThrow(/Chat server URL/);
  });

  it('passes only real colours and positions on to the widget', async () => {
    const html = await render({ server_url: 'https://chat.example.com', accent_color: 'url(https://evil.example/x)', accent_text_color: 'rgba(255, 255, 255, 0.9)', position: 'top' });
    expect(readConfig(configElement(html).json).look).toEqual({ accentTextColor: 'rgba(255, 255, 255, 0.9)' });
  });
});

/** A recorded fetch answering like Shopify's Ajax Cart API. */
function ajaxApi(answer: (url: string, init: RequestInit | undefined) => Response | Promise<Response>) {
  const calls: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, method: init?.method ?? 'GET', headers: (init?.headers ?? {}) as Record<string, string>, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    return answer(url, init);
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const CART = { item_count: 1, total_price: 8900, currency: 'USD', items: [{ variant_id: 44012345690001, quantity: 1 }] };
const MESSAGES = { offline: 'Could not reach the store.', noVariant: 'Choose options first.' };

function cartWith(fetch: typeof globalThis.fetch) {
  const target = new EventTarget();
  const events: unknown[] = [];
  const contexts: CartContext[] = [];
  target.addEventListener(CART_UPDATED, (e) => events.push((e as CustomEvent).detail));
  const cart = new ShopifyCart({ root: '/fr/', fetch, target, messages: MESSAGES, onCart: (c) => contexts.push(c) });
  return { cart, events, contexts };
}

describe('the cart through the Ajax Cart API', () => {
  it('posts the documented request, then reads cart.js, dispatches the event and updates the context', async () => {
    const api = ajaxApi((url) => (url.endsWith('add.js') ? json(200, { items: [{ id: 44012345690001, quantity: 1 }] }) : json(200, CART)));
    const { cart, events, contexts } = cartWith(api.fetch);
    await cart.add('44012345690001', 1);
    expect(api.calls[0]).toEqual({ url: '/fr/cart/add.js', method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: { items: [{ id: 44012345690001, quantity: 1 }] } });
    expect(api.calls[1]).toMatchObject({ url: '/fr/cart.js', method: 'GET' });
    expect(events).toEqual([{ cart: CART, items: [{ id: 44012345690001, quantity: 1 }] }]);
    expect(contexts).toEqual([{ itemCount: 1, total: { amount: 89, currency: 'USD' }, items: [{ variantId: '44012345690001', quantity: 1 }] }]);
  });

  it('reduces a Storefront API variant GID to the number the Ajax API takes', async () => {
    const api = ajaxApi((url) => (url.endsWith('add.js') ? json(200, { items: [] }) : json(200, CART)));
    await cartWith(api.fetch).cart.add('gid://shopify/ProductVariant/44012345690002', 2);
    expect(api.calls[0]!.body).toEqual({ items: [{ id: 44012345690002, quantity: 2 }] });
  });

  it('rejects a sold-out add with Shopify\'s own words, and fires no event', async () => {
    const api = ajaxApi(() => json(422, { status: 422, message: 'Cart Error', description: 'All 3 Velocity Red Running Shoes are in your cart.' }));
    const { cart, events } = cartWith(api.fetch);
    const error = await cart.add('44012345690001', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CartError);
    expect(error).toMatchObject({ code: 'sold_out', status: 422, message: 'All 3 Velocity Red Running Shoes are in your cart.' });
    expect(api.calls).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('leaves the widget\'s own text for a refusal without a reason, and ours for a network failure or a missing variant', async () => {
    const refused = await cartWith(ajaxApi(() => new Response('oops', { status: 500 })).fetch).cart.add('1', 1).catch((e: CartError) => e);
    expect(refused).toMatchObject({ code: 'refused', status: 500, message: '' });
    const offline = await cartWith(ajaxApi(() => Promise.reject(new TypeError('Failed to fetch'))).fetch).cart.add('1', 1).catch((e: CartError) => e);
    expect(offline).toMatchObject({ code: 'offline', message: 'Could not reach the store.' });
    const api = ajaxApi(() => json(200, {}));
    const missing = await cartWith(api.fetch).cart.add(undefined, 1).catch((e: CartError) => e);
    expect(missing).toMatchObject({ code: 'no_variant', message: 'Choose options first.' });
    expect(api.calls).toEqual([]);
  });

  it('still resolves and dispatches when cart.js cannot be read after a successful add', async () => {
    const api = ajaxApi((url) => (url.endsWith('add.js') ? json(200, { items: [] }) : new Response('', { status: 503 })));
    const { cart, events, contexts } = cartWith(api.fetch);
    await expect(cart.add('1', 1)).resolves.toBeNull();
    expect(events).toEqual([{ cart: null, items: [] }]);
    expect(contexts).toEqual([]);
  });
});
