import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatResponse, ProductsBlock } from '../../../src/protocol';
import { chatServerOptionsFromEnv, createConnector, type ChatServerOptions } from '../../../src/server';
import { Recorder, connectedClient, message, startServer, uniqueId, type ClientSocket, type TestServer } from '../helpers';
import { Upstream, streamCompletion, streamToolCalls } from '../upstreams';
import { notFound, standIns, type StandInAnswer, type StandInRequest } from './stand-in';

const SECRET = 'webhook-secret-for-tests';

/** A small store in Shopify's /products.json shape, written for these tests. */
function shopifyProduct(id: number, title: string, type: string, variants: { id: number; color: string; price: string; available?: boolean }[]) {
  return {
    id, title, handle: title.toLowerCase().replace(/\W+/g, '-'), body_html: `<p>${title}, made to last.</p>`, vendor: 'Trailhead', product_type: type, tags: [],
    options: [{ name: 'Color', position: 1 }],
    variants: variants.map((v) => ({ id: v.id, title: v.color, option1: v.color, option2: null, option3: null, price: v.price, compare_at_price: null, available: v.available ?? true, sku: `SKU-${v.id}` })),
    images: [{ src: `https://cdn.trailhead.example/${id}.jpg` }],
  };
}

const FIRST = [
  shopifyProduct(1, 'Ridge Trail Running Shoes', 'Running Shoes', [{ id: 11, color: 'Blue', price: '95.00' }, { id: 12, color: 'Red', price: '89.00' }]),
  shopifyProduct(2, 'Summit Wool Beanie', 'Hats', [{ id: 21, color: 'Grey', price: '25.00' }]),
  shopifyProduct(3, 'Storm Rain Jacket', 'Jackets', [{ id: 31, color: 'Yellow', price: '149.00' }]),
];
const SECOND = [...FIRST, shopifyProduct(4, 'Merino Hiking Socks', 'Socks', [{ id: 41, color: 'Green', price: '18.00' }])];

function storeRoute(products: () => unknown[] | 'fail') {
  return (request: StandInRequest): StandInAnswer => {
    if (request.path !== '/products.json') return notFound;
    const list = products();
    if (list === 'fail') return { status: 500, body: 'oops' };
    return { body: JSON.stringify({ products: request.query.get('page') === '1' ? list : [] }) };
  };
}

describe('createChatServer({ catalog }): answers from the store\'s own catalog', () => {
  const standIn = standIns();
  const servers: TestServer[] = [];
  const sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await Promise.all(servers.splice(0).map((t) => t.server.close()));
  });

  async function serve(options: ChatServerOptions) {
    const t = await startServer(options);
    servers.push(t);
    const sessionId = uniqueId('s');
    const socket = await connectedClient(t.url, sessionId);
    sockets.push(socket);
    const recorder = new Recorder(socket);
    const ask = async (text: string): Promise<ChatResponse> => {
      const m = message(sessionId, text);
      await socket.emitWithAck('chat-message', m);
      return recorder.responseTo(m.id);
    };
    return { t, ask };
  }
  const cards = (r: ChatResponse) => (r.blocks?.find((b) => b.type === 'products') as ProductsBlock | undefined)?.items ?? [];
  const metric = async (url: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await (await fetch(`${url}/metrics`)).text())?.[1]);

  it('syncs before ready, answers with the store\'s variant cards and absolute URLs, and refreshes on a signed webhook', async () => {
    let products: unknown[] = FIRST;
    const store = await standIn(storeRoute(() => products));
    const { t, ask } = await serve({ catalog: { connector: createConnector({ format: 'shopify', url: store.url, currency: 'EUR' }), refreshMs: false, webhookSecret: SECRET }, respond: undefined });

    expect(t.logs.find((l) => l.event === 'catalog_loaded')).toMatchObject({ products: 3 });
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    expect(await metric(t.url, 'aidw_catalog_products')).toBe(3);

    const red = await ask('red running shoes');
    expect(cards(red)[0]).toMatchObject({ id: '1', variantId: '12', price: { amount: 89, currency: 'EUR' }, url: expect.stringMatching(/^https?:\/\/127\.0\.0\.1:\d+\/products\/ridge-trail-running-shoes/) });
    expect(cards(red)[0]?.image?.url).toBe('https://cdn.trailhead.example/1.jpg');
    expect(cards(await ask('socks'))).toEqual([]);

    products = SECOND;
    const body = JSON.stringify({ id: 4, title: 'Merino Hiking Socks' });
    const sign = (secret: string) => createHmac('sha256', secret).update(body).digest('base64');
    expect((await fetch(`${t.url}/catalog/refresh`, { method: 'POST', body, headers: { 'x-shopify-hmac-sha256': sign('wrong-secret-entirely') } })).status).toBe(401);
    expect((await fetch(`${t.url}/catalog/refresh`, { method: 'POST', body, headers: { 'x-shopify-hmac-sha256': sign(SECRET) } })).status).toBe(202);
    await expect.poll(() => metric(t.url, 'aidw_catalog_products'), { timeout: 10_000 }).toBe(4);
    expect(cards(await ask('merino socks'))[0]).toMatchObject({ id: '4', title: 'Merino Hiking Socks' });
  });

  it('starts when the store fails, says so in /readyz and /metrics, and answers without inventing products', async () => {
    const store = await standIn(storeRoute(() => 'fail'));
    const { t, ask } = await serve({ catalog: { connector: createConnector({ format: 'shopify', url: store.url, currency: 'EUR' }), refreshMs: false } });
    expect((await fetch(`${t.url}/readyz`)).status).toBe(503);
    expect(await metric(t.url, 'aidw_catalog_products')).toBe(0);
    expect(await metric(t.url, 'aidw_catalog_last_sync_failed')).toBe(1);
    expect(t.logs.some((l) => l.event === 'catalog_sync_failed')).toBe(true);
    const answer = await ask('red running shoes');
    expect(answer.success).toBe(true);
    expect(cards(answer)).toEqual([]);
    // No webhook secret, no refresh endpoint.
    expect((await fetch(`${t.url}/catalog/refresh`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('from the environment: the model searches the store\'s catalog through search_products, and the cards are the store\'s', async () => {
    const store = await standIn(storeRoute(() => FIRST));
    const model = new Upstream();
    const base = await model.start();
    try {
      model.handle = (seen, response) => {
        const messages = seen.body.messages as { role: string }[];
        if (!messages.some((m) => m.role === 'tool')) return streamToolCalls(response, [{ id: 'c1', name: 'search_products', arguments: '{"query":"running shoes","max_price":90}' }]);
        return streamCompletion(response, ['The red pair is within budget.']);
      };
      const fromEnv = chatServerOptionsFromEnv({
        CATALOG_URL: store.url, CATALOG_FORMAT: 'shopify', CATALOG_CURRENCY: 'EUR', CATALOG_REFRESH_MS: 'off', CATALOG_MAX_RESULTS: '2',
        OPENAI_MODEL: 'test-model', OPENAI_BASE_URL: `${base}/v1`, OPENAI_API_KEY: 'sk-test',
      });
      const { port: _port, ...options } = fromEnv;
      const { ask } = await serve(options);
      const answer = await ask('running shoes under 90 euros');
      expect(answer.response).toBe('The red pair is within budget.');
      expect(cards(answer).map((c) => [c.id, c.variantId])).toEqual([['1', '12']]);
      const tools = model.seen[0]!.body.tools as { function: { name: string } }[];
      expect(tools.map((x) => x.function.name)).toEqual(['search_products']);
      const toolAnswer = (model.seen[1]!.body.messages as { role: string; content: string }[]).find((m) => m.role === 'tool')!.content;
      expect(toolAnswer).toContain('Ridge Trail Running Shoes (Red) | 89 EUR | in stock');
    } finally {
      await model.close();
    }
  });
});
