import { createServer, request, type Server } from 'node:http';
import { io as connectClient } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { createChatServer, ResponseAborted, type Responder } from '../../src/server';
import { aborted, client, connected, connectedClient, message, startServer, uniqueId } from './helpers';

/** Handles (servers, sockets, timers) this process holds open. */
function handles(): { network: number; timers: number } {
  const info = process.getActiveResourcesInfo();
  return {
    network: info.filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length,
    timers: info.filter((r) => r === 'Timeout').length,
  };
}

/** Waits for a condition that follows from events the test cannot observe directly. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error(`never happened: ${what}`);
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function listening(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

describe('server lifecycle', () => {
  it('close() disconnects clients, aborts responders, closes its own http server and leaves no handles', async () => {
    const before = handles();
    const signals: AbortSignal[] = [];
    const respond: Responder = async function* (_m, { signal }) {
      signals.push(signal);
      await aborted(signal);
    };
    const { server, url } = await startServer({ respond });
    expect(server.port).toBeGreaterThan(0);
    const sessionId = uniqueId('s');
    const socket = await connectedClient(url, sessionId);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await socket.emitWithAck('chat-message', message(sessionId, 'wait forever'));
    await eventually(() => signals.length === 1, 'the responder started');

    const closing = server.close();
    expect(server.close()).toBe(closing);
    await closing;
    expect(signals[0]?.aborted).toBe(true);
    expect((signals[0]?.reason as ResponseAborted).kind).toBe('shutdown');
    expect(server.httpServer.listening).toBe(false);
    // A cut transport, not a server-side disconnect: clients reconnect by themselves after a deploy.
    expect(await disconnected).toBe('transport close');
    socket.disconnect();
    await eventually(() => handles().network === before.network, 'all network handles closed');
    await eventually(() => handles().timers <= before.timers, 'all timers cleared');
    await server.close();
  });

  it('attached to a caller http server, leaves it listening and serving its own routes after close()', async () => {
    const http = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`app:${req.url}`);
    });
    const port = await listening(http);
    try {
      const server = createChatServer({ httpServer: http, onError: () => undefined });
      await server.ready;
      expect(server.port).toBe(port);
      expect(server.httpServer).toBe(http);
      expect(await get(port, '/hello')).toEqual({ status: 200, body: 'app:/hello' });
      const polling = await get(port, '/socket.io/?EIO=4&transport=polling');
      expect(polling.body).not.toMatch(/^app:/);

      const socket = client(`http://127.0.0.1:${port}`);
      await connected(socket);
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      await server.close();
      expect(await disconnected).toBe('transport close');
      socket.disconnect();

      expect(http.listening).toBe(true);
      expect(await get(port, '/hello')).toEqual({ status: 200, body: 'app:/hello' });
      // Socket.IO's path goes back to the application too.
      expect(await get(port, '/socket.io/?EIO=4&transport=polling')).toEqual({ status: 200, body: 'app:/socket.io/?EIO=4&transport=polling' });
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('serves a custom path only', async () => {
    const { server, url } = await startServer({ path: '/chat' });
    try {
      const socket = connectClient(url, { path: '/chat', auth: { sessionId: 's1', client: 'test' }, transports: ['websocket'], reconnection: false, forceNew: true });
      await connected(socket);
      socket.disconnect();
      expect((await get(server.port, '/socket.io/?EIO=4&transport=polling')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('rejects ready when the port is taken, and can still be closed', async () => {
    const first = await startServer();
    try {
      const second = createChatServer({ port: first.server.port, host: '127.0.0.1', onError: () => undefined });
      await expect(second.ready).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(second.port).toBe(0);
      await second.close();
    } finally {
      await first.server.close();
    }
  });

  it('throws at once on misuse, saying what to do', () => {
    const http = createServer();
    expect(() => createChatServer({ httpServer: http, port: 3000 })).toThrow(/either `httpServer`.*or `port`/);
    expect(() => createChatServer({ port: -1 })).toThrow(RangeError);
    expect(() => createChatServer({ port: 1.5 })).toThrow(/port/);
    expect(() => createChatServer({ responseTimeoutMs: 0 })).toThrow(/responseTimeoutMs/);
    expect(() => createChatServer({ maxPendingPerSession: 0 })).toThrow(/maxPendingPerSession/);
    expect(http.listening).toBe(false);
  });
});
