import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from '@redis/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FACE_ANALYSIS_TEXT, MemorySessionStore, RedisSessionStore, openAiResponder,
  type ChatServerOptions, type OpenAiResponderOptions, type SessionStore,
} from '../../src/server';
import { startRedis, type RedisProcess } from '../support/redis';
import { Recorder, connectedClient, message, startServer, uniqueId, type ClientSocket, type TestServer } from './helpers';
import { Upstream, streamCompletion } from './upstreams';

type Sent = { role: string; content: string }[];

/**
 * The OpenAI-compatible responder sends the session's recent exchanges as chat history, read from
 * the session store, against the local SSE stand-in. Each answer is "answer to <question>", so the
 * history in a request body can be read back exactly.
 */
describe('openAiResponder chat history', () => {
  let upstream: Upstream;
  let base: string;
  let redis: RedisProcess;
  let redisClient: RedisClientType;
  const servers: TestServer[] = [];
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    redisClient = createClient({ url: redis.url }) as RedisClientType;
    redisClient.on('error', () => undefined);
    await redisClient.connect();
  });
  afterAll(async () => {
    redisClient?.destroy();
    await redis?.stop();
  });
  beforeEach(async () => {
    upstream = new Upstream();
    upstream.handle = (seen, response) => {
      const messages = seen.body.messages as Sent;
      return streamCompletion(response, ['answer to ', messages.at(-1)!.content]);
    };
    base = await upstream.start();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    for (const t of servers.splice(0)) await t.server.close();
    await upstream.close();
  });

  async function server(store: SessionStore, extra: Partial<OpenAiResponderOptions> = {}, options: ChatServerOptions = {}) {
    const t = await startServer({ store, respond: openAiResponder({ baseUrl: `${base}/v1`, model: 'm', ...extra }), ...options });
    servers.push(t);
    return t;
  }

  async function shopper(t: TestServer, sessionId: string) {
    const socket = await connectedClient(t.url, sessionId);
    sockets.push(socket);
    const recorder = new Recorder(socket);
    return async (text: string) => {
      const m = message(sessionId, text);
      expect(await socket.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id });
      return recorder.responseTo(m.id);
    };
  }

  /** What the request for the n-th question carried between the system messages and the question. */
  const historyOf = (n: number): Sent => (upstream.seen[n]!.body.messages as Sent).filter((x) => x.role !== 'system').slice(0, -1);

  it('sends earlier questions and answers as user and assistant turns, oldest first', async () => {
    const t = await server(new MemorySessionStore());
    const ask = await shopper(t, uniqueId('s'));
    await ask('round frames?');
    await ask('in black?');
    expect((await ask('under $100?')).response).toBe('answer to under $100?');
    expect(historyOf(0)).toEqual([]);
    expect(historyOf(1)).toEqual([{ role: 'user', content: 'round frames?' }, { role: 'assistant', content: 'answer to round frames?' }]);
    expect(historyOf(2)).toEqual([
      { role: 'user', content: 'round frames?' }, { role: 'assistant', content: 'answer to round frames?' },
      { role: 'user', content: 'in black?' }, { role: 'assistant', content: 'answer to in black?' },
    ]);
    // Another session's history is its own.
    const other = await shopper(t, uniqueId('s'));
    await other('hello');
    expect(historyOf(3)).toEqual([]);
  });

  it('bounds the history by turns and by characters, keeping the most recent and starting with a question', async () => {
    const t = await server(new MemorySessionStore(), { historyTurns: 3 });
    const ask = await shopper(t, uniqueId('s'));
    for (const q of ['q1', 'q2', 'q3']) await ask(q);
    // Three turns would start with an answer: that one is dropped.
    expect(historyOf(2)).toEqual([{ role: 'user', content: 'q2' }, { role: 'assistant', content: 'answer to q2' }]);

    const tight = await server(new MemorySessionStore(), { historyChars: 30 });
    const askTight = await shopper(tight, uniqueId('s'));
    for (const q of ['first question', 'second', 'third']) await askTight(q);
    // 'second' + 'answer to second' = 22 characters fit in 30; the turns before them do not.
    expect(historyOf(5)).toEqual([{ role: 'user', content: 'second' }, { role: 'assistant', content: 'answer to second' }]);

    const none = await server(new MemorySessionStore(), { historyTurns: 0 });
    const askNone = await shopper(none, uniqueId('s'));
    await askNone('a');
    await askNone('b');
    expect(historyOf(7)).toEqual([]);
  });

  it('keeps what the store keeps: its maxTurns and maxTurnLength', async () => {
    const t = await server(new MemorySessionStore({ maxTurns: 2, maxTurnLength: 12 }));
    const ask = await shopper(t, uniqueId('s'));
    await ask('a long first question');
    await ask('b');
    expect(historyOf(1)).toEqual([{ role: 'user', content: 'a long first' }, { role: 'assistant', content: 'answer to a ' }]);
  });

  it('shares the history between processes through Redis, within the same bounds', async () => {
    const keyPrefix = `t${randomUUID().slice(0, 8)}:`;
    const store = () => new RedisSessionStore({ client: redisClient, keyPrefix, maxTurns: 2, maxTurnLength: 12 });
    const [a, b] = [await server(store()), await server(store())];
    const sessionId = uniqueId('s');
    const onA = await shopper(a, sessionId);
    const onB = await shopper(b, sessionId);
    await onA('a long first question');
    await onB('second');
    await onA('third');
    expect(historyOf(1)).toEqual([{ role: 'user', content: 'a long first' }, { role: 'assistant', content: 'answer to a ' }]);
    expect(historyOf(2)).toEqual([{ role: 'user', content: 'second' }, { role: 'assistant', content: 'answer to se' }]);
  });

  it('keeps failed answers out, and never logs the history', async () => {
    let fail = false;
    upstream.handle = (seen, response) => {
      if (fail) return void response.writeHead(503).end();
      return streamCompletion(response, ['answer to ', (seen.body.messages as Sent).at(-1)!.content]);
    };
    const t = await server(new MemorySessionStore());
    const ask = await shopper(t, uniqueId('s'));
    await ask('secret-question-one');
    fail = true;
    expect((await ask('secret-question-two')).error?.code).toBe('unavailable');
    fail = false;
    await ask('secret-question-three');
    expect(historyOf(2).map((x) => x.content)).toEqual(['secret-question-one', 'answer to secret-question-one']);
    expect(JSON.stringify(t.logs)).not.toMatch(/secret-question/);
    expect(t.errors).toEqual([]);
  });

  it('gives a face analysis its neutral text in the history, never the attributes', async () => {
    const t = await server(new MemorySessionStore());
    const sessionId = uniqueId('s');
    const ask = await shopper(t, sessionId);
    const socket = sockets.at(-1)!;
    const id = uniqueId('f');
    await socket.emitWithAck('face-analysis', { id, sessionId, attributes: { faceShape: 'oblong', confidence: 0.9, quality: 'good' } });
    await new Recorder(socket).responseTo(id);
    await ask('and sunglasses?');
    const [question, answer] = historyOf(1);
    expect(question).toEqual({ role: 'user', content: FACE_ANALYSIS_TEXT });
    // The answer echoes what the model was asked, which was the sentence: the answer is all that is kept.
    expect(answer?.role).toBe('assistant');
  });
});
