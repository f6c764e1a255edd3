// @vitest-environment jsdom
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AIDiscoveryWidget, type ChatResponse } from '../../src/index';
import { catalogResponder, createChatServer, type ChatServer } from '../../src/server/index';
import { waitFor } from '../support/wait';

/**
 * The chat server behind a front server that can refuse every Socket.IO request, as a corporate
 * proxy that blocks WebSocket and long-polling would, while plain POSTs to /api/chat get through.
 */
async function blockableStack() {
  const back = createServer();
  const chat: ChatServer = createChatServer({ httpServer: back, respond: catalogResponder({ wordDelayMs: 1 }) });
  await new Promise<void>((r) => back.listen(0, '127.0.0.1', r));
  const backPort = (back.address() as AddressInfo).port;
  const state = { blocked: true, posts: 0, refused: 0 };
  const front: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/socket.io') && state.blocked) {
      state.refused++;
      req.resume();
      res.writeHead(403).end('blocked by proxy');
      return;
    }
    if (req.url?.startsWith('/api/chat')) state.posts++;
    const upstream = request({ host: '127.0.0.1', port: backPort, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  return {
    url,
    state,
    async close() {
      front.closeAllConnections();
      await new Promise((r) => front.close(r));
      await chat.close();
      back.closeAllConnections();
      await new Promise((r) => back.close(r));
    },
  };
}

let stack: Awaited<ReturnType<typeof blockableStack>> | undefined;
let widget: AIDiscoveryWidget | undefined;
afterEach(async () => {
  widget?.destroy();
  await stack?.close();
  stack = undefined;
  document.body.replaceChildren();
});

describe('HTTP fallback', () => {
  it('with Socket.IO refused, the conversation goes through apiUrl, then returns to Socket.IO when it can', async () => {
    stack = await blockableStack();
    widget = new AIDiscoveryWidget({
      socketUrl: stack.url,
      apiUrl: `${stack.url}/api/chat`,
      httpFallbackAfter: 2,
      transports: ['polling'],
      storage: 'memory',
      reconnection: { initialDelayMs: 30, maxDelayMs: 150, maxAttempts: 10_000 },
    });
    const responses: ChatResponse[] = [];
    widget.on('response', (r) => responses.push(r));
    widget.mount();

    await waitFor(() => widget!.getSnapshot().fallback, 'the fallback to switch on');
    expect(widget.status).not.toBe('connected');
    const first = await widget.send('blue light glasses');
    expect(first.duplicate).toBe(false);
    await waitFor(() => responses.length === 1, 'the answer over HTTP');
    expect(responses[0]!.blocks?.[0]).toMatchObject({ type: 'products' });
    await widget.send('red running shoes under $100');
    await waitFor(() => responses.length === 2, 'a second answer over HTTP');
    expect(stack.state.posts).toBeGreaterThanOrEqual(2);
    expect(stack.state.refused).toBeGreaterThanOrEqual(2);
    expect(responses.map((r) => r.seq)).toEqual([1, 2]);

    // The network stops blocking: the widget is back on Socket.IO and streams again.
    stack.state.blocked = false;
    await waitFor(() => widget!.status === 'connected', 'Socket.IO again', 15_000);
    expect(widget.getSnapshot().fallback).toBe(false);
    const postsBefore = stack.state.posts;
    let streamed = false;
    widget.subscribe(() => {
      streamed ||= widget!.getSnapshot().conversation.entries.some((e) => e.kind === 'assistant' && e.streaming);
    });
    await widget.send('sunglasses');
    await waitFor(() => responses.length === 3, 'an answer over Socket.IO');
    expect(stack.state.posts).toBe(postsBefore);
    expect(streamed).toBe(true);
    expect(new Set(responses.map((r) => r.id)).size).toBe(3);
    expect(widget.getSnapshot().conversation.entries.filter((e) => e.kind === 'assistant')).toHaveLength(3);
  });
});
