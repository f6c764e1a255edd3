import { createServer } from 'node:net';
import { createClient, type RedisClientType } from '@redis/client';
import { Adapter } from 'socket.io-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySessionStore, RedisPersistenceError, createChatServer, type LogEntry } from '../../src/server';
import { startRedis, type RedisProcess } from '../support/redis';
import { waitFor } from '../support/wait';
import { Recorder, connectedClient, fixed, message, startServer, uniqueId, until } from './helpers';

/** Network handles and timers this process holds open. */
function handles(): { network: number; timers: number } {
  const info = process.getActiveResourcesInfo();
  return {
    network: info.filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length,
    timers: info.filter((r) => r === 'Timeout').length,
  };
}

/** A loopback port with nothing listening on it. */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('createChatServer({ redis })', () => {
  let redis: RedisProcess;
  let admin: RedisClientType;

  beforeAll(async () => {
    redis = await startRedis();
    admin = createClient({ url: redis.url }) as RedisClientType;
    await admin.connect();
  });

  afterAll(async () => {
    admin?.destroy();
    await redis?.stop();
  });

  /** Connections Redis sees, other than the test's own. */
  async function serverConnections(): Promise<number> {
    return (await admin.clientList()).length - 1;
  }

  it('keeps sessions in Redis, and close() ends every connection it opened and leaves no handles', async () => {
    const before = handles();
    const keyPrefix = `t${uniqueId('p').slice(-8)}:`;
    const { server, url, errors } = await startServer({ redis: { url: redis.url, keyPrefix }, respond: fixed('stored') });
    // The store's connection, the adapter's, and the adapter's stream reader and subscriber.
    await until(async () => (await serverConnections()) === 4, 'four Redis connections');
    const sessionId = uniqueId('s');
    const socket = await connectedClient(url, sessionId);
    const recorder = new Recorder(socket);
    const m = message(sessionId, 'hi');
    await socket.emitWithAck('chat-message', m);
    await recorder.responseTo(m.id);
    expect(await admin.exists(`${keyPrefix}{${sessionId}}:r`)).toBe(1);

    socket.disconnect();
    await server.close();
    expect(await serverConnections()).toBe(0);
    await waitFor(() => handles().network <= before.network + 1, 'network handles closed (the test keeps one to Redis)');
    await waitFor(() => handles().timers <= before.timers, 'timers cleared');
    expect(errors).toEqual([]);
  });

  it('uses a store and an adapter given beside it, and still closes everything', async () => {
    const store = new MemorySessionStore();
    const sessionId = uniqueId('s');
    const { server, url } = await startServer({ redis: { url: redis.url }, store, adapter: Adapter, respond: fixed('memory') });
    const socket = await connectedClient(url, sessionId);
    const recorder = new Recorder(socket);
    const m = message(sessionId, 'where do you live?');
    await socket.emitWithAck('chat-message', m);
    await recorder.responseTo(m.id);
    expect(await store.nextSeq(sessionId)).toBe(2);
    socket.disconnect();
    await server.close();
    expect(await serverConnections()).toBe(0);
  });

  it('while Redis is unreachable: not ready, reports it, refuses messages as unavailable, and still closes', async () => {
    const port = await deadPort();
    const errors: string[] = [];
    const server = createChatServer({ port: 0, host: '127.0.0.1', redis: { url: `redis://127.0.0.1:${port}` }, onError: (_e, where) => errors.push(where) });
    let ready = false;
    void server.ready.then(() => (ready = true));
    await waitFor(() => errors.includes('redis') && server.port > 0, 'a Redis connection error to be reported');
    const sessionId = uniqueId('s');
    const socket = await connectedClient(`http://127.0.0.1:${server.port}`, sessionId);
    const m = message(sessionId, 'anyone?');
    expect(await socket.emitWithAck('chat-message', m)).toMatchObject({ ok: false, id: m.id, error: { code: 'unavailable' } });
    socket.disconnect();
    await server.close();
    expect(ready).toBe(false);
  });

  describe('persistence', () => {
    const others: RedisProcess[] = [];
    afterAll(async () => {
      await Promise.all(others.map((r) => r.stop()));
    });
    async function otherRedis(options: Parameters<typeof startRedis>[0]): Promise<RedisProcess> {
      const r = await startRedis(options);
      others.push(r);
      return r;
    }
    async function start(url: string, requirePersistence?: boolean) {
      const logs: LogEntry[] = [];
      const server = createChatServer({
        port: 0, host: '127.0.0.1', logger: (entry) => logs.push(entry), logLevel: 'debug', onError: () => undefined,
        redis: { url, ...(requirePersistence === undefined ? {} : { requirePersistence }) },
      });
      const outcome = await server.ready.then(() => 'ready', (error: unknown) => error);
      await server.close();
      return { outcome, logs: logs.filter((l) => l.event === 'redis_persistence') };
    }

    it('refuses to start on a Redis that keeps nothing across a restart, unless told otherwise', async () => {
      const bare = await otherRedis({ persistence: false });
      const refused = await start(bare.url);
      expect(refused.outcome).toBeInstanceOf(RedisPersistenceError);
      expect(refused.outcome).toMatchObject({ code: 'redis_not_persistent', message: expect.stringMatching(/appendonly yes.*requirePersistence: false.*REDIS_REQUIRE_PERSISTENCE=off/) });
      expect(await start(bare.url, false)).toEqual({ outcome: 'ready', logs: [] });
    });

    it('starts on an append-only file quietly, and with a warning on snapshots only or when CONFIG is hidden', async () => {
      expect(await start(redis.url)).toEqual({ outcome: 'ready', logs: [] });
      const snapshots = await otherRedis({ persistence: false, args: ['--save', '3600 1'] });
      expect(await start(snapshots.url)).toEqual({ outcome: 'ready', logs: [expect.objectContaining({ level: 'warn', persistence: 'snapshots', save: '3600 1' })] });
      const hidden = await otherRedis({ persistence: false, args: ['--rename-command', 'CONFIG', ''] });
      expect(await start(hidden.url)).toEqual({
        outcome: 'ready',
        logs: [expect.objectContaining({ level: 'warn', persistence: 'unknown', message: expect.stringContaining('REDIS_REQUIRE_PERSISTENCE=off') })],
      });
    });
  });

  it('bounds the new sessions of one address across two processes sharing Redis', async () => {
    const keyPrefix = `t${uniqueId('p').slice(-8)}:`;
    const options = { redis: { url: redis.url, keyPrefix }, respond: fixed('ok'), rateLimit: { sessionsPerIp: { max: 4, windowMs: 60_000 } } };
    const [a, b] = [await startServer(options), await startServer(options)];
    try {
      const post = (url: string, body: unknown) => fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);
      const sessions = Array.from({ length: 12 }, () => uniqueId('s'));
      // Alternating processes, all at once: only the count in Redis can keep the bound.
      const statuses = await Promise.all(sessions.map((s, i) => post(i % 2 ? a.url : b.url, message(s, 'hi'))));
      expect(statuses.filter((s) => s === 200)).toHaveLength(4);
      expect(statuses.filter((s) => s === 429)).toHaveLength(8);
      // A session opened through one process is free on the other: the store holds it.
      const opened = sessions[statuses.indexOf(200)]!;
      expect(await post(a.url, message(opened, 'again'))).toBe(200);
      expect(await post(b.url, message(opened, 'and again'))).toBe(200);
      expect(await admin.zCard(`${keyPrefix}ip:127.0.0.1`)).toBe(4);
    } finally {
      await Promise.all([a.server.close(), b.server.close()]);
    }
  });

  it('refuses a redis option without a URL', () => {
    expect(() => createChatServer({ redis: { url: '' } })).toThrow(/redis\.url/);
  });
});
