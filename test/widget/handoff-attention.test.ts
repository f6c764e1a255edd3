// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { AIDiscoveryWidget, type WidgetOptions } from '../../src/index';
import type { ShopperPresence } from '../../src/protocol/handoff';
import { FakeNetwork, ManualTimers } from '../support/fake-env';
import { handoffServer } from '../support/handoff-server';
import { recorded } from '../support/recorded';
import { tracked } from '../support/tracked';
import { waitFor } from '../support/wait';

const { servers, widgets } = tracked();

/** The title alert alternates every 1.5 s. */
const STEP = 1500;

async function setup(extra: WidgetOptions = {}) {
  const server = await handoffServer();
  servers.push(server);
  const timers = new ManualTimers();
  const network = new FakeNetwork();
  const w = new AIDiscoveryWidget({ socketUrl: server.url, transports: ['websocket'], storage: 'memory', environment: { timers, network }, ...extra });
  widgets.push(w);
  const presence: ShopperPresence[] = [];
  w.on('presence', (p) => presence.push(p));
  const r = recorded(w);
  w.mount();
  await waitFor(() => presence.length === 1, 'presence');
  return { ...r, server, timers, network };
}

/** Runs the pending title step, as the clock would. */
function step(timers: ManualTimers): void {
  const found = [...timers.pending].find(([, t]) => t.ms === STEP);
  if (!found) throw new Error('no title step pending');
  timers.pending.delete(found[0]);
  found[1].callback();
}
const stepping = (timers: ManualTimers) => [...timers.pending.values()].some((t) => t.ms === STEP);

describe('an operator reply nobody is looking at', () => {
  it('counts in a changing tab title while the page is hidden, which comes back exactly when it is visible again', async () => {
    document.title = 'Store — Glasses';
    const { w, server, timers, network, responses } = await setup({ startOpen: true });
    network.visible = false;
    server.reply(w.sessionId!, 'Maya', 'Hello');
    await waitFor(() => responses.length === 1, 'the reply');
    expect(document.title).toBe('(1) New message · Store — Glasses');
    step(timers);
    expect(document.title).toBe('Store — Glasses');
    server.reply(w.sessionId!, 'Maya', 'Are you there?');
    await waitFor(() => responses.length === 2, 'the second reply');
    step(timers);
    expect(document.title).toBe('(2) New message · Store — Glasses');
    expect(server.log.seen).toEqual([]);

    network.becomeVisible();
    expect(document.title).toBe('Store — Glasses');
    expect(stepping(timers)).toBe(false);
    await waitFor(() => server.log.seen.length === 1, 'seen');
    expect(server.log.seen).toEqual([2]);
  });

  it('counts while the panel is closed, on the launcher too, and stops when it is opened', async () => {
    document.title = 'Store';
    const { w, server, timers, responses } = await setup();
    server.reply(w.sessionId!, 'Maya', 'Hello');
    await waitFor(() => responses.length === 1, 'the reply');
    expect(document.title).toBe('(1) New message · Store');
    expect(w.getSnapshot().unread).toBe(1);
    w.open();
    expect(document.title).toBe('Store');
    expect(stepping(timers)).toBe(false);
  });

  it('leaves the title alone for the assistant\'s answers', async () => {
    document.title = 'Store';
    const { w, responses } = await setup();
    await w.send('hello');
    await waitFor(() => responses.length === 1, 'the answer');
    expect(document.title).toBe('Store');
  });

  it('destroy() restores the title and leaves no timer or listener of its own', async () => {
    document.title = 'Store';
    const added = new Map<string, number>();
    const { addEventListener: add, removeEventListener: remove } = document;
    document.addEventListener = function (this: Document, type: string, ...rest: unknown[]) {
      added.set(type, (added.get(type) ?? 0) + 1);
      return (add as (...a: unknown[]) => void).call(this, type, ...rest);
    } as typeof document.addEventListener;
    document.removeEventListener = function (this: Document, type: string, ...rest: unknown[]) {
      added.set(type, (added.get(type) ?? 0) - 1);
      return (remove as (...a: unknown[]) => void).call(this, type, ...rest);
    } as typeof document.removeEventListener;
    try {
      const { w, server, timers, network, responses } = await setup();
      server.reply(w.sessionId!, 'Maya', 'Hello');
      await waitFor(() => responses.length === 1, 'the reply');
      expect(document.title).toBe('(1) New message · Store');
      expect(added.get('visibilitychange')).toBeGreaterThan(0);
      w.destroy();
      expect(document.title).toBe('Store');
      expect(stepping(timers)).toBe(false);
      expect(added.get('visibilitychange') ?? 0).toBe(0);
      expect(network.listenerCount).toBe(0);
    } finally {
      Object.assign(document, { addEventListener: add, removeEventListener: remove });
    }
  });
});
