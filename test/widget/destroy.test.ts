// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSocketFactory, type ChatSocket } from '../../src/connection/connection-manager';
import { AIDiscoveryWidget } from '../../src/index';
import { catalogResponder, createChatServer, type ChatServer } from '../../src/server/index';
import { fakeEnvironment } from '../support/fake-env';
import { waitFor } from '../support/wait';

let server: ChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Counts listeners added to and removed from window and document while `run` executes. */
function trackGlobalListeners() {
  const live = new Map<string, number>();
  const targets = [window, document] as EventTarget[];
  const originals = targets.map((t) => ({ t, add: t.addEventListener, remove: t.removeEventListener }));
  for (const { t, add, remove } of originals) {
    t.addEventListener = function (type: string, ...rest: unknown[]) {
      live.set(type, (live.get(type) ?? 0) + 1);
      return (add as (...a: unknown[]) => void).call(this, type, ...rest);
    };
    t.removeEventListener = function (type: string, ...rest: unknown[]) {
      live.set(type, (live.get(type) ?? 0) - 1);
      return (remove as (...a: unknown[]) => void).call(this, type, ...rest);
    };
  }
  return {
    live: () => [...live.entries()].filter(([, n]) => n !== 0),
    restore: () => originals.forEach(({ t, add, remove }) => Object.assign(t, { addEventListener: add, removeEventListener: remove })),
  };
}

describe('destroy()', () => {
  it('leaves no socket, timer, listener or DOM node behind', async () => {
    server = createChatServer({ port: 0, host: '127.0.0.1', respond: catalogResponder({ wordDelayMs: 1 }) });
    await server.ready;
    const env = fakeEnvironment();
    let socket: ChatSocket | undefined;
    const before = document.body.innerHTML;
    const listeners = trackGlobalListeners();
    try {
      const widget = new AIDiscoveryWidget({
        socketUrl: `http://127.0.0.1:${server.port}`,
        transports: ['websocket'],
        environment: env,
        socketFactory: (url, options) => (socket = defaultSocketFactory(url, options)),
        startOpen: true,
      });
      let snapshots = 0;
      widget.subscribe(() => snapshots++);
      const responded = new Promise((resolve) => widget.on('response', resolve));
      widget.mount();
      widget.mount();
      expect(document.querySelectorAll('[data-ai-discovery]')).toHaveLength(1);
      await waitFor(() => widget.status === 'connected', 'connected');
      await widget.send('sunglasses');
      await responded;
      expect(server.io.sockets.sockets.size).toBe(1);
      expect(env.network.listenerCount).toBeGreaterThan(0);

      widget.destroy();
      widget.destroy();

      expect(document.querySelector('[data-ai-discovery]')).toBeNull();
      expect(document.body.innerHTML).toBe(before);
      expect(widget.status).toBe('idle');
      expect(socket!.connected).toBe(false);
      expect(socket!.hasListeners('chat-response')).toBe(false);
      expect(socket!.hasListeners('connect')).toBe(false);
      expect(env.network.listenerCount).toBe(0);
      expect(env.timers.pending.size).toBe(0);
      expect(listeners.live()).toEqual([]);
      await waitFor(() => server!.io.sockets.sockets.size === 0, 'the server to see the socket go');
      await waitFor(() => (socket!.io.engine?.readyState ?? 'closed') === 'closed', 'the client transport to close');

      // Nothing it held still reacts: a later server message or store change reaches nobody.
      const seen = snapshots;
      server.io.emit('chat-response', { success: true, id: 'late', seq: 9, sessionId: widget.sessionId!, timestamp: 1 });
      await new Promise((r) => setTimeout(r, 50));
      expect(snapshots).toBe(seen);
      expect(() => widget.mount()).toThrow(/destroyed/);
      expect(() => widget.send('x')).toThrow(/after destroy/);
    } finally {
      listeners.restore();
    }
  });

  it('does nothing to the DOM or the network before mount()', () => {
    const created: unknown[] = [];
    const widget = new AIDiscoveryWidget({ socketFactory: (url, o) => { created.push(url); return defaultSocketFactory(url, o); } });
    expect(document.querySelector('[data-ai-discovery]')).toBeNull();
    expect(created).toEqual([]);
    expect(widget.status).toBe('idle');
    expect(() => widget.send('hi')).toThrow(/call mount\(\) before send\(\)/);
    widget.destroy();
  });
});
