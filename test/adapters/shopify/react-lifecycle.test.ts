// @vitest-environment jsdom
import { Activity, createElement, createRef, StrictMode, useEffect, type ReactNode, type Ref } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AIDiscoveryWidget, useAIDiscovery, type AIDiscoveryHandle, type AIDiscoveryWidgetProps } from '../../../adapters/shopify/react/index';
import { defaultSocketFactory, type SocketFactory } from '../../../src/connection/connection-manager';
import type { ChatContext } from '../../../src/index';
import { catalogResponder, createChatServer, type ChatServer } from '../../../src/server/index';
import { waitFor } from '../../support/wait';

/*
 * The component's lifecycle with real React 19 (development build, so StrictMode really runs
 * effects twice), a real chat server on loopback and the real core in jsdom. React 18.3.1 has its
 * own file, react18.test.ts, with its own pinned install.
 * Renders go through flushSync, which also flushes their effects (StrictMode's second run too).
 */

interface Server {
  chat: ChatServer;
  url: string;
  connections: () => number;
  disconnections: () => number;
  /** Every `context-update` payload's context, in order. */
  contextUpdates: ChatContext[];
  /** The context each message reached the responder with. */
  messageContexts: ChatContext[];
}

const servers: Server[] = [];
let root: Root | undefined;
let container: HTMLElement | undefined;

afterEach(async () => {
  if (root) flushSync(() => root!.unmount());
  root = undefined;
  container?.remove();
  container = undefined;
  await Promise.resolve();
  await Promise.all(servers.splice(0).map((s) => s.chat.close()));
  document.body.replaceChildren();
});

async function startServer(): Promise<Server> {
  const catalog = catalogResponder({ wordDelayMs: 0 });
  const server: Server = {
    chat: createChatServer({
      port: 0,
      host: '127.0.0.1',
      respond: (message, ctx) => {
        server.messageContexts.push(ctx.context);
        return catalog(message, ctx);
      },
    }),
    url: '',
    connections: () => connections,
    disconnections: () => disconnections,
    contextUpdates: [],
    messageContexts: [],
  };
  let connections = 0;
  let disconnections = 0;
  server.chat.io.on('connection', (socket) => {
    connections++;
    socket.on('disconnect', () => disconnections++);
    socket.onAny((event: string, payload: { context?: ChatContext }) => {
      if (event === 'context-update' && payload?.context) server.contextUpdates.push(payload.context);
    });
  });
  await server.chat.ready;
  server.url = `http://127.0.0.1:${server.chat.port}`;
  servers.push(server);
  return server;
}

/** Counts every socket the widgets create, connected or not. */
function countingFactory() {
  const made = { count: 0 };
  const factory: SocketFactory = (url, options) => {
    made.count++;
    return defaultSocketFactory(url, options);
  };
  return { made, factory };
}

function render(node: ReactNode) {
  if (!container) {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  }
  flushSync(() => root!.render(node));
}

const hosts = () => document.querySelectorAll('[data-ai-discovery]');

type Props = AIDiscoveryWidgetProps & { ref?: Ref<AIDiscoveryHandle> };

/** Options every test passes: websocket only, and no storage shared between tests. */
const base = (server: Server, factory: SocketFactory): AIDiscoveryWidgetProps => ({
  socketUrl: server.url,
  transports: ['websocket'],
  storage: 'memory',
  socketFactory: factory,
});

describe('<AIDiscoveryWidget> lifecycle', () => {
  it('under StrictMode, double effects still make one widget and one socket', async () => {
    const server = await startServer();
    const { made, factory } = countingFactory();
    const onReady = vi.fn();
    const onStatus = vi.fn();
    let effectRuns = 0;
    // Proof that this tree really gets StrictMode's second effect run.
    function Probe() {
      useEffect(() => {
        effectRuns++;
      }, []);
      return null;
    }
    render(createElement(StrictMode, null, createElement(Probe), createElement(AIDiscoveryWidget, { ...base(server, factory), onReady, onStatus })));
    expect(effectRuns).toBe(2);
    await waitFor(() => onStatus.mock.calls.some(([s]) => s === 'connected'), 'connected');
    expect(made.count).toBe(1);
    expect(hosts()).toHaveLength(1);
    expect(onReady).toHaveBeenCalledTimes(1);
    expect(server.connections()).toBe(1);
    expect(server.disconnections()).toBe(0);
  });

  it('takes new callbacks and equal inline objects without remounting', async () => {
    const server = await startServer();
    const { made, factory } = countingFactory();
    const ref = createRef<AIDiscoveryHandle>();
    const first = vi.fn();
    const second = vi.fn();
    const props = (onResponse: () => void): Props => ({
      ...base(server, factory),
      ref,
      onResponse,
      // New objects on every render, equal in value: no remount.
      context: { platform: 'shopify', currency: 'USD' },
      reconnection: { maxAttempts: 5 },
      strings: { title: 'Ask us' },
    });
    render(createElement(AIDiscoveryWidget, props(first)));
    await waitFor(() => ref.current?.status === 'connected', 'connected');
    const host = hosts()[0];
    const widget = ref.current!.widget;
    render(createElement(AIDiscoveryWidget, props(second)));
    render(createElement(AIDiscoveryWidget, props(second)));
    expect(ref.current!.widget).toBe(widget);
    expect(hosts()[0]).toBe(host);
    await ref.current!.send('red running shoes');
    await waitFor(() => second.mock.calls.length === 1, 'the new onResponse');
    expect(first).not.toHaveBeenCalled();
    expect(made.count).toBe(1);
    expect(server.contextUpdates).toEqual([]);
  });

  it('sends a changed context to the server and clears keys the props dropped', async () => {
    const server = await startServer();
    const { factory } = countingFactory();
    const ref = createRef<AIDiscoveryHandle>();
    const show = (context: ChatContext) => render(createElement(AIDiscoveryWidget, { ...base(server, factory), ref, context }));
    show({ platform: 'shopify', product: { id: '1', variantId: '11' } });
    await waitFor(() => ref.current?.status === 'connected', 'connected');
    // An imperative key, set outside props: a props change must leave it alone.
    ref.current!.setContext({ cart: { itemCount: 2 } });
    await waitFor(() => server.contextUpdates.length === 1, 'the imperative update');
    show({ platform: 'shopify', product: { id: '2', variantId: '22' } });
    await waitFor(() => server.contextUpdates.length === 2, 'the prop change');
    expect(server.contextUpdates[1]).toEqual({ platform: 'shopify', product: { id: '2', variantId: '22' }, cart: { itemCount: 2 } });
    show({ platform: 'shopify' });
    await waitFor(() => server.contextUpdates.length === 3, 'the dropped key');
    expect(server.contextUpdates[2]).toEqual({ platform: 'shopify', cart: { itemCount: 2 } });
    await ref.current!.send('sunglasses');
    await waitFor(() => server.messageContexts.length === 1, 'the message');
    expect(server.messageContexts[0]).toMatchObject({ platform: 'shopify', cart: { itemCount: 2 } });
    expect(server.messageContexts[0]).not.toHaveProperty('product');
  });

  it('remounts on a new socketUrl (old socket closed first), not on a new startOpen', async () => {
    const [a, b] = [await startServer(), await startServer()];
    const { made, factory } = countingFactory();
    const ref = createRef<AIDiscoveryHandle>();
    const onReady = vi.fn();
    const show = (server: Server, startOpen: boolean) =>
      render(createElement(AIDiscoveryWidget, { ...base(server, factory), ref, onReady, startOpen }));
    show(a, false);
    await waitFor(() => ref.current?.status === 'connected', 'connected to a');
    const first = ref.current!.widget;
    show(a, true);
    expect(ref.current!.widget).toBe(first);
    show(b, true);
    const second = ref.current!.widget;
    expect(second).not.toBe(first);
    expect(first.status).toBe('idle');
    await waitFor(() => second.status === 'connected' && a.disconnections() === 1, 'moved to b');
    expect(b.connections()).toBe(1);
    expect(hosts()).toHaveLength(1);
    expect(onReady).toHaveBeenCalledTimes(2);
    expect(made.count).toBe(2);
  });

  it('unmounting removes the host element and closes the socket', async () => {
    const server = await startServer();
    const { factory } = countingFactory();
    const ref = createRef<AIDiscoveryHandle>();
    render(createElement(AIDiscoveryWidget, { ...base(server, factory), ref }));
    await waitFor(() => ref.current?.status === 'connected', 'connected');
    const widget = ref.current!.widget;
    flushSync(() => root!.unmount());
    root = undefined;
    container = undefined;
    // Destroyed a microtask after the cleanup, which is what lets StrictMode's re-run keep it.
    await Promise.resolve();
    expect(hosts()).toHaveLength(0);
    expect(widget.status).toBe('idle');
    await waitFor(() => server.disconnections() === 1, 'the server to see the socket close');
  });

  it('a tree hidden by <Activity> loses its widget and gets a new one when shown', async () => {
    const server = await startServer();
    const { made, factory } = countingFactory();
    const ref = createRef<AIDiscoveryHandle>();
    const show = (mode: 'visible' | 'hidden') =>
      render(createElement(Activity, { mode, children: createElement(AIDiscoveryWidget, { ...base(server, factory), ref }) }));
    show('visible');
    await waitFor(() => ref.current?.status === 'connected', 'connected');
    const first = ref.current!.widget;
    show('hidden');
    await waitFor(() => hosts().length === 0 && server.disconnections() === 1, 'hidden: destroyed');
    show('visible');
    await waitFor(() => ref.current && ref.current.widget !== first && ref.current.status === 'connected', 'shown: a new widget');
    expect(hosts()).toHaveLength(1);
    expect(made.count).toBe(2);
  });

  it('useAIDiscovery() re-renders its component with status and open state, and drives the widget', async () => {
    const server = await startServer();
    const { factory } = countingFactory();
    const seen: string[] = [];
    let chat: ReturnType<typeof useAIDiscovery> | undefined;
    function Child() {
      chat = useAIDiscovery();
      seen.push(`${chat.status}/${chat.isOpen}`);
      return createElement('span', { id: 'status' }, chat.status);
    }
    render(createElement(AIDiscoveryWidget, base(server, factory), createElement(Child)));
    await waitFor(() => document.getElementById('status')?.textContent === 'connected', 'status shown');
    chat!.open();
    await waitFor(() => seen.at(-1) === 'connected/true', 'open state shown');
    const result = await chat!.send('hello');
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(chat!.widget.isOpen).toBe(true);
  });
});
