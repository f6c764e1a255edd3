import { createServer as createHttpServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatServer } from '../../src/server';
import { serverHarness, uniqueId } from './helpers';

/** A raw TCP connection to the test server, with everything it receives and whether it was closed. */
interface Raw {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
  isClosed: () => boolean;
}

function raw(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    let closed = false;
    socket.setEncoding('utf8').on('data', (part: string) => (text += part));
    socket.on('error', () => undefined);
    const closing = new Promise<void>((done) => socket.once('close', () => ((closed = true), done())));
    socket.once('connect', () => resolve({ socket, received: () => text, closed: closing, isClosed: () => closed }));
    socket.once('error', reject);
  });
}

/** Resolves when the connection closes, or rejects after `ms` (a bound, not a measurement). */
function closedWithin(connection: Raw, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms)));
  return Promise.race([connection.closed, timeout]).finally(() => clearTimeout(timer));
}

/** A GET answered on the connection, as the status code. */
async function get(connection: Raw, path: string): Promise<number> {
  const before = connection.received().length;
  connection.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  for (let i = 0; i < 500 && !connection.received().slice(before).includes('\r\n\r\n'); i++) await new Promise((r) => setTimeout(r, 10));
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(connection.received().slice(before))?.[1]);
}

describe('slow and piled-up HTTP requests', () => {
  const h = serverHarness();
  const opened: Raw[] = [];
  const track = (connection: Raw) => (opened.push(connection), connection);
  // Registered after the harness's, so it runs first: raw connections left open would hold close() up.
  afterEach(() => {
    for (const c of opened.splice(0)) c.socket.destroy();
  });

  async function start(options: Parameters<typeof h.start>[0]) {
    const t = await h.start(options);
    const port = t.server.port;
    return { t, open: async () => track(await raw(port)) };
  }

  it('cuts off a request whose body is sent slowly, with 408, after requestTimeoutMs', async () => {
    const { t, open } = await start({ requestTimeoutMs: 400, headersTimeoutMs: 200 });
    const slow = await open();
    const body = JSON.stringify({ id: uniqueId('m'), sessionId: uniqueId('s'), text: 'a slow body', sentAt: 1 });
    slow.socket.write(`POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    // Trickle a byte now and then, as a slowloris client does, never finishing.
    const trickle = setInterval(() => slow.socket.write(' '), 50);
    try {
      await closedWithin(slow, 5000);
    } finally {
      clearInterval(trickle);
    }
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
    // The server itself is fine.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('cuts off a client that never finishes its headers after headersTimeoutMs', async () => {
    const { open } = await start({ requestTimeoutMs: 1000, headersTimeoutMs: 300 });
    const slow = await open();
    slow.socket.write('POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = setInterval(() => slow.socket.write('X-Slow: 1\r\n'), 50);
    try {
      await closedWithin(slow, 5000);
    } finally {
      clearInterval(trickle);
    }
  });

  it('refuses the TCP connection one past maxHttpConnectionsPerIp, before reading a byte, and counts closed ones out', async () => {
    const { t, open } = await start({ maxHttpConnectionsPerIp: 5 });
    const five = await Promise.all(Array.from({ length: 5 }, () => open()));
    const sixth = await open();
    await closedWithin(sixth, 5000);
    expect(sixth.received()).toBe('');
    // The five held ones are served.
    expect(await get(five[0]!, '/healthz')).toBe(200);
    expect(five.every((c) => !c.isClosed())).toBe(true);
    expect(t.logs.filter((l) => l.event === 'connection_limit' && l.scope === 'tcp')).toEqual([expect.objectContaining({ address: '127.0.0.1' })]);
    five[1]!.socket.destroy();
    await five[1]!.closed;
    // The server counts it out once its side has closed too: retry until it has.
    let again: Raw | undefined;
    for (let attempt = 0; attempt < 100; attempt++) {
      again = await open();
      const code = await get(again, '/healthz').catch(() => NaN);
      if (code === 200) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(again!.isClosed()).toBe(false);
  });

  it('holds, by default, at most 120 TCP connections per address', async () => {
    const { open } = await start({});
    const held = await Promise.all(Array.from({ length: 120 }, () => open()));
    const over = await open();
    await closedWithin(over, 5000);
    expect(held.filter((c) => c.isClosed())).toHaveLength(0);
  });

  it('says what to do when timeouts or the TCP cap are set for a server it does not own', () => {
    const own = createHttpServer();
    expect(() => createChatServer({ httpServer: own, requestTimeoutMs: 1000 })).toThrow(/own httpServer/);
    expect(() => createChatServer({ httpServer: own, maxHttpConnectionsPerIp: 10 })).toThrow(/your own server or proxy/);
    expect(() => createChatServer({ headersTimeoutMs: 5000, requestTimeoutMs: 1000 })).toThrow(/headersTimeoutMs/);
    expect(() => createChatServer({ requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs/);
  });

});
