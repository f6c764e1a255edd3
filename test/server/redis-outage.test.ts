import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Responder } from '../../src/server';
import { startRedis, type RedisProcess } from '../support/redis';
import { sleep, waitFor } from '../support/wait';
import { Recorder, connectedClient, gate, message, startServer, uniqueId, type ClientSocket, type TestServer } from './helpers';

/**
 * A short Redis outage with the append-only file kept (a crash and restart, a fail-over): answers
 * the server could not store while Redis was away must still reach the shoppers who were told
 * their messages were accepted, live, on the sockets that stayed connected.
 */
describe('a Redis outage in the middle of an answer', () => {
  let redis: RedisProcess;
  let t: TestServer | undefined;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await t?.server.close();
    t = undefined;
  });

  it('stores the acknowledged answers once Redis is back and sends them live, without a session-sync', async () => {
    const hold = gate();
    const asked: string[] = [];
    const respond: Responder = async function* (m) {
      asked.push(m.id);
      yield `About ${m.text}: `;
      await hold.promise;
      yield 'here it is';
    };
    t = await startServer({ redis: { url: redis.url, keyPrefix: `t${uniqueId('p').slice(-8)}:` }, respond });
    const sessionId = uniqueId('s');
    const socket = await connectedClient(t.url, sessionId);
    sockets.push(socket);
    let disconnects = 0;
    socket.on('disconnect', () => disconnects++);
    const recorder = new Recorder(socket);

    const messages = ['glasses', 'lipstick', 'a scarf'].map((text) => message(sessionId, text));
    for (const m of messages) expect(await socket.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id });
    // The first answer is streaming; the other two wait behind it, acknowledged.
    await recorder.until(() => recorder.chunks.find((c) => c.replyTo === messages[0]!.id));

    await redis.kill();
    hold.open();
    // The first answer is complete now, and cannot be stored.
    await waitFor(() => t!.errors.find((e) => e.where.startsWith('storing a response')), 'a failed attempt to store the answer');
    await sleep(2000);
    await redis.restart();

    const answers = [];
    for (const m of messages) answers.push(await recorder.until(() => recorder.responses.find((r) => r.replyTo === m.id), 30_000));
    expect(answers.map((a) => [a.success, a.seq, a.response])).toEqual([
      [true, 1, 'About glasses: here it is'], [true, 2, 'About lipstick: here it is'], [true, 3, 'About a scarf: here it is'],
    ]);
    // Each question was put to the responder once, and the socket never dropped.
    expect(asked).toEqual(messages.map((m) => m.id));
    expect(socket.connected).toBe(true);
    expect(disconnects).toBe(0);
    // What was sent live is what a later session-sync returns.
    const sync = await socket.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
    expect(sync).toMatchObject({ ok: true, responses: answers.map((a) => ({ id: a.id, seq: a.seq })) });
  }, 60_000);
});
