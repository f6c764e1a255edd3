import { afterEach, describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../src/protocol';
import type { ChatServerOptions, Responder } from '../../src/server';
import { connectedClient, message, startServer, uniqueId, until, type ClientSocket, type TestServer } from './helpers';
import { TcpProxy } from '../support/tcp-proxy';
import { WidgetModel } from './widget-model';

const echo: Responder = async function* (m) {
  yield `re: ${m.text}`;
};

describe('connection state recovery', () => {
  let t: TestServer | undefined;
  let proxy: TcpProxy | undefined;
  const closers: (() => void)[] = [];

  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await proxy?.close();
    await t?.server.close();
    proxy = t = undefined;
  });

  /** A widget behind a proxy that can cut it off, and a second tab of its session connected directly. */
  async function setup(options: ChatServerOptions = {}) {
    t = await startServer({ respond: echo, ...options });
    proxy = await TcpProxy.start(t.server.port);
    const sessionId = uniqueId('s');
    const widget = new WidgetModel(proxy.url, sessionId);
    closers.push(() => widget.close());
    await widget.connected();
    const tab: ClientSocket = await connectedClient(t.url, sessionId);
    closers.push(() => tab.disconnect());
    return { widget, tab, sessionId };
  }

  /** Cuts the widget's transport and keeps it out until `andThen` has run. */
  async function outage(widget: WidgetModel, andThen: () => Promise<void>): Promise<void> {
    const down = new Promise((resolve) => widget.socket.once('disconnect', resolve));
    proxy!.refuseFor(60_000);
    proxy!.cutAll();
    expect(await down).toBe('transport close');
    await andThen();
    proxy!.stopRefusing();
  }

  async function sendFromTab(tab: ClientSocket, sessionId: string, text: string): Promise<string> {
    const m = message(sessionId, text);
    expect(await tab.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id });
    return m.id;
  }

  async function history(tab: ClientSocket, sessionId: string): Promise<ChatResponse[]> {
    const sync = await tab.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
    return sync.ok ? sync.responses : [];
  }

  it('gives a client back within the window what it missed, with the same ids and seqs, and sync then finds nothing twice', async () => {
    const { widget, tab, sessionId } = await setup();
    const first = uniqueId('m');
    expect(await widget.send(first, 'before')).toEqual({ ok: true, id: first });
    await widget.responseTo(first);

    let missed: string[] = [];
    await outage(widget, async () => {
      missed = [await sendFromTab(tab, sessionId, 'while away 1'), await sendFromTab(tab, sessionId, 'while away 2')];
      // Both answered (and stored) while the widget could not hear.
      await until(async () => (await history(tab, sessionId)).length === 3, 'the answers while away');
    });
    await widget.syncedTimes(2);

    expect(widget.connects[1]).toEqual({ recovered: true, synced: [] });
    expect(widget.arrivals.filter((a) => missed.includes(a.response.replyTo!)).map((a) => a.via)).toEqual(['event', 'event']);
    expect(widget.duplicates()).toEqual([]);
    expect([...widget.rendered.values()]).toEqual(await history(tab, sessionId));
    expect([...widget.rendered.values()].map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('falls back to session-sync when the window has passed, still without duplicates', async () => {
    const { widget, tab, sessionId } = await setup({ connectionStateRecovery: { maxDisconnectionDurationMs: 1 } });
    const first = uniqueId('m');
    await widget.send(first, 'before');
    await widget.responseTo(first);
    await outage(widget, async () => {
      await sendFromTab(tab, sessionId, 'while away');
      await until(async () => (await history(tab, sessionId)).length === 2, 'the answer while away');
    });
    await widget.syncedTimes(2);
    expect(widget.connects[1]?.recovered).toBe(false);
    expect(widget.connects[1]?.synced.map((r) => r.seq)).toEqual([2]);
    expect(widget.duplicates()).toEqual([]);
    expect([...widget.rendered.values()]).toEqual(await history(tab, sessionId));
  });

  it('can be turned off', async () => {
    const { widget } = await setup({ connectionStateRecovery: false });
    await outage(widget, async () => undefined);
    await widget.syncedTimes(2);
    expect(widget.connects.map((c) => c.recovered)).toEqual([false, false]);
  });

  it('answers a resend after a reconnect as a duplicate, and only once', async () => {
    const { widget } = await setup();
    const id = uniqueId('m');
    expect(await widget.send(id, 'sent once')).toEqual({ ok: true, id });
    await widget.responseTo(id);
    await outage(widget, async () => undefined);
    await widget.syncedTimes(2);
    expect(await widget.send(id, 'sent once')).toEqual({ ok: true, id, duplicate: true });
    const later = uniqueId('m');
    await widget.send(later, 'later');
    await widget.responseTo(later);
    expect([...widget.rendered.values()].filter((r) => r.replyTo === id)).toHaveLength(1);
    expect(widget.duplicates()).toEqual([]);
  });
});
