import { describe, expect, it } from 'vitest';
import { StoreApiCart, StoreApiError } from '../../../adapters/woocommerce/src/store-api-cart';
import { readConfig } from '../../../adapters/woocommerce/src/config';

/*
 * The plugin script's Store API client with a scripted fetch: the exact request, the nonce
 * bookkeeping and the error mapping. The browser test drives the same code against the stand-in
 * Store API in Chromium.
 */

const URL_ = 'https://shop.example/wp-json/wc/store/v1/cart/add-item';

interface Sent {
  url: string;
  init: RequestInit;
}

function scripted(...answers: (Response | Error)[]) {
  const sent: Sent[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error('no more answers scripted');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof fetch;
  return { sent, fetchFn };
}

const json = (status: number, body: unknown, nonce?: string) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...(nonce ? { Nonce: nonce } : {}) } });

const CART = {
  items: [{ key: 'k1', id: 17, quantity: 2, name: 'Beanie &amp; Co' }],
  items_count: 2,
  totals: { total_price: '3700', currency_code: 'EUR', currency_minor_unit: 2 },
};

// Stands in for the browser's DOMParser: entities to text, enough for these messages.
const plainText = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('StoreApiCart', () => {
  it('POSTs { id, quantity } as JSON with the Nonce header and the cookie session, and summarises the cart', async () => {
    const { sent, fetchFn } = scripted(json(201, CART, 'n2'));
    const cart = new StoreApiCart(URL_, 'n1', fetchFn, plainText);
    expect(await cart.addItem(17, 2)).toEqual({ count: 2, items: [{ id: '17', title: 'Beanie & Co', quantity: 2 }], total: { amount: 37, currency: 'EUR' } });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe(URL_);
    expect(sent[0]!.init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{"id":17,"quantity":2}' });
    expect(sent[0]!.init.headers).toEqual({ 'Content-Type': 'application/json', Accept: 'application/json', Nonce: 'n1' });
  });

  it('keeps the nonce each answer carries for the next request', async () => {
    const { sent, fetchFn } = scripted(json(201, CART, 'n2'), json(201, CART, 'n3'), json(201, CART));
    const cart = new StoreApiCart(URL_, 'n1', fetchFn, plainText);
    await cart.addItem(1, 1);
    await cart.addItem(2, 1);
    await cart.addItem(3, 1);
    expect(sent.map((s) => (s.init.headers as Record<string, string>).Nonce)).toEqual(['n1', 'n2', 'n3']);
  });

  it('retries once with the fresh nonce a 403 invalid-nonce answer carries, and only once', async () => {
    const invalid = (nonce: string) => json(403, { code: 'woocommerce_rest_invalid_nonce', message: 'Nonce is invalid.', data: { status: 403 } }, nonce);
    const ok = scripted(invalid('fresh'), json(201, CART, 'fresh'));
    expect(await new StoreApiCart(URL_, 'stale', ok.fetchFn, plainText).addItem(17, 1)).toMatchObject({ count: 2 });
    expect(ok.sent.map((s) => (s.init.headers as Record<string, string>).Nonce)).toEqual(['stale', 'fresh']);

    const twice = scripted(invalid('a'), invalid('b'), json(201, CART));
    const error = await new StoreApiCart(URL_, 'stale', twice.fetchFn, plainText).addItem(17, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreApiError);
    expect(error).toMatchObject({ code: 'woocommerce_rest_invalid_nonce', status: 403, message: 'Nonce is invalid.' });
    expect(twice.sent).toHaveLength(2);

    // No fresh nonce in the answer: nothing to retry with.
    const bare = scripted(json(401, { code: 'woocommerce_rest_missing_nonce', message: 'Missing the Nonce header.' }));
    await expect(new StoreApiCart(URL_, 'x', bare.fetchFn, plainText).addItem(17, 1)).rejects.toMatchObject({ code: 'woocommerce_rest_missing_nonce', status: 401 });
    expect(bare.sent).toHaveLength(1);
  });

  it('rejects with the Store API\'s own message as plain text, and never retries a stock refusal', async () => {
    for (const [status, code] of [[400, 'woocommerce_rest_product_out_of_stock'], [409, 'woocommerce_rest_cart_error'], [403, 'woocommerce_rest_cart_not_purchasable']] as const) {
      const { sent, fetchFn } = scripted(json(status, { code, message: 'You cannot add &quot;Beanie&quot; to the cart because the product is out of stock.', data: { status } }, 'newer'));
      const error = await new StoreApiCart(URL_, 'n', fetchFn, plainText).addItem(5, 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreApiError);
      expect(error).toMatchObject({ code, status, message: 'You cannot add "Beanie" to the cart because the product is out of stock.' });
      expect(sent).toHaveLength(1);
    }
  });

  it('turns network failures and non-JSON answers into errors with no message (the widget shows its own)', async () => {
    const offline = scripted(new TypeError('Failed to fetch'));
    await expect(new StoreApiCart(URL_, 'n', offline.fetchFn, plainText).addItem(5, 1)).rejects.toMatchObject({ code: 'network', status: 0, message: '' });
    const proxy = scripted(new Response('<html>502 Bad Gateway</html>', { status: 502 }));
    await expect(new StoreApiCart(URL_, 'n', proxy.fetchFn, plainText).addItem(5, 1)).rejects.toMatchObject({ code: 'http_error', status: 502, message: '' });
  });

  it('resolves undefined for a success whose body is not a cart it understands', async () => {
    const { fetchFn } = scripted(json(201, { something: 'else' }));
    expect(await new StoreApiCart(URL_, 'n', fetchFn, plainText).addItem(5, 1)).toBeUndefined();
  });
});

describe('readConfig', () => {
  const base = { socketUrl: 'https://chat.example.com', addItemUrl: URL_, nonce: 'n' };

  it('needs the server, the add-item route and the nonce', () => {
    expect(readConfig(undefined)).toBeUndefined();
    expect(readConfig({ ...base, nonce: '' })).toBeUndefined();
    expect(readConfig({ ...base, addItemUrl: 42 })).toBeUndefined();
    expect(readConfig(base)).toMatchObject({ ...base, position: 'right', context: { platform: 'woocommerce' } });
  });

  it('drops malformed colours and positions instead of passing them on', () => {
    expect(readConfig({ ...base, accent: 'red;}', accentText: '#fff', position: 'top' })).toMatchObject({ accent: undefined, accentText: '#fff', position: 'right' });
    expect(readConfig({ ...base, strings: { greeting: 'Hi' }, context: { locale: 'de-DE', platform: 'other' } })).toMatchObject({ greeting: 'Hi', context: { locale: 'de-DE', platform: 'woocommerce' } });
    expect(readConfig({ ...base, context: [] })?.context).toEqual({ platform: 'woocommerce' });
  });
});
