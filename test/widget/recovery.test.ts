// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSocketFactory, type ChatSocket } from '../../src/connection/connection-manager';
import { AIDiscoveryWidget, type ChatResponse } from '../../src/index';
import { createChatServer, type ChatServer, type Responder } from '../../src/server/index';
import { waitFor } from '../support/wait';

let server: ChatServer | undefined;
let widget: AIDiscoveryWidget | undefined;
afterEach(async () => {
  widget?.destroy();
  await server?.close();
  document.body.replaceChildren();
});

/** Thirty words, a few milliseconds apart: long enough to cut the connection in the middle. */
const slow: Responder = async function* (_message, { signal }) {
  for (let i = 0; i < 30 && !signal.aborted; i++) {
    yield `word${i} `;
    await new Promise((r) => setTimeout(r, 8));
  }
};

describe('connection state recovery together with session-sync', () => {
  it('a transport cut mid-stream is recovered, and every response still shows exactly once', async () => {
    server = createChatServer({ port: 0, host: '127.0.0.1', respond: slow });
    await server.ready;
    let socket: ChatSocket | undefined;
    widget = new AIDiscoveryWidget({
      socketUrl: `http://127.0.0.1:${server.port}`,
      transports: ['websocket'],
      storage: 'memory',
      reconnection: { initialDelayMs: 10, maxDelayMs: 50 },
      socketFactory: (url, options) => (socket = defaultSocketFactory(url, options)),
    });
    const responses: ChatResponse[] = [];
    widget.on('response', (r) => responses.push(r));
    let disconnects = 0;
    widget.on('status', (s) => s === 'reconnecting' && disconnects++);
    widget.mount();
    await waitFor(() => widget!.status === 'connected', 'connected');

    await widget.send('tell me a long story');
    await waitFor(() => widget!.getSnapshot().conversation.entries.some((e) => e.kind === 'assistant' && e.streaming && e.text.length > 20), 'a few chunks');
    // Drop the transport under the socket, as a network blip would.
    for (const s of server.io.sockets.sockets.values()) s.conn.close();
    await waitFor(() => responses.length === 1, 'the final response after the blip');
    await waitFor(() => widget!.status === 'connected', 'connected again');

    expect(disconnects).toBeGreaterThanOrEqual(1);
    expect(socket!.recovered).toBe(true);
    const final = responses[0]!;
    expect(final.response).toBe(Array.from({ length: 30 }, (_, i) => `word${i} `).join(''));
    const assistants = widget.getSnapshot().conversation.entries.filter((e) => e.kind === 'assistant');
    expect(assistants).toHaveLength(1);
    expect(assistants[0]).toMatchObject({ id: final.id, streaming: false, text: final.response });

    // A second answer after the recovery arrives once as well.
    await widget.send('and another');
    await waitFor(() => responses.length === 2, 'a second response');
    await new Promise((r) => setTimeout(r, 100));
    expect(new Set(responses.map((r) => r.id)).size).toBe(2);
    expect(widget.getSnapshot().conversation.entries.filter((e) => e.kind === 'assistant')).toHaveLength(2);
  });
});
