import { describe, expect, it } from 'vitest';
import type { ChatServerOptions } from '../../src/server';
import { fixed, message, serverHarness, uniqueId } from './helpers';

interface Reply {
  status: number;
  retryAfter: string | null;
  body: string;
}

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
});

describe('per-address limit on HTTP requests other than messages', () => {
  const h = serverHarness();

  async function setup(options: ChatServerOptions = {}) {
    const t = await h.start({ respond: fixed('ok'), rateLimit: { perIp: { burst: 3, perSecond: 0.01 } }, ...options });
    return { t, sync: `${t.url}/api/chat/sync`, api: `${t.url}/api/chat`, sessionId: uniqueId('s') };
  }

  it('refuses syncs past the burst with 429, rate_limited and Retry-After, logging the flood once', async () => {
    const { t, sync, sessionId } = await setup();
    for (let i = 0; i < 3; i++) expect((await call(sync, json({ sessionId, afterSeq: 0 }))).status).toBe(200);
    const refused = await call(sync, json({ sessionId, afterSeq: 0 }));
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    const body = JSON.parse(refused.body);
    expect(body).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterMs: expect.any(Number) } });
    expect(Number(refused.retryAfter)).toBe(Math.ceil(body.error.retryAfterMs / 1000));
    await call(sync, json({ sessionId, afterSeq: 0 }));
    expect(t.logs.filter((e) => e.event === 'rate_limited' && e.scope === 'ip')).toHaveLength(1);
    expect(t.logs.filter((e) => e.event === 'refused' && e.scope === 'ip')).toHaveLength(2);
    const metrics = await call(`${t.url}/metrics`);
    expect(metrics.status).toBe(429);
  });

  it('charges preflights, wrong methods, /readyz and /metrics to the same bucket, but never /healthz or messages', async () => {
    const { t, api, sessionId } = await setup();
    expect((await call(api, { method: 'OPTIONS' })).status).toBe(204);
    expect((await call(api, { method: 'GET' })).status).toBe(405);
    expect((await call(`${t.url}/readyz`)).status).toBe(200);
    expect((await call(`${t.url}/metrics`)).status).toBe(429);
    expect((await call(`${t.url}/readyz`)).status).toBe(429);
    expect((await call(api, { method: 'OPTIONS' })).status).toBe(429);
    for (let i = 0; i < 5; i++) expect((await call(`${t.url}/healthz`)).status).toBe(200);
    // Messages are limited per session instead: still answered while this address is refused.
    for (let i = 0; i < 3; i++) {
      const reply = await call(api, json(message(sessionId, `hello ${i}`)));
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ success: true, response: 'ok' });
    }
  });

  it('keeps one bucket per address: with trustProxy, the address the proxy appended', async () => {
    const { sync, sessionId } = await setup({ trustProxy: true });
    const from = (address: string) => json({ sessionId, afterSeq: 0 }, { 'x-forwarded-for': `10.9.9.9, ${address}` });
    for (let i = 0; i < 3; i++) expect((await call(sync, from('203.0.113.1'))).status).toBe(200);
    expect((await call(sync, from('203.0.113.1'))).status).toBe(429);
    expect((await call(sync, from('203.0.113.2'))).status).toBe(200);
  });

  it('without trustProxy, ignores X-Forwarded-For (a client could write anything there)', async () => {
    const { sync, sessionId } = await setup();
    for (let i = 0; i < 3; i++) await call(sync, json({ sessionId, afterSeq: 0 }, { 'x-forwarded-for': `198.51.100.${i}` }));
    expect((await call(sync, json({ sessionId, afterSeq: 0 }, { 'x-forwarded-for': '198.51.100.99' }))).status).toBe(429);
  });

  it('lets the address in again once the bucket has refilled', async () => {
    const { sync, sessionId } = await setup({ rateLimit: { perIp: { burst: 1, perSecond: 20 } } });
    expect((await call(sync, json({ sessionId, afterSeq: 0 }))).status).toBe(200);
    const refused = await call(sync, json({ sessionId, afterSeq: 0 }));
    expect(refused.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, JSON.parse(refused.body).error.retryAfterMs + 20));
    expect((await call(sync, json({ sessionId, afterSeq: 0 }))).status).toBe(200);
  });

  it('is off with rateLimit: false', async () => {
    const { t, sync, sessionId } = await setup({ rateLimit: false });
    for (let i = 0; i < 100; i++) expect((await call(sync, json({ sessionId, afterSeq: 0 }))).status).toBe(200);
    expect((await call(`${t.url}/metrics`)).status).toBe(200);
  });

  it('defaults to 60 requests at once from one address', async () => {
    const t = await h.start();
    // The bucket refills at 10 a second while the requests run, so only bounds are certain.
    const statuses = await Promise.all(Array.from({ length: 120 }, () => call(`${t.url}/readyz`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(60);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
  });
});
