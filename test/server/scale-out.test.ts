import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../src/protocol';
import { startRedis, type RedisProcess } from '../support/redis';
import { Recorder, connectedClient, message, uniqueId, type ClientSocket } from './helpers';
import { TcpProxy } from '../support/tcp-proxy';
import { ServerProcess } from './server-process';
import { WidgetModel } from './widget-model';

/**
 * Two chat server processes (the built dist/server, as deployed) on one real Redis, behind a TCP
 * proxy standing in for the load balancer. The widget starts on A; A goes away and the proxy sends
 * it to B, mid-conversation.
 */
describe('two server processes on one Redis', () => {
  let redis: RedisProcess;
  const cleanup: (() => unknown)[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  async function cluster() {
    const keyPrefix = `t${randomUUID().slice(0, 8)}:`;
    const a = await ServerProcess.start('A', redis.url, keyPrefix);
    cleanup.push(() => a.kill());
    const b = await ServerProcess.start('B', redis.url, keyPrefix);
    cleanup.push(() => b.kill());
    const proxy = await TcpProxy.start(a.port);
    cleanup.push(() => proxy.close());
    const sessionId = uniqueId('s');
    const widget = new WidgetModel(proxy.url, sessionId);
    cleanup.push(() => widget.close());
    await widget.connected();
    // Another tab of the same session, connected to B from the start.
    const tab: ClientSocket = await connectedClient(b.url, sessionId);
    cleanup.push(() => tab.disconnect());
    return { a, b, proxy, widget, tab, tabSees: new Recorder(tab), sessionId };
  }

  async function say(widget: WidgetModel, text: string): Promise<ChatResponse> {
    const id = uniqueId('m');
    expect(await widget.send(id, text)).toEqual({ ok: true, id });
    return widget.responseTo(id);
  }

  async function history(tab: ClientSocket, sessionId: string): Promise<ChatResponse[]> {
    const sync = await tab.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
    return sync.ok ? sync.responses : [];
  }

  it('moves a conversation from A to B: continuous seq, full history, no duplicate, no second answer', async () => {
    const { a, b, proxy, widget, tab, tabSees, sessionId } = await cluster();
    const one = await say(widget, 'one');
    const two = await say(widget, 'two');
    expect([one.seq, two.seq]).toEqual([1, 2]);
    expect(one.response).toBe('A re: one');
    // Produced on A, delivered by the adapter to the tab on B.
    expect(await tabSees.responseTo(two.replyTo!)).toEqual(two);
    expect(await tabSees.responseTo(one.replyTo!)).toEqual(one);

    // A goes away (a deploy); while the widget is out, the tab on B talks on.
    proxy.retarget(b.port);
    proxy.refuseFor(60_000);
    const down = new Promise((resolve) => widget.socket.once('disconnect', resolve));
    expect(await a.close()).toBe(0);
    expect(await down).toBe('transport close');
    const away = message(sessionId, 'while you were away');
    expect(await tab.emitWithAck('chat-message', away)).toEqual({ ok: true, id: away.id });
    await tabSees.responseTo(away.id);
    proxy.stopRefusing();
    await widget.syncedTimes(2);

    // B recovered the widget's Socket.IO session that A saved in Redis, with the missed answer.
    expect(widget.connects[1]?.recovered).toBe(true);
    const missed = await widget.responseTo(away.id);
    expect(missed).toMatchObject({ seq: 3, response: 'B re: while you were away' });

    const four = await say(widget, 'four');
    expect(four).toMatchObject({ seq: 4, response: 'B re: four' });
    // The widget resends an id A already acknowledged (its ack was lost, say): B knows it.
    expect(await widget.send(two.replyTo!, 'two')).toEqual({ ok: true, id: two.replyTo, duplicate: true });
    // Answers of a session come out in order, so once this one is here a second "two" would be too.
    const five = await say(widget, 'five');

    const rendered = [...widget.rendered.values()];
    expect(rendered.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(widget.duplicates()).toEqual([]);
    expect(rendered).toEqual(await history(tab, sessionId));
    expect(rendered.filter((r) => r.replyTo === two.replyTo)).toHaveLength(1);
    // Each message was answered once, by one server.
    expect(a.answered).toEqual([one.replyTo, two.replyTo]);
    expect(b.answered).toEqual([away.id, four.replyTo, five.replyTo]);
    expect([...a.errors, ...b.errors]).toEqual([]);
    expect(await b.close()).toBe(0);
  });

  it('when A crashes, the widget catches up on B through session-sync, without duplicates', async () => {
    const { a, b, proxy, widget, tab, tabSees, sessionId } = await cluster();
    const one = await say(widget, 'one');
    const down = new Promise((resolve) => widget.socket.once('disconnect', resolve));
    a.kill();
    expect(await down).toBe('transport close');
    const away = message(sessionId, 'while A was dead');
    await tab.emitWithAck('chat-message', away);
    await tabSees.responseTo(away.id);
    // The widget finds B only once the answer is stored: had it joined B's room while the answer
    // was on its way, the answer would arrive live as well as through sync (a race, not a bug:
    // the widget drops the second copy by id), and this test is about the sync.
    proxy.retarget(b.port);
    await widget.syncedTimes(2);
    // A could not save the session on its way down: no recovery, session-sync fills the gap.
    expect(widget.connects[1]).toMatchObject({ recovered: false });
    expect(widget.connects[1]?.synced.map((r) => r.replyTo)).toEqual([away.id]);
    // A resend of the first message is a duplicate on B too.
    expect(await widget.send(one.replyTo!, 'one')).toEqual({ ok: true, id: one.replyTo, duplicate: true });
    const three = await say(widget, 'three');
    expect(three.seq).toBe(3);
    expect(widget.duplicates()).toEqual([]);
    expect([...widget.rendered.values()]).toEqual(await history(tab, sessionId));
    expect(b.answered).toEqual([away.id, three.replyTo]);
    expect(await b.close()).toBe(0);
  });
});
