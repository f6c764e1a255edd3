import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogWebhookHandler } from '../../../src/server/catalog/index';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function endpoint(options: { secret: string | string[]; maxBodyBytes?: number }) {
  const refreshes: number[] = [];
  const handler = catalogWebhookHandler({ refresh: async () => void refreshes.push(1) }, options);
  const server = createServer((req, res) => {
    if (!handler(req, res)) res.writeHead(404).end('next handler');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/catalog/refresh`;
  return { url, refreshes };
}

const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('base64');
const BODY = JSON.stringify({ id: 1001, title: 'Wayfarer' });

describe('catalog webhook', () => {
  it('accepts Shopify and WooCommerce signatures and asks for a refresh', async () => {
    const { url, refreshes } = await endpoint({ secret: ['shopify-secret', 'woo-secret'] });
    const shopify = await fetch(url, { method: 'POST', body: BODY, headers: { 'x-shopify-hmac-sha256': sign(BODY, 'shopify-secret') } });
    expect(shopify.status).toBe(202);
    const woo = await fetch(url, { method: 'POST', body: BODY, headers: { 'x-wc-webhook-signature': sign(BODY, 'woo-secret') } });
    expect(woo.status).toBe(202);
    expect(refreshes).toHaveLength(2);
  });

  it('refuses a wrong, truncated or missing signature, and a signature of another body', async () => {
    const { url, refreshes } = await endpoint({ secret: 'right' });
    const tries: Record<string, string>[] = [
      { 'x-shopify-hmac-sha256': sign(BODY, 'wrong') },
      { 'x-shopify-hmac-sha256': sign(BODY, 'right').slice(0, 20) },
      { 'x-wc-webhook-signature': sign(`${BODY} `, 'right') },
      { 'x-shopify-hmac-sha256': '' },
      {},
    ];
    for (const headers of tries) {
      expect((await fetch(url, { method: 'POST', body: BODY, headers })).status).toBe(401);
    }
    expect(refreshes).toHaveLength(0);
  });

  it('answers WooCommerce\'s unsigned ping without refreshing, GET with 405, other paths not at all', async () => {
    const { url, refreshes } = await endpoint({ secret: 'right' });
    expect((await fetch(url, { method: 'POST', body: 'webhook_id=12', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(200);
    expect((await fetch(url)).status).toBe(405);
    expect(await (await fetch(url.replace('/catalog/refresh', '/elsewhere'))).text()).toBe('next handler');
    expect(refreshes).toHaveLength(0);
  });

  it('refuses an oversized body, declared or streamed, even when signed', async () => {
    const { url, refreshes } = await endpoint({ secret: 'right', maxBodyBytes: 1024 });
    const big = 'x'.repeat(5000);
    expect((await fetch(url, { method: 'POST', body: big, headers: { 'x-shopify-hmac-sha256': sign(big, 'right') } })).status).toBe(413);
    const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
    const chunked = await fetch(url, { method: 'POST', body: stream, duplex: 'half', headers: { 'x-shopify-hmac-sha256': sign(big, 'right') } } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(refreshes).toHaveLength(0);
  });

  it('throws at once without a secret', () => {
    expect(() => catalogWebhookHandler({ refresh: async () => undefined }, { secret: '' })).toThrow(/pass `secret`/);
  });
});
