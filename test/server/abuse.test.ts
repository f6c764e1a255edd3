import { describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import type { ChatServerOptions, Responder } from '../../src/server';
import { Recorder, connected, connectedClient, fixed, message, rejected, uniqueId, type ClientSocket, type LooseSocket, serverHarness } from './helpers';

describe('abuse resistance', () => {
  const h = serverHarness();

  const setup = (options: ChatServerOptions = {}) => h.start(options);

  function open(origin: string | undefined, transport: 'websocket' | 'polling' = 'websocket'): ClientSocket {
    const socket: ClientSocket = connectClient(h.t!.url, {
      auth: { sessionId: uniqueId('s'), client: 'test' },
      transports: [transport],
      reconnection: false,
      forceNew: true,
      extraHeaders: origin === undefined ? {} : { origin },
    });
    h.sockets.push(socket);
    return socket;
  }

  it('lets only allowed pages connect: listed origins, its own origin, and requests without Origin', async () => {
    await setup({ allowedOrigins: ['https://shop.example'] });
    for (const transport of ['websocket', 'polling'] as const) {
      await rejected(open('https://evil.example', transport));
      await connected(open('https://shop.example', transport));
      await connected(open('HTTPS://SHOP.EXAMPLE:443', transport));
      await connected(open(h.t!.url, transport));
      await connected(open(undefined, transport));
    }
    await rejected(open('null'));
    expect(h.t!.logs.filter((l) => l.event === 'origin_refused').map((l) => l.origin)).toEqual(['https://evil.example', 'https://evil.example', 'null']);
  });

  it('allows only same-origin pages by default, and the cors origins when cors is set', async () => {
    await setup();
    await rejected(open('https://shop.example'));
    await connected(open(h.t!.url));
    await h.t!.server.close();
    await setup({ cors: { origin: ['https://shop.example'] } });
    await connected(open('https://shop.example'));
    await rejected(open('https://evil.example'));
  });

  it('refuses a disallowed page on the HTTP API with 403 before its message reaches the responder', async () => {
    const asked: string[] = [];
    await setup({ allowedOrigins: ['https://shop.example'], respond: (m) => (asked.push(m.text), Promise.resolve({ response: 'ok' })) });
    const post = (origin: string) => fetch(`${h.t!.url}/api/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(message(uniqueId('s'), `from ${origin}`)),
    });
    const evil = await post('https://evil.example');
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await post('https://shop.example')).status).toBe(200);
    expect(asked).toEqual(['from https://shop.example']);
  });

  it('limits open connections per client address, and counts closed ones out', async () => {
    await setup({ maxConnectionsPerIp: 3 });
    const three = [0, 1, 2].map(() => open(undefined));
    await Promise.all(three.map(connected));
    await rejected(open(undefined));
    expect(h.t!.logs.some((l) => l.event === 'connection_limit' && l.address === '127.0.0.1')).toBe(true);
    const closed = three[0]!;
    closed.disconnect();
    // The engine counts the socket out when its transport has closed, a moment after disconnect().
    let again: ClientSocket;
    for (let attempt = 0; ; attempt++) {
      again = open(undefined);
      const ok = await connected(again).then(() => true, () => false);
      if (ok || attempt > 50) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(again.connected).toBe(true);
  });

  it('limits a flood of 1,000 messages from one socket while another shopper is answered', async () => {
    const respond: Responder = async function* (m) {
      yield `re: ${m.text}`;
    };
    await setup({ respond });
    const floodSession = uniqueId('flood');
    const flooder = await connectedClient(h.t!.url, floodSession);
    h.sockets.push(flooder);
    const shopperSession = uniqueId('shopper');
    const shopper = await connectedClient(h.t!.url, shopperSession);
    h.sockets.push(shopper);
    const recorder = new Recorder(shopper);

    const started = performance.now();
    const acks = Array.from({ length: 1000 }, (_, i) => flooder.emitWithAck('chat-message', message(floodSession, `flood ${i}`)));
    const asked = message(shopperSession, 'red shoes please');
    const sentAt = performance.now();
    expect(await shopper.emitWithAck('chat-message', asked)).toEqual({ ok: true, id: asked.id });
    const answer = await recorder.responseTo(asked.id);
    const latencyMs = performance.now() - sentAt;
    const results = await Promise.all(acks);
    const floodMs = performance.now() - started;

    expect(answer).toMatchObject({ success: true, response: 're: red shoes please' });
    const limited = results.filter((a) => !a.ok && a.error.code === 'rate_limited');
    const accepted = results.filter((a) => a.ok);
    expect(limited.length + accepted.length).toBe(1000);
    expect(limited.length).toBeGreaterThan(900);
    for (const a of limited) expect(a.ok ? 0 : a.error.retryAfterMs).toBeGreaterThan(0);
    // Only the first refusal of the flood is logged.
    expect(h.t!.logs.filter((l) => l.event === 'rate_limited')).toHaveLength(1);
    console.log(`[flood] ${limited.length} of 1000 rate_limited, ${accepted.length} accepted, acks in ${floodMs.toFixed(0)} ms; the other shopper's answer in ${latencyMs.toFixed(1)} ms`);
  });

  it('limits one session across its h.sockets and the HTTP API, with Retry-After', async () => {
    await setup({ respond: fixed('ok'), rateLimit: { perSession: { burst: 2, perSecond: 0.5 } } });
    const sessionId = uniqueId('s');
    const a = await connectedClient(h.t!.url, sessionId);
    const b = await connectedClient(h.t!.url, sessionId);
    h.sockets.push(a, b);
    expect((await a.emitWithAck('chat-message', message(sessionId, 'one'))).ok).toBe(true);
    expect((await b.emitWithAck('chat-message', message(sessionId, 'two'))).ok).toBe(true);
    const third = message(sessionId, 'three');
    expect(await a.emitWithAck('chat-message', third)).toMatchObject({ ok: false, id: third.id, error: { code: 'rate_limited' } });
    const http = await fetch(`${h.t!.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message(sessionId, 'four')) });
    expect(http.status).toBe(429);
    expect(Number(http.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another session is not affected.
    const other = uniqueId('s');
    const c = await connectedClient(h.t!.url, other);
    h.sockets.push(c);
    expect((await c.emitWithAck('chat-message', message(other, 'hi'))).ok).toBe(true);
  });

  it('gives hostile payloads the right code on every event, pollutes nothing, and keeps serving', async () => {
    await setup({ respond: fixed('fine') });
    const sessionId = uniqueId('s');
    const socket = await connectedClient(h.t!.url, sessionId);
    h.sockets.push(socket);
    const recorder = new Recorder(socket);
    const loose = socket as unknown as LooseSocket;
    const withContext = (context: string) => JSON.parse(`{"id":"m-${uniqueId('x')}","sessionId":"${sessionId}","text":"hi","sentAt":1,"context":${context}}`);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 50; i++) deep = { d: deep };
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));

    const cases: [event: string, payload: unknown, code: string][] = [
      ['chat-message', withContext('{"__proto__":{"polluted":true}}'), 'invalid'],
      ['chat-message', withContext('{"constructor":{"prototype":{"polluted":true}}}'), 'invalid'],
      ['chat-message', withContext('{"a":{"prototype":{"polluted":true}}}'), 'invalid'],
      ['chat-message', { ...message(sessionId, 'x'), context: { product: deep } }, 'invalid'],
      ['chat-message', { ...message(sessionId, 'x'), context: { product: wide } }, 'invalid'],
      ['chat-message', { ...message(sessionId, 'x'), context: { blob: 'y'.repeat(9000) } }, 'too_large'],
      ['chat-message', { ...message(sessionId, 'x'), sentAt: 'yesterday' }, 'invalid'],
      ['chat-message', { ...message(sessionId, 'x'), text: ['a'] }, 'invalid'],
      ['context-update', JSON.parse(`{"sessionId":"${sessionId}","context":{"__proto__":{"polluted":true}}}`), 'invalid'],
      ['context-update', { sessionId, context: deep }, 'invalid'],
      ['session-sync', { sessionId, afterSeq: '0' }, 'invalid'],
      ['session-sync', { sessionId, afterSeq: -1 }, 'invalid'],
      ['chat-cancel', { sessionId, replyTo: { $ne: null } }, 'invalid'],
    ];
    for (const [event, payload, code] of cases) {
      const ack = await loose.emitWithAck(event, payload);
      expect({ event, ack }).toMatchObject({ event, ack: { ok: false, error: { code } } });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');

    const valid = message(sessionId, 'still there?');
    expect(await socket.emitWithAck('chat-message', valid)).toEqual({ ok: true, id: valid.id });
    expect((await recorder.responseTo(valid.id)).response).toBe('fine');
    expect(h.t!.errors).toEqual([]);
  });

  it('logs decisions as structured entries without the message text, unless asked to', async () => {
    await setup({ respond: fixed('ok') });
    const sessionId = uniqueId('s');
    const socket = await connectedClient(h.t!.url, sessionId);
    h.sockets.push(socket);
    const m = message(sessionId, 'my secret size is 42');
    await socket.emitWithAck('chat-message', m);
    const entry = h.t!.logs.find((l) => l.event === 'message');
    expect(entry).toEqual({ level: 'info', event: 'message', sessionId, messageId: m.id, length: m.text.length, outcome: 'accepted' });
    expect(JSON.stringify(h.t!.logs)).not.toContain('secret');
    await h.t!.server.close();

    await setup({ respond: fixed('ok'), logMessageText: true });
    const again = await connectedClient(h.t!.url, sessionId);
    h.sockets.push(again);
    await again.emitWithAck('chat-message', message(sessionId, 'my secret size is 42'));
    expect(h.t!.logs.find((l) => l.event === 'message')?.text).toBe('my secret size is 42');
  });
});
