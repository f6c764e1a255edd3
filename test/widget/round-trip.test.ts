// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { AIDiscoveryWidget, type ChatResponse, type ConnectionStatus, type WidgetError } from '../../src/index';
import { catalogResponder, createChatServer, type ChatServer } from '../../src/server/index';
import { waitFor } from '../support/wait';
import { tracked } from '../support/tracked';

const { servers, widgets } = tracked();

async function startServer(port = 0): Promise<ChatServer> {
  const server = createChatServer({ port, host: '127.0.0.1', respond: catalogResponder({ wordDelayMs: 2 }) });
  await server.ready;
  servers.push(server);
  return server;
}

function widget(port: number, extra: ConstructorParameters<typeof AIDiscoveryWidget>[0] = {}) {
  const w = new AIDiscoveryWidget({
    socketUrl: `http://127.0.0.1:${port}`,
    transports: ['websocket'],
    reconnection: { initialDelayMs: 50, maxDelayMs: 200, maxAttempts: 100 },
    ...extra,
  });
  widgets.push(w);
  const statuses: ConnectionStatus[] = [];
  const responses: ChatResponse[] = [];
  const errors: WidgetError[] = [];
  w.on('status', (s) => statuses.push(s));
  w.on('response', (r) => responses.push(r));
  w.on('error', (e) => errors.push(e));
  return { w, statuses, responses, errors };
}

const shadow = () => document.querySelector('[data-ai-discovery]')!.shadowRoot!;

describe('widget and chat server over a real Socket.IO connection', () => {
  it('sends a message, streams the answer and renders the final response with product cards', async () => {
    const server = await startServer();
    const { w, responses } = widget(server.port);
    const streamed: string[] = [];
    w.subscribe(() => {
      const last = w.getSnapshot().conversation.entries.at(-1);
      if (last?.kind === 'assistant' && last.streaming) streamed.push(last.text);
    });
    w.mount();
    await waitFor(() => w.status === 'connected', 'connected');
    const ack = await w.send('blue light glasses');
    expect(ack).toMatchObject({ duplicate: false });
    await waitFor(() => responses.length === 1, 'the final response');

    // Chunks arrived one by one, each growing the text, before the final response replaced it.
    expect(streamed.length).toBeGreaterThan(3);
    expect(streamed.every((text, i) => i === 0 || text.length >= streamed[i - 1]!.length)).toBe(true);
    const final = responses[0]!;
    expect(final.seq).toBe(1);
    expect(streamed.at(-1)).toBe(final.response);

    const root = shadow();
    await waitFor(() => root.querySelectorAll('.card').length > 0, 'product cards');
    const titles = [...root.querySelectorAll('.card a')].map((a) => a.textContent ?? '');
    expect(titles[0]).toMatch(/blue light/i);
    expect(root.querySelector('.msg.shopper')?.textContent).toContain('blue light glasses');
    expect(root.querySelector('.msg.shopper')?.getAttribute('data-state')).toBe('sent');
    expect(root.textContent).toContain(final.response!);
  });

  it("hands a card's add to cart to the store's cart call and shows what it said", async () => {
    const server = await startServer();
    const calls: { id: string; variantId: string | undefined; quantity: number }[] = [];
    const events: string[] = [];
    const { w, responses } = widget(server.port, {
      startOpen: true,
      addToCart: async ({ product, variantId, quantity }) => {
        calls.push({ id: product.id, variantId, quantity });
        if (calls.length > 1) throw new Error('Sold out in your size');
      },
    });
    w.on('add-to-cart', (e) => events.push(e.product.id));
    w.mount();
    await w.send('sunglasses');
    await waitFor(() => responses.length === 1, 'the answer');
    const root = shadow();
    await waitFor(() => root.querySelectorAll('.card .add').length > 1, 'two product cards');
    const buttons = [...root.querySelectorAll<HTMLButtonElement>('.card .add')];
    buttons[0]!.click();
    await waitFor(() => buttons[0]!.textContent === 'Added to cart', 'added');
    buttons[1]!.click();
    await waitFor(() => root.querySelectorAll('.card .cart-note')[1]?.textContent === 'Sold out in your size', 'the refusal shown');
    const items = responses[0]!.blocks!.flatMap((b) => (b.type === 'products' ? b.items : []));
    expect(calls).toEqual([0, 1].map((i) => ({ id: items[i]!.id, variantId: items[i]!.variantId, quantity: 1 })));
    expect(events).toEqual([items[0]!.id, items[1]!.id]);
  });

  it('reconnects after the server stops and restarts, and chat works again', async () => {
    const server = await startServer();
    const { w, statuses, responses } = widget(server.port);
    w.mount();
    await waitFor(() => w.status === 'connected', 'connected');
    const port = server.port;
    await server.close();
    await waitFor(() => w.status === 'reconnecting', 'reconnecting');
    // A message typed during the outage waits in the queue and goes out after the reconnect.
    const queued = w.send('red running shoes under $100');
    await startServer(port);
    await waitFor(() => w.status === 'connected', 'connected again', 15_000);
    await queued;
    await waitFor(() => responses.length === 1, 'a response after the restart');
    expect(statuses).toEqual(expect.arrayContaining(['connecting', 'connected', 'reconnecting']));
    expect(statuses.at(-1)).toBe('connected');
    expect(responses[0]!.blocks?.[0]).toMatchObject({ type: 'products' });
  });

  it('drops a malformed response with an error event and keeps working', async () => {
    const server = await startServer();
    const { w, errors, responses } = widget(server.port);
    w.mount();
    await waitFor(() => w.status === 'connected', 'connected');
    const room = `session:${w.sessionId}`;
    server.io.to(room).emit('chat-response', { success: 'yes', id: 42, seq: -1 } as never);
    server.io.to(room).emit('chat-response-chunk', { id: 'x', delta: { html: '<img src=x onerror=alert(1)>' } } as never);
    await waitFor(() => errors.length === 2, 'two error events');
    expect(errors.map((e) => e.code)).toEqual(['malformed', 'malformed']);
    await w.send('hello');
    await waitFor(() => responses.length === 1, 'a good response after the bad ones');
    expect(shadow().querySelector('img[onerror]')).toBeNull();
  });

  it('a resend after a lost acknowledgement is answered once', async () => {
    const server = await startServer();
    let dropped = 0;
    server.io.on('connection', (socket: { use: (fn: (packet: unknown[], next: () => void) => void) => void }) => {
      socket.use((packet, next) => {
        // Lose the first acknowledgement on the way back, as a dropped connection would.
        if (packet[0] === 'chat-message' && dropped === 0) {
          dropped++;
          packet[2] = () => {};
        }
        next();
      });
    });
    const { w, responses } = widget(server.port, { ackTimeoutMs: 300 });
    w.mount();
    await waitFor(() => w.status === 'connected', 'connected');
    const ack = await w.send('sunglasses');
    expect(dropped).toBe(1);
    expect(ack.duplicate).toBe(true);
    await waitFor(() => responses.length === 1, 'one response');
    await new Promise((r) => setTimeout(r, 300));
    expect(responses).toHaveLength(1);
    expect(w.getSnapshot().conversation.entries.filter((e) => e.kind === 'assistant')).toHaveLength(1);
  });
});
