import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChatServer } from '../../src/server';
import { connected, rejected, serverHarness, uniqueId, type ClientSocket } from './helpers';
import { io as connectClient } from 'socket.io-client';

/*
 * A page whose origin the server refuses must be able to tell that from an outage: a WebSocket
 * upgrade and a poll both get 403 with a reason the widget can read.
 */

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A raw WebSocket upgrade request, as a browser sends it. */
function upgrade(url: string, origin: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': randomBytes(16).toString('base64'), 'sec-websocket-version': '13', origin },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function poll(url: string, origin: string): Promise<Answer> {
  const res = await fetch(url, { headers: { origin } });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

const REFUSAL = { code: 'origin_refused', message: expect.stringMatching(/ALLOWED_ORIGINS \(allowedOrigins\)/) };

describe('a refused origin', () => {
  const h = serverHarness();

  it('gets 403 and a readable reason on a WebSocket upgrade and on a poll; allowed pages still connect', async () => {
    const t = await h.start({ allowedOrigins: ['https://shop.example'] });
    const ws = `${t.url}/socket.io/?EIO=4&transport=websocket`;
    const refusedUpgrade = await upgrade(ws, 'https://evil.example');
    expect(refusedUpgrade.status).toBe(403);
    expect(JSON.parse(refusedUpgrade.body)).toEqual(REFUSAL);
    expect((await upgrade(ws, 'https://shop.example')).status).toBe(101);

    const polled = await poll(`${t.url}/socket.io/?EIO=4&transport=polling`, 'https://evil.example');
    expect(polled.status).toBe(403);
    // Readable by the refused page itself, which is the point: its widget tells the merchant.
    expect(polled.headers['access-control-allow-origin']).toBe('https://evil.example');
    expect(JSON.parse(polled.body)).toEqual(REFUSAL);
    // A probe without a transport costs an allowed page nothing (no engine session) and is no refusal.
    expect((await poll(`${t.url}/socket.io/`, 'https://shop.example')).status).toBe(400);

    expect(t.logs.filter((l) => l.event === 'origin_refused').map((l) => l.origin)).toEqual(['https://evil.example', 'https://evil.example']);
    for (const transport of ['websocket', 'polling'] as const) {
      const socket: ClientSocket = connectClient(t.url, {
        auth: { sessionId: uniqueId('s'), client: 'test' }, transports: [transport], reconnection: false, forceNew: true, extraHeaders: { origin: 'https://shop.example' },
      });
      h.sockets.push(socket);
      await connected(socket);
      const refused: ClientSocket = connectClient(t.url, {
        auth: { sessionId: uniqueId('s'), client: 'test' }, transports: [transport], reconnection: false, forceNew: true, extraHeaders: { origin: 'https://evil.example' },
      });
      h.sockets.push(refused);
      await rejected(refused);
    }
  });

  it("on a caller's http server leaves its other WebSocket endpoints alone, and close() gives its upgrade listeners back", async () => {
    const http = createServer();
    const seen: string[] = [];
    const own = (req: IncomingMessage, socket: import('node:stream').Duplex) => {
      if (!req.url?.startsWith('/socket.io/')) seen.push(req.url ?? '');
      socket.destroy();
    };
    http.on('upgrade', own);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    const server = createChatServer({ httpServer: http, allowedOrigins: ['https://shop.example'], logger: () => {} });
    await server.ready;
    try {
      expect((await upgrade(`${url}/socket.io/?EIO=4&transport=websocket`, 'https://evil.example')).status).toBe(403);
      await upgrade(`${url}/their-own-ws`, 'https://evil.example').catch(() => undefined);
      expect(seen).toEqual(['/their-own-ws']);
    } finally {
      await server.close();
    }
    expect(http.listeners('upgrade')).toEqual([own]);
    await new Promise((resolve) => http.close(resolve));
  });
});
