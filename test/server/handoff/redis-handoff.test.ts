import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary, HandoffState, TranscriptEntry } from '../../../src/protocol/handoff';
import type { AgentTyping, ChatResponse } from '../../../src/protocol';
import { RedisConversationStore, type ConversationRecord, type ConversationStore } from '../../../src/server';
import { startRedis, type RedisProcess } from '../../support/redis';
import { gate, uniqueId } from '../helpers';
import { deskHarness, echoResponder } from './desk-harness';

/**
 * Two chat servers on one real Redis, each with its own Redis connections and Socket.IO adapter
 * (as two processes would have), and a server restarted on the same Redis.
 */
describe('hand-off across processes and restarts, on Redis', () => {
  const h = deskHarness();
  let redis: RedisProcess;
  const clients: RedisClientType[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    for (const client of clients) await client.close();
    await redis?.stop();
  });

  async function pair(stores?: [ConversationStore, ConversationStore]) {
    const keyPrefix = `t${randomUUID().slice(0, 8)}:`;
    const { respond, calls } = echoResponder();
    const options = { redis: { url: redis.url, keyPrefix }, respond };
    const a = await h.server(options, stores ? { store: stores[0] } : {});
    const b = await h.server(options, stores ? { store: stores[1] } : {});
    return { a, b, keyPrefix, calls };
  }

  async function redisClient(): Promise<RedisClientType> {
    const client = createClient({ url: redis.url }) as RedisClientType;
    await client.connect();
    clients.push(client);
    return client;
  }

  it('carries a conversation between a shopper on A and an operator on B, both ways', async () => {
    const { a, b, calls } = await pair();
    const shopper = await h.shopper(a.url);
    const op = await h.operator(b.url, h.tokens.issue('Ana').token);
    await shopper.request();
    await op.events.until<ConversationSummary>('conversation-updated', (s) => s.sessionId === shopper.sessionId && s.mode === 'waiting');

    expect(await op.socket.emitWithAck('claim', { sessionId: shopper.sessionId })).toMatchObject({ ok: true });
    await shopper.events.until<HandoffState>('handoff-state', (s) => s.mode === 'operator');
    op.socket.emit('typing', { sessionId: shopper.sessionId, typing: true });
    await shopper.recorder.until(() => shopper.recorder.typing.find((n: AgentTyping) => n.author !== undefined));
    const id = uniqueId('r');
    expect(await op.socket.emitWithAck('reply', { id, sessionId: shopper.sessionId, text: 'From B' })).toEqual({ ok: true, id, seq: 2 });
    expect(await shopper.recorder.until(() => shopper.recorder.responses.find((r: ChatResponse) => r.id === id))).toMatchObject({ seq: 2, author: { name: 'Ana' } });

    const message = uniqueId('m');
    expect(await shopper.say('From A', message)).toEqual({ ok: true, id: message, awaiting: 'operator' });
    const entry = await op.events.until<{ entry: TranscriptEntry }>('conversation-entry', (e) => e.entry.kind === 'shopper');
    expect(entry.entry).toMatchObject({ id: message, text: 'From A' });
    shopper.socket.emit('typing', { sessionId: shopper.sessionId, typing: true });
    await op.events.until('shopper-typing');
    expect(calls).toHaveLength(0);
  });

  it('lets exactly one of two operators on two processes win a claim made at the same moment', async () => {
    // Both claims read the conversation before either writes: the writes are held until both are in.
    const [ca, cb] = [await redisClient(), await redisClient()];
    const keyPrefix = `t${randomUUID().slice(0, 8)}:`;
    const held = { armed: false, waiting: 0, release: gate() };
    const barrier = (store: RedisConversationStore): ConversationStore => ({
      read: (sessionId) => store.read(sessionId),
      appendEntry: (sessionId, key, entry) => store.appendEntry(sessionId, key, entry),
      entries: (sessionId, limit) => store.entries(sessionId, limit),
      list: (limit) => store.list(limit),
      async write(next: ConversationRecord) {
        if (held.armed && next.mode === 'operator') {
          if (++held.waiting === 2) held.release.open();
          await held.release.promise;
        }
        return store.write(next);
      },
    });
    const { respond } = echoResponder();
    const a = await h.server({ redis: { url: redis.url, keyPrefix }, respond }, { store: barrier(new RedisConversationStore({ client: ca, keyPrefix })) });
    const b = await h.server({ redis: { url: redis.url, keyPrefix }, respond }, { store: barrier(new RedisConversationStore({ client: cb, keyPrefix })) });
    const shopper = await h.shopper(a.url);
    await shopper.request();
    const ana = await h.operator(a.url, h.tokens.issue('Ana').token);
    const bo = await h.operator(b.url, h.tokens.issue('Bo').token);
    held.armed = true;
    const acks = await Promise.all([ana, bo].map((op) => op.socket.emitWithAck('claim', { sessionId: shopper.sessionId })));
    expect(held.waiting).toBe(2);
    expect(acks.filter((ack) => ack.ok)).toHaveLength(1);
    expect(acks.filter((ack) => !ack.ok)).toEqual([{ ok: false, error: expect.objectContaining({ code: 'unauthorized' }) }]);
    const winner = acks.find((ack) => ack.ok)!.summary.assignee;
    const list = await bo.socket.emitWithAck('inbox-list', {});
    expect(list.conversations[0]).toMatchObject({ mode: 'operator', assignee: winner });
  });

  it('keeps modes, claims and transcripts when the server restarts on the same Redis', async () => {
    const keyPrefix = `t${randomUUID().slice(0, 8)}:`;
    const options = { redis: { url: redis.url, keyPrefix }, respond: echoResponder().respond };
    const first = await h.server(options, {});
    const shopper = await h.shopper(first.url);
    const asked = uniqueId('m');
    await shopper.say('talk to a human please', asked);
    await shopper.recorder.responseTo(asked);
    const ana = h.tokens.issue('Ana');
    const op = await h.operator(first.url, ana.token);
    await op.socket.emitWithAck('claim', { sessionId: shopper.sessionId });
    await op.socket.emitWithAck('reply', { id: uniqueId('r'), sessionId: shopper.sessionId, text: 'Hello from Ana' });
    await shopper.say('my order number is 1234');
    const before = await op.socket.emitWithAck('conversation-open', { sessionId: shopper.sessionId });
    await first.server.close();

    const second = await h.server(options, {});
    const again = await h.operator(second.url, ana.token);
    const after = await again.socket.emitWithAck('conversation-open', { sessionId: shopper.sessionId });
    expect(after.conversation.entries).toEqual(before.conversation.entries);
    expect(after.conversation.summary).toMatchObject({ mode: 'operator', assignee: 'op:ana', unread: before.conversation.summary.unread });
    expect(after.conversation.entries.map((e: TranscriptEntry) => (e.kind === 'event' ? e.event : e.kind))).toEqual(['handoff', 'shopper', 'assistant', 'claimed', 'operator', 'shopper']);

    const back = await h.shopper(second.url, shopper.sessionId);
    const sync = await back.socket.emitWithAck('session-sync', { sessionId: shopper.sessionId, afterSeq: 0 });
    expect(sync).toMatchObject({ ok: true, handoff: { mode: 'operator', operator: { name: 'Ana' } } });
    expect(sync.ok && sync.responses.map((r: ChatResponse) => r.provider)).toEqual(['handoff', 'operator']);
    const next = uniqueId('m');
    expect(await back.say('still there?', next)).toEqual({ ok: true, id: next, awaiting: 'operator' });
    const id = uniqueId('r');
    expect(await again.socket.emitWithAck('reply', { id, sessionId: shopper.sessionId, text: 'Yes' })).toEqual({ ok: true, id, seq: 3 });
  });
});
