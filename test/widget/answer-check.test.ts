// @vitest-environment jsdom
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { AIDiscoveryWidget, type ChatResponse, type ConnectionStatus, type WidgetError, type WidgetOptions } from '../../src/index';
import { waitFor } from '../support/wait';
import { ManualTimers } from '../support/fake-env';
import { tracked } from '../support/tracked';

const { servers, widgets } = tracked();

type Seen = { event: 'chat-message'; id: string } | { event: 'session-sync'; afterSeq: number };

/**
 * A bare Socket.IO server on loopback that acknowledges every message but never pushes an answer:
 * `answer` decides, per message and attempt, whether the answer is stored (then only a
 * session-sync brings it) or sent live. It stands for a server whose push failed (its store was
 * down for a moment) or that lost what it had acknowledged (a store without persistence, restarted).
 */
async function quietServer(answer: (id: string, attempt: number) => 'stored' | 'live' | 'nothing') {
  const http = createServer();
  const io = new Server(http);
  const seen: Seen[] = [];
  const stored: ChatResponse[] = [];
  const attempts = new Map<string, number>();
  let seq = 0;
  io.on('connection', (socket) => {
    const sessionId = (socket.handshake.auth as { sessionId: string }).sessionId;
    socket.on('chat-message', (message: { id: string; text: string }, ack: (a: unknown) => void) => {
      seen.push({ event: 'chat-message', id: message.id });
      const attempt = (attempts.get(message.id) ?? 0) + 1;
      attempts.set(message.id, attempt);
      ack({ ok: true, id: message.id });
      const what = answer(message.id, attempt);
      if (what === 'nothing') return;
      const response: ChatResponse = { success: true, id: `r-${message.id}`, seq: ++seq, replyTo: message.id, sessionId, response: `re: ${message.text}`, timestamp: Date.now() };
      if (what === 'stored') stored.push(response);
      else socket.emit('chat-response', response);
    });
    socket.on('session-sync', (payload: { afterSeq: number }, ack: (a: unknown) => void) => {
      seen.push({ event: 'session-sync', afterSeq: payload.afterSeq });
      ack({ ok: true, responses: stored.filter((r) => r.seq > payload.afterSeq) });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const server = { port: (http.address() as AddressInfo).port, seen, close: () => new Promise<void>((r) => io.close(() => r())) };
  servers.push(server);
  return server;
}

function widget(port: number, extra: WidgetOptions = {}) {
  // Hand-driven timers: a check happens when the test fires it, never by a race with the network.
  const timers = new ManualTimers();
  const w = new AIDiscoveryWidget({ socketUrl: `http://127.0.0.1:${port}`, transports: ['websocket'], storage: 'memory', environment: { timers }, ...extra });
  widgets.push(w);
  const statuses: ConnectionStatus[] = [];
  const responses: ChatResponse[] = [];
  const errors: WidgetError[] = [];
  const states: string[] = [];
  w.on('status', (s) => statuses.push(s));
  w.on('response', (r) => responses.push(r));
  w.on('error', (e) => errors.push(e));
  w.on('message', (m) => states.push(m.state));
  return { w, timers, statuses, responses, errors, states };
}

/** Runs the pending timer of `ms` (the widget's other timers have other delays). */
function fire(timers: ManualTimers, ms: number): void {
  const found = [...timers.pending].find(([, t]) => t.ms === ms);
  if (!found) throw new Error(`no ${ms} ms timer pending; pending: ${[...timers.pending.values()].map((t) => t.ms).join(', ')}`);
  timers.pending.delete(found[0]);
  found[1].callback();
}

const delays = (timers: ManualTimers) => [...timers.pending.values()].map((t) => t.ms);
const events = (seen: Seen[]) => seen.map((s) => (s.event === 'chat-message' ? 'message' : `sync after ${s.afterSeq}`));

describe('an acknowledged message whose answer does not come', () => {
  it('is looked for with session-sync after 15 s while the connection stays up, and its answer shown once', async () => {
    const server = await quietServer(() => 'stored');
    const { w, timers, statuses, responses, errors } = widget(server.port);
    w.mount();
    await waitFor(() => w.status === 'connected', 'connected');
    const { id } = await w.send('lipstick');
    expect(events(server.seen)).toEqual(['sync after 0', 'message']);
    fire(timers, 15_000);
    await waitFor(() => responses.length === 1, 'the answer, through session-sync');
    expect(responses.map((r) => [r.replyTo, r.response])).toEqual([[id, 're: lipstick']]);
    // The sync on connecting found nothing; the check found the answer, so the message was not
    // sent again, and no further check is waiting.
    expect(events(server.seen)).toEqual(['sync after 0', 'message', 'sync after 0']);
    expect(delays(timers)).not.toContain(30_000);
    expect(statuses).toEqual(['connecting', 'connected']);
    expect(errors).toEqual([]);
  });

  it('is sent again with its id when the sync brings nothing (the server forgot it), and answered once', async () => {
    // Forgotten after the ack (a store without persistence, restarted); then known again.
    const server = await quietServer((_id, attempt) => (attempt === 2 ? 'live' : 'nothing'));
    const { w, timers, responses, errors, states } = widget(server.port);
    w.mount();
    await waitFor(() => w.status === 'connected', 'connected');
    const { id } = await w.send('red running shoes');
    fire(timers, 15_000);
    await waitFor(() => responses.length === 1, 'the answer to the message sent again');
    expect(responses[0]!.replyTo).toBe(id);
    expect(events(server.seen)).toEqual(['sync after 0', 'message', 'sync after 0', 'message']);
    expect(server.seen.filter((s) => s.event === 'chat-message').map((s) => s.id)).toEqual([id, id]);
    // Shown as sent throughout: the check is not a second delivery.
    expect(states).toEqual(['queued', 'sending', 'sent']);
    expect(delays(timers)).not.toContain(30_000);
    expect(errors).toEqual([]);
  });

  it('is checked a bounded number of times, further apart each time, then reported', async () => {
    const server = await quietServer(() => 'nothing');
    const { w, timers, errors } = widget(server.port, { answerCheck: { delayMs: 20, maxDelayMs: 50, maxChecks: 3 } });
    w.mount();
    await waitFor(() => w.status === 'connected', 'connected');
    const { id } = await w.send('sunglasses');
    // 20, then doubled but capped at 50; each check is a sync and, as it brings nothing, a resend.
    for (const [n, ms] of [20, 40, 50].entries()) {
      fire(timers, ms);
      await waitFor(() => server.seen.length === 2 + 2 * (n + 1), `check ${n + 1}`);
    }
    expect(errors).toEqual([]);
    fire(timers, 50);
    expect(errors.map((e) => e.code)).toEqual(['timeout']);
    expect(events(server.seen)).toEqual(['sync after 0', 'message', ...Array(3).fill(['sync after 0', 'message']).flat()]);
    expect(server.seen.filter((s) => s.event === 'chat-message').every((s) => s.id === id)).toBe(true);
    expect(delays(timers).filter((ms) => ms <= 50)).toEqual([]);
  });
});
