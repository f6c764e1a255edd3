import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createClient, type RedisClientType } from '@redis/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatResponse, ChatResponseChunk } from '../../src/protocol';
import { startRedis, type RedisProcess } from '../support/redis';
import { TcpProxy } from '../support/tcp-proxy';
import { BinProcess } from './bin-process';
import { Recorder, connectedClient, message, uniqueId, type ClientSocket } from './helpers';
import { Upstream, streamCompletion, type SeenRequest } from './upstreams';
import { WidgetModel } from './widget-model';

const LEASE_MS = 1000;

/**
 * The hard kill: server processes (bin/ai-discovery-server.mjs, from dist/) on one real Redis,
 * answering through an OpenAI-compatible stand-in that tells them apart by API key. A acknowledges
 * a message, starts streaming its answer, and is killed with SIGKILL before the answer is stored.
 * The widget moves to B (through a TCP proxy standing in for the balancer); once A's answer lease
 * has run out, B takes the message over and answers it: one complete answer, never two.
 */
describe('a server killed mid-answer', () => {
  let redis: RedisProcess;
  let admin: RedisClientType;
  let upstream: Upstream;
  let base: string;
  const cleanup: (() => unknown)[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    admin = createClient({ url: redis.url }) as RedisClientType;
    admin.on('error', () => undefined);
    await admin.connect();
  });
  afterAll(async () => {
    admin?.destroy();
    await redis?.stop();
  });
  beforeEach(async () => {
    upstream = new Upstream();
    // A starts its answer and then hangs (it is about to die); the others answer at once.
    upstream.handle = async (seen, response) => {
      if (keyOf(seen) === 'A') return hangAfter(response, 'Half an answ', seen);
      return streamCompletion(response, ['A whole ', 'answer from ', keyOf(seen)]);
    };
    base = await upstream.start();
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    await upstream.close();
  });

  const keyOf = (seen: SeenRequest) => String(seen.headers.authorization).replace('Bearer sk-', '');
  const questionOf = (seen: SeenRequest) => (seen.body.messages as { content: string }[]).at(-1)!.content;
  const asked = (name: string, question: string) => upstream.seen.filter((s) => keyOf(s) === name && questionOf(s) === question).length;

  async function hangAfter(response: ServerResponse, text: string, seen: SeenRequest): Promise<void> {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(`data: ${JSON.stringify({ choices: [{ delta: { content: text } }] })}\n\n`);
    await seen.closed;
  }

  async function server(name: string, keyPrefix: string): Promise<BinProcess & { url: string; port: number }> {
    const p = BinProcess.start({
      PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', REDIS_URL: redis.url, REDIS_KEY_PREFIX: keyPrefix, ANSWER_LEASE_MS: String(LEASE_MS),
      OPENAI_BASE_URL: `${base}/v1`, OPENAI_MODEL: 'test-model', OPENAI_API_KEY: `sk-${name}`, SHUTDOWN_GRACE_MS: '2000',
    });
    cleanup.push(() => p.kill());
    const url = await p.listening();
    return Object.assign(p, { url, port: Number(new URL(url).port) });
  }

  async function leasesLeft(keyPrefix: string, sessionId: string): Promise<number> {
    return admin.hLen(`${keyPrefix}{${sessionId}}:l`);
  }

  it('B answers the message A acknowledged and died answering: once, complete, in order', async () => {
    const keyPrefix = `t${randomUUID().slice(0, 8)}:`;
    const a = await server('A', keyPrefix);
    const b = await server('B', keyPrefix);
    const proxy = await TcpProxy.start(a.port);
    cleanup.push(() => proxy.close());
    const sessionId = uniqueId('s');
    const widget = new WidgetModel(proxy.url, sessionId);
    cleanup.push(() => widget.close());
    await widget.connected();
    const chunks: ChatResponseChunk[] = [];
    widget.socket.on('chat-response-chunk', (chunk) => chunks.push(chunk));

    const first = uniqueId('m');
    expect(await widget.send(first, 'which frames suit me?')).toEqual({ ok: true, id: first });
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (chunks.some((c) => c.replyTo === first)) resolve();
        if (a.child.exitCode !== null) reject(new Error('A exited'));
      }, 10);
      cleanup.push(() => clearInterval(check));
    });
    expect(await leasesLeft(keyPrefix, sessionId)).toBe(1);

    // The balancer sends the widget to B; A dies without storing its answer.
    proxy.retarget(b.port);
    a.kill();
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const answer = await widget.responseTo(first);
    expect(answer).toMatchObject({ success: true, seq: 1, replyTo: first, response: 'A whole answer from B', provider: 'openai:test-model' });
    // B streamed it too, under the final response's id; A's half-stream had another id.
    expect(chunks.filter((c) => c.id === answer.id).map((c) => c.delta).join('')).toBe(answer.response);
    expect(chunks.filter((c) => c.replyTo === first && c.id !== answer.id).map((c) => c.delta)).toEqual(['Half an answ']);
    expect(b.lines.filter((l) => l.event === 'takeover')).toEqual([expect.objectContaining({ sessionId, messageId: first })]);
    expect(await leasesLeft(keyPrefix, sessionId)).toBe(0);

    // The conversation goes on from there; the first message is asked once of each model, ever.
    const second = uniqueId('m');
    expect(await widget.send(second, 'and sunglasses?')).toEqual({ ok: true, id: second });
    expect(await widget.responseTo(second)).toMatchObject({ seq: 2, response: 'A whole answer from B' });
    expect(await widget.send(first, 'which frames suit me?')).toEqual({ ok: true, id: first, duplicate: true });
    const third = uniqueId('m');
    await widget.send(third, 'thanks');
    await widget.responseTo(third);
    expect(asked('A', 'which frames suit me?')).toBe(1);
    expect(asked('B', 'which frames suit me?')).toBe(1);
    const rendered = [...widget.rendered.values()];
    expect(rendered.map((r) => [r.seq, r.replyTo])).toEqual([[1, first], [2, second], [3, third]]);
    expect(widget.duplicates()).toEqual([]);
    const sync = await widget.socket.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
    expect(sync.ok && sync.responses).toEqual(rendered);

    b.child.kill('SIGTERM');
    expect(await b.exited).toEqual({ code: 0, signal: null });
    expect(b.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('when several processes see the orphan at once, exactly one answers it', async () => {
    const keyPrefix = `t${randomUUID().slice(0, 8)}:`;
    const a = await server('A', keyPrefix);
    const others = [await server('B', keyPrefix), await server('C', keyPrefix), await server('D', keyPrefix)];
    const sessionId = uniqueId('s');
    const onA = await connectedClient(a.url, sessionId);
    cleanup.push(() => onA.disconnect());
    const seenOnA = new Recorder(onA);
    const tabs: { socket: ClientSocket; seen: Recorder }[] = [];
    for (const p of others) {
      const socket = await connectedClient(p.url, sessionId);
      cleanup.push(() => socket.disconnect());
      tabs.push({ socket, seen: new Recorder(socket) });
    }
    const m = message(sessionId, 'race me');
    expect(await onA.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id });
    await seenOnA.until(() => seenOnA.chunks[0]);
    a.kill();
    await a.exited;
    // Every tab syncs, on its own process, at once: each process looks again at the lease's expiry.
    await Promise.all(tabs.map(({ socket }) => socket.emitWithAck('session-sync', { sessionId, afterSeq: 0 })));
    const answers: ChatResponse[] = await Promise.all(tabs.map(({ seen }) => seen.responseTo(m.id)));
    expect(new Set(answers.map((r) => r.id)).size).toBe(1);
    expect(answers[0]).toMatchObject({ success: true, seq: 1 });
    expect(await leasesLeft(keyPrefix, sessionId)).toBe(0);
    // Once answered, nothing is left to take: syncing again anywhere, past another lease lifetime, changes nothing.
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 200));
    for (const { socket } of tabs) {
      const sync = await socket.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
      expect(sync.ok && sync.responses.map((r) => r.id)).toEqual([answers[0]!.id]);
    }
    for (const { seen } of tabs) expect(seen.responses.filter((r) => r.replyTo === m.id)).toHaveLength(1);
    expect(others.flatMap((p) => p.lines.filter((l) => l.event === 'takeover'))).toHaveLength(1);
    expect(['B', 'C', 'D'].map((name) => asked(name, 'race me')).reduce((x, y) => x + y, 0)).toBe(1);
  });
});
