import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  UpstreamRefused, catalogResponder, httpResponder, openAiResponder, withCatalogContext, withFallback,
  type ChatServerOptions, type Responder,
} from '../../src/server';
import { Recorder, connectedClient, message, startServer, uniqueId, type ClientSocket, type TestServer } from './helpers';
import { Upstream, streamCompletion } from './upstreams';

describe('responders against local upstreams', () => {
  let upstream: Upstream;
  let base: string;
  let t: TestServer | undefined;
  const sockets: ClientSocket[] = [];

  beforeEach(async () => {
    upstream = new Upstream();
    base = await upstream.start();
  });

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await t?.server.close();
    t = undefined;
    await upstream.close();
  });

  /** A server with `respond`, one connected shopper, and a way to ask it something. */
  async function setup(respond: Responder, options: ChatServerOptions = {}) {
    t = await startServer({ respond, ...options });
    const sessionId = uniqueId('s');
    const socket = await connectedClient(t.url, sessionId);
    sockets.push(socket);
    const recorder = new Recorder(socket);
    const ask = async (text: string) => {
      const m = message(sessionId, text, { context: { locale: 'en-US' } });
      expect(await socket.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id });
      return m;
    };
    return { socket, sessionId, recorder, ask };
  }

  const openAi = (extra: Partial<Parameters<typeof openAiResponder>[0]> = {}) =>
    openAiResponder({ baseUrl: `${base}/v1/`, apiKey: 'sk-test', model: 'test-model', ...extra });

  describe('openAiResponder', () => {
    it('streams SSE deltas as chunks and sends the request OpenAI expects', async () => {
      upstream.handle = (_seen, response) => streamCompletion(response, ['Hello', ' there', ', shopper ', 'é✓']);
      const { recorder, ask } = await setup(openAi({ systemPrompt: 'Be brief.', body: { temperature: 0.2 } }));
      const m = await ask('what do you sell?');
      const response = await recorder.responseTo(m.id);
      expect(response).toMatchObject({ success: true, response: 'Hello there, shopper é✓', provider: 'openai:test-model' });
      expect(recorder.chunks.map((c) => c.delta)).toEqual(['Hello', ' there', ', shopper ', 'é✓']);

      const [request] = upstream.seen;
      expect(request?.path).toBe('/v1/chat/completions');
      expect(request?.headers.authorization).toBe('Bearer sk-test');
      expect(request?.body).toMatchObject({ model: 'test-model', stream: true, temperature: 0.2 });
      const messages = request?.body.messages as { role: string; content: string }[];
      expect(messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
      expect(messages.at(-1)).toEqual({ role: 'user', content: 'what do you sell?' });
      expect(messages.some((x) => x.role === 'system' && x.content.includes('en-US'))).toBe(true);
    });

    it('aborts the upstream request when the shopper cancels mid-stream', async () => {
      upstream.handle = async (seen, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(`data: ${JSON.stringify({ choices: [{ delta: { content: 'Thinking' } }] })}\n\n`);
        await seen.closed; // never finishes on its own
      };
      const { socket, sessionId, recorder, ask } = await setup(openAi());
      const m = await ask('long answer please');
      await recorder.until(() => recorder.chunks[0]);
      expect(await socket.emitWithAck('chat-cancel', { sessionId, replyTo: m.id })).toEqual({ ok: true });
      const response = await recorder.responseTo(m.id);
      expect(response).toMatchObject({ cancelled: true, response: 'Thinking' });
      await upstream.seen[0]!.closed;
      expect(upstream.seen[0]!.abortedEarly).toBe(true);
    });

    it.each([
      [500, {}, 'unavailable', undefined],
      [503, {}, 'unavailable', undefined],
      [429, { 'retry-after': '2' }, 'rate_limited', 2000],
    ])('turns HTTP %i from the upstream into %s', async (status, headers, code, retryAfterMs) => {
      upstream.handle = (_seen, response) => void response.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{"error":{"message":"nope"}}');
      const { recorder, ask } = await setup(openAi());
      const m = await ask('hi');
      const response = await recorder.responseTo(m.id);
      expect(response.error).toEqual(retryAfterMs === undefined ? { code, message: expect.any(String) } : { code, message: expect.any(String), retryAfterMs });
      expect(t!.errors).toEqual([]);
    });

    it('reports a refused request (bad key) to onError and answers internal', async () => {
      upstream.handle = (_seen, response) => void response.writeHead(401).end('{"error":"invalid api key"}');
      const { recorder, ask } = await setup(openAi());
      const response = await recorder.responseTo((await ask('hi')).id);
      expect(response.error?.code).toBe('internal');
      expect(t!.errors[0]?.error).toBeInstanceOf(UpstreamRefused);
      expect(String(t!.errors[0]?.error)).toMatch(/401/);
    });

    it('gives up on an upstream that does not start answering, and hangs up on it', async () => {
      upstream.handle = async (seen) => {
        await seen.closed;
      };
      const { recorder, ask } = await setup(openAi({ timeoutMs: 150 }));
      const response = await recorder.responseTo((await ask('hi')).id);
      expect(response.error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/too long/) });
      await upstream.seen[0]!.closed;
      expect(upstream.seen[0]!.abortedEarly).toBe(true);
    });

    it('ends with unavailable on an error event or garbage mid-stream, keeping what was streamed', async () => {
      upstream.handle = (_seen, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(`data: ${JSON.stringify({ choices: [{ delta: { content: 'Half' } }] })}\n\n`);
        response.end(`data: ${JSON.stringify({ error: { message: 'overloaded' } })}\n\n`);
      };
      const { recorder, ask } = await setup(openAi());
      const response = await recorder.responseTo((await ask('hi')).id);
      expect(response).toMatchObject({ success: false, response: 'Half', error: { code: 'unavailable' } });
    });

    it('cannot be reached: unavailable', async () => {
      await upstream.close();
      const { recorder, ask } = await setup(openAi());
      const response = await recorder.responseTo((await ask('hi')).id);
      expect(response.error?.code).toBe('unavailable');
      upstream = new Upstream();
    });

    it('with catalog context, hands the matching products to the model and appends their cards', async () => {
      upstream.handle = (_seen, response) => streamCompletion(response, ['These blue light glasses are great.']);
      const { recorder, ask } = await setup(withCatalogContext(openAi(), { imageBaseUrl: 'https://cdn.example/img/' }));
      const response = await recorder.responseTo((await ask('blue light glasses')).id);
      const messages = upstream.seen[0]!.body.messages as { role: string; content: string }[];
      const context = messages.find((x) => x.content.startsWith('Context:'))?.content ?? '';
      expect(context).toMatch(/blue light/i);
      const products = response.blocks?.find((b) => b.type === 'products');
      expect(products?.type === 'products' && products.items.length).toBeGreaterThan(0);
      if (products?.type === 'products') {
        for (const item of products.items) expect(context).toContain(item.title);
        expect(products.items[0]?.image?.url).toMatch(/^https:\/\/cdn\.example\/img\//);
      }
      expect(response).toMatchObject({ success: true, response: 'These blue light glasses are great.', provider: 'openai:test-model' });
    });

    it('falls back to the catalog when the model is down before answering', async () => {
      upstream.handle = (_seen, response) => void response.writeHead(502).end();
      const { recorder, ask } = await setup(withFallback(withCatalogContext(openAi()), catalogResponder({ wordDelayMs: 0 })));
      const response = await recorder.responseTo((await ask('blue light glasses')).id);
      expect(response).toMatchObject({ success: true, provider: 'demo-catalog' });
    });
  });

  describe('httpResponder', () => {
    const api = (extra: Partial<Parameters<typeof httpResponder>[0]> = {}) => httpResponder({ url: `${base}/api/chat`, headers: { 'x-store-key': 'k1' }, ...extra });

    it('forwards the message and answers with the unified shape', async () => {
      upstream.handle = (seen, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        success: true, response: `You asked: ${String(seen.body.message)}`, provider: 'store-ai', extra: 'ignored',
        blocks: [{ type: 'quick-replies', options: [{ label: 'More', value: 'more' }] }],
      }));
      const { sessionId, recorder, ask } = await setup(api());
      const m = await ask('red shoes');
      const response = await recorder.responseTo(m.id);
      expect(response).toMatchObject({ success: true, response: 'You asked: red shoes', provider: 'store-ai', blocks: [{ type: 'quick-replies' }] });
      expect(upstream.seen[0]?.body).toMatchObject({ id: m.id, sessionId, text: 'red shoes', message: 'red shoes', context: { locale: 'en-US' } });
      expect(upstream.seen[0]?.headers['x-store-key']).toBe('k1');
    });

    it.each([
      ['success: false', (r: import('node:http').ServerResponse) => void r.writeHead(200, { 'content-type': 'application/json' }).end('{"success":false,"error":"db down at 10.0.0.3"}'), 'unavailable'],
      ['HTTP 500', (r: import('node:http').ServerResponse) => void r.writeHead(500).end('oops'), 'unavailable'],
      ['not JSON', (r: import('node:http').ServerResponse) => void r.writeHead(200, { 'content-type': 'text/html' }).end('<html>'), 'unavailable'],
      ['no response text', (r: import('node:http').ServerResponse) => void r.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}'), 'unavailable'],
      ['HTTP 429', (r: import('node:http').ServerResponse) => void r.writeHead(429, { 'retry-after': '3' }).end(), 'rate_limited'],
    ])('answers %s as %s without leaking the upstream text', async (_name, write, code) => {
      upstream.handle = (_seen, response) => write(response);
      const { recorder, ask } = await setup(api());
      const response = await recorder.responseTo((await ask('hi')).id);
      expect(response.error?.code).toBe(code);
      expect(JSON.stringify(response)).not.toMatch(/10\.0\.0\.3|oops|127\.0\.0\.1/);
    });

    it('times out a slow upstream and hangs up on it', async () => {
      upstream.handle = async (seen) => {
        await seen.closed;
      };
      const { recorder, ask } = await setup(api({ timeoutMs: 150 }));
      const response = await recorder.responseTo((await ask('hi')).id);
      expect(response.error).toMatchObject({ code: 'unavailable' });
      await upstream.seen[0]!.closed;
      expect(upstream.seen[0]!.abortedEarly).toBe(true);
    });
  });
});
