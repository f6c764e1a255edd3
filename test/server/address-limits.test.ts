import { describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import type { ChatResponse, MessageAck } from '../../src/protocol';
import { MemorySessionStore, type ChatServerOptions, type Responder } from '../../src/server';
import { connected, message, rejected, serverHarness, uniqueId, type ClientSocket } from './helpers';

interface Posted {
  status: number;
  retryAfter: string | null;
  body: { ok?: boolean; error?: { code: string; retryAfterMs?: number } } & Partial<ChatResponse>;
}

/** A responder that counts what it was asked, per message id. */
function counting(): { respond: Responder; asked: string[] } {
  const asked: string[] = [];
  return { asked, respond: async (m) => (asked.push(m.id), { response: `re: ${m.text}` }) };
}

describe('per-address limits: sessions and messages one machine may cause', () => {
  const h = serverHarness();

  async function post(path: string, body: unknown, address?: string): Promise<Posted> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (address !== undefined) headers['x-forwarded-for'] = address;
    const response = await fetch(`${h.t!.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
  }

  function open(sessionId: string, address?: string): ClientSocket {
    const socket: ClientSocket = connectClient(h.t!.url, {
      auth: { sessionId, client: 'test' }, transports: ['websocket'], reconnection: false, forceNew: true,
      extraHeaders: address === undefined ? {} : { 'x-forwarded-for': address },
    });
    h.sockets.push(socket);
    return socket;
  }

  it('refuses an HTTP flood of fresh session ids from one address past 30 new sessions, with 429 (the defaults)', async () => {
    const { respond, asked } = counting();
    await h.start({ respond, trustProxy: true });
    const statuses: number[] = [];
    // 200 posts, 20 at a time, each from a session nobody used before.
    for (let round = 0; round < 10; round++) {
      const replies = await Promise.all(Array.from({ length: 20 }, () => post('/api/chat', message(uniqueId('flood'), 'hi'), '203.0.113.9')));
      for (const reply of replies) {
        statuses.push(reply.status);
        if (reply.status === 429) {
          expect(reply.body.error).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
          expect(Number(reply.retryAfter)).toBeGreaterThanOrEqual(1);
        }
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(170);
    expect(asked).toHaveLength(30);
    // Another address is not affected, and the flooder's own sessions still work.
    expect((await post('/api/chat', message(uniqueId('s'), 'hello'), '203.0.113.10')).status).toBe(200);
    expect(h.t!.logs.filter((l) => l.event === 'refused' && l.scope === 'sessions')).toHaveLength(170);
  });

  it('counts a session once per address however often it reconnects, and refuses the handshake past the bound', async () => {
    await h.start({ rateLimit: { sessionsPerIp: { max: 3, windowMs: 60_000 } } });
    const sessions = [uniqueId('s'), uniqueId('s'), uniqueId('s')];
    const first = sessions.map((s) => open(s));
    await Promise.all(first.map(connected));
    const refusal = await rejected(open(uniqueId('s')));
    expect(refusal.data).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
    for (const socket of first) socket.disconnect();
    // Reconnecting to the sessions this address opened is free.
    await Promise.all(sessions.map((s) => connected(open(s))));
    // And so is an HTTP message to one of them, while a new session over HTTP is refused too.
    expect((await post('/api/chat', message(sessions[0]!, 'over http'))).status).toBe(200);
    expect((await post('/api/chat', message(uniqueId('s'), 'new'))).status).toBe(429);
  });

  it('limits the messages of one address across its sessions, sockets and the HTTP API', async () => {
    const { respond, asked } = counting();
    const options: ChatServerOptions = { respond, trustProxy: true, rateLimit: { messagesPerIp: { burst: 4, perSecond: 0.01 } } };
    await h.start(options);
    const address = '198.51.100.20';
    const acks: MessageAck[] = [];
    // Four sessions on four sockets, one message each: the address's whole burst.
    for (let i = 0; i < 4; i++) {
      const sessionId = uniqueId('s');
      const socket = open(sessionId, address);
      await connected(socket);
      acks.push(await socket.emitWithAck('chat-message', message(sessionId, `socket ${i}`)));
    }
    expect(acks.every((a) => a.ok)).toBe(true);
    const sessionId = uniqueId('s');
    const fifth = open(sessionId, address);
    await connected(fifth);
    const refused = message(sessionId, 'one too many');
    expect(await fifth.emitWithAck('chat-message', refused)).toMatchObject({ ok: false, id: refused.id, error: { code: 'rate_limited', retryAfterMs: expect.any(Number) } });
    const overHttp = await post('/api/chat', message(uniqueId('s'), 'and over http'), address);
    expect(overHttp.status).toBe(429);
    expect(overHttp.body.error?.code).toBe('rate_limited');
    expect(asked).toHaveLength(4);
    // The flood is logged once; another address still gets answers.
    expect(h.t!.logs.filter((l) => l.event === 'rate_limited' && l.scope === 'ip')).toHaveLength(1);
    expect((await post('/api/chat', message(uniqueId('s'), 'elsewhere'), '198.51.100.21')).status).toBe(200);
  });

  it('keeps a real shopper\'s history and answered ids through a flood of new sessions that fills the store', async () => {
    const { respond, asked } = counting();
    await h.start({ respond, trustProxy: true, store: new MemorySessionStore({ maxSessions: 20 }) });
    const shopper = uniqueId('shopper');
    const question = message(shopper, 'red shoes');
    const answered = await post('/api/chat', question, '192.0.2.1');
    expect(answered.status).toBe(200);

    // Each flooding session from its own address, so only the store's bound is in the way.
    const flood = await Promise.all(Array.from({ length: 200 }, (_, i) => post('/api/chat', message(uniqueId('flood'), 'x'), `10.0.${i >> 8}.${i & 255}`)));
    const busy = flood.filter((r) => r.status === 503);
    expect(flood.filter((r) => r.status === 200)).toHaveLength(19);
    expect(busy).toHaveLength(181);
    for (const reply of busy) expect(reply.body.error).toMatchObject({ code: 'unavailable', retryAfterMs: expect.any(Number) });
    expect(h.t!.errors).toEqual([]);

    const synced = await post('/api/chat/sync', { sessionId: shopper, afterSeq: 0 }, '192.0.2.1');
    expect(synced.body).toMatchObject({ ok: true, responses: [{ id: answered.body.id, replyTo: question.id }] });
    // Resent over a socket: a duplicate, never answered again.
    const socket = open(shopper, '192.0.2.1');
    await connected(socket);
    expect(await socket.emitWithAck('chat-message', question)).toEqual({ ok: true, id: question.id, duplicate: true });
    // Resent over HTTP: the same response, not a new one.
    const again = await post('/api/chat', question, '192.0.2.1');
    expect(again.body.id).toBe(answered.body.id);
    expect(asked.filter((id) => id === question.id)).toHaveLength(1);
  });
});
