import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionManager, defaultSocketFactory, type ConnectionStatus } from '../../src/connection/connection-manager';
import { fakeEnvironment } from '../support/fake-env';
import { waitFor } from '../support/wait';

/** A bare Socket.IO server on loopback that can be stopped and restarted on the same port. */
async function startServer(port = 0, onConnection?: (io: Server) => void) {
  const http: HttpServer = createServer();
  const io = new Server(http);
  io.use((socket, next) => {
    const auth = socket.handshake.auth as { sessionId?: string };
    if (auth.sessionId === 'refused') next(Object.assign(new Error('nope'), { data: { code: 'unauthorized', message: 'bad token' } }));
    else next();
  });
  onConnection?.(io);
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return { io, http, port: (http.address() as AddressInfo).port, close: () => new Promise<void>((r) => io.close(() => r())) };
}

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const s = await startServer();
  await s.close();
  return s.port;
}

const managers: ConnectionManager[] = [];
const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  managers.splice(0).forEach((m) => m.stop());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function manager(port: number, env = fakeEnvironment(), sessionId = 'sess-1', options = {}) {
  const m = new ConnectionManager({
    url: `http://127.0.0.1:${port}`,
    path: '/socket.io',
    auth: () => ({ sessionId, client: 'test' }),
    env,
    options: { initialDelayMs: 100, factor: 2, maxDelayMs: 1000, jitter: 0.5, maxAttempts: 3, connectTimeoutMs: 2000, ...options },
    socketFactory: defaultSocketFactory,
    transports: ['websocket'],
  });
  managers.push(m);
  const statuses: ConnectionStatus[] = [];
  m.on('status', (s) => statuses.push(s));
  return { m, env, statuses };
}

describe('ConnectionManager', () => {
  it('connects to a real server and reports connecting then connected', async () => {
    const server = await startServer();
    servers.push(server);
    const { m, statuses } = manager(server.port);
    m.start();
    await waitFor(() => m.status === 'connected', 'connected');
    expect(statuses).toEqual(['connecting', 'connected']);
  });

  it('backs off by the factor within the cap, then fails after the last attempt; reconnect() leaves failed', async () => {
    const port = await closedPort();
    const { m, env, statuses } = manager(port);
    const errors: string[] = [];
    m.on('error', (e) => errors.push(e.code));
    m.start();
    for (let i = 0; i < 3; i++) {
      await waitFor(() => env.timers.pending.size === 1, `retry timer ${i}`);
      env.timers.runNext();
    }
    await waitFor(() => m.status === 'failed', 'failed');
    // random() is 0.5, so the jitter is centred and the delays are the bare exponential series.
    expect(env.timers.requested).toEqual([100, 200, 400]);
    expect(errors).toEqual(['unavailable']);
    expect(statuses).toEqual(['connecting', 'reconnecting', 'failed']);
    expect(env.timers.pending.size).toBe(0);

    const server = await startServer(port);
    servers.push(server);
    m.reconnect();
    await waitFor(() => m.status === 'connected', 'connected after reconnect()');
  });

  it('pauses while offline and retries at once when the network returns', async () => {
    const port = await closedPort();
    const { m, env, statuses } = manager(port);
    env.network.online = false;
    m.start();
    expect(m.status).toBe('offline');
    expect(env.timers.pending.size).toBe(0);
    const server = await startServer(port);
    servers.push(server);
    env.network.goOnline();
    await waitFor(() => m.status === 'connected', 'connected after online');
    // No timer was needed: the attempt was made the moment the network came back.
    expect(env.timers.requested).toEqual([]);
    expect(statuses).toEqual(['offline', 'connecting', 'connected']);
  });

  it('going offline cancels a scheduled retry; a visible tab retries at once', async () => {
    const port = await closedPort();
    const { m, env } = manager(port);
    m.start();
    await waitFor(() => env.timers.pending.size === 1, 'first retry scheduled');
    env.network.goOffline();
    expect(m.status).toBe('offline');
    expect(env.timers.pending.size).toBe(0);
    env.network.online = true;
    const server = await startServer(port);
    servers.push(server);
    env.network.becomeVisible();
    await waitFor(() => m.status === 'connected', 'connected after visibility');
  });

  it('reconnects after the server goes away and comes back on the same port', async () => {
    const server = await startServer();
    const { m, env, statuses } = manager(server.port, fakeEnvironment(), 'sess-2', { maxAttempts: 20 });
    let connects = 0;
    m.on('connect', () => connects++);
    m.start();
    await waitFor(() => m.status === 'connected', 'connected');
    await server.close();
    await waitFor(() => m.status === 'reconnecting', 'reconnecting');
    const again = await startServer(server.port);
    servers.push(again);
    await waitFor(() => {
      if (env.timers.pending.size > 0) env.timers.runNext();
      return m.status === 'connected';
    }, 'connected again');
    expect(connects).toBe(2);
    expect(statuses.slice(0, 3)).toEqual(['connecting', 'connected', 'reconnecting']);
  });

  it('a refused handshake fails at once without retrying', async () => {
    const server = await startServer();
    servers.push(server);
    const { m, env } = manager(server.port, fakeEnvironment(), 'refused');
    const errors: { code: string; message: string }[] = [];
    m.on('error', (e) => errors.push({ code: e.code, message: e.message }));
    m.start();
    await waitFor(() => m.status === 'failed', 'failed');
    expect(errors).toEqual([{ code: 'unauthorized', message: expect.stringContaining('bad token') }]);
    expect(env.timers.requested).toEqual([]);
  });

  it('stop() closes the socket and removes every listener it added', async () => {
    let serverSockets = 0;
    const server = await startServer(0, (io) => io.on('connection', () => serverSockets++));
    servers.push(server);
    const { m, env } = manager(server.port);
    m.start();
    await waitFor(() => m.status === 'connected', 'connected');
    const socket = m.socket!;
    m.stop();
    expect(m.socket).toBeUndefined();
    expect(socket.connected).toBe(false);
    expect(env.network.listenerCount).toBe(0);
    expect(env.timers.pending.size).toBe(0);
    await waitFor(() => server.io.sockets.sockets.size === 0, 'server saw the disconnect');
    expect(serverSockets).toBe(1);
    m.stop();
  });
});
