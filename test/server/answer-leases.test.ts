import { afterEach, describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../src/protocol';
import { MemorySessionStore, ResponseAborted, type Responder, type SessionStore } from '../../src/server';
import { Recorder, aborted, connectedClient, message, startServer, uniqueId, until, type ClientSocket, type TestServer } from './helpers';

/**
 * Answer leases between two servers sharing one store, in this process. Server A "dies" by no
 * longer renewing its leases (its store view drops renewals), so its lease runs out while its
 * answer is still under way, as it would after a crash; B takes the message over when a client of
 * the session syncs there. The real crash, with SIGKILL and Redis, is in hard-kill.test.ts.
 */
describe('answer leases', () => {
  const servers: TestServer[] = [];
  const sockets: ClientSocket[] = [];

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    for (const t of servers.splice(0)) await t.server.close();
  });

  /** A store view whose renewals can be dropped (the process stopped renewing) and whose calls are counted. */
  function view(inner: SessionStore) {
    const state = { renewing: true, completions: [] as number[] };
    const store = new Proxy(inner, {
      get(target, key) {
        const value = Reflect.get(target, key) as unknown;
        if (typeof value !== 'function') return value;
        if (key === 'renewLease') return (...args: Parameters<NonNullable<SessionStore['renewLease']>>) => (state.renewing ? target.renewLease!(...args) : Promise.resolve(true));
        if (key === 'completeAnswer') {
          return async (...args: Parameters<NonNullable<SessionStore['completeAnswer']>>) => {
            const seq = await target.completeAnswer!(...args);
            state.completions.push(seq);
            return seq;
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    return { store, state };
  }

  async function pair(respondA: Responder, respondB: Responder) {
    const shared = new MemorySessionStore();
    const a = view(shared);
    const b = view(shared);
    const serverA = await startServer({ store: a.store, respond: respondA, answerLeaseMs: 300 });
    const serverB = await startServer({ store: b.store, respond: respondB, answerLeaseMs: 300 });
    servers.push(serverA, serverB);
    const sessionId = uniqueId('s');
    const onA = await connectedClient(serverA.url, sessionId);
    sockets.push(onA);
    return { shared, a, b, serverA, serverB, sessionId, onA, seenOnA: new Recorder(onA) };
  }

  async function tabOn(t: TestServer, sessionId: string): Promise<{ socket: ClientSocket; seen: Recorder }> {
    const socket = await connectedClient(t.url, sessionId);
    sockets.push(socket);
    return { socket, seen: new Recorder(socket) };
  }

  it('lets B answer, once, a message whose lease A stopped renewing; A stops and its answer is never stored', async () => {
    let aSignal: AbortSignal | undefined;
    const respondA: Responder = async function* (_m, { signal }) {
      aSignal = signal;
      yield 'Half ';
      await aborted(signal);
    };
    const answeredByB: string[] = [];
    const respondB: Responder = async function* (m) {
      answeredByB.push(m.id);
      yield `B answers: ${m.text}`;
    };
    const { shared, a, b, serverA, serverB, sessionId, onA, seenOnA } = await pair(respondA, respondB);
    const m = message(sessionId, 'which frames?', { context: { locale: 'fr-FR' } });
    expect(await onA.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id });
    await seenOnA.until(() => seenOnA.chunks[0]);
    a.state.renewing = false;

    // The shopper comes back on B while A's lease still runs: B looks again when it expires.
    const { socket: onB, seen: seenOnB } = await tabOn(serverB, sessionId);
    const sync = await onB.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
    expect(sync).toEqual({ ok: true, responses: [] });
    const answer = await seenOnB.responseTo(m.id);
    expect(answer).toMatchObject({ success: true, seq: 1, replyTo: m.id, response: 'B answers: which frames?' });
    expect(answeredByB).toEqual([m.id]);
    expect(serverB.logs.filter((e) => e.event === 'takeover')).toEqual([expect.objectContaining({ sessionId, messageId: m.id })]);
    expect(await (await fetch(`${serverB.url}/metrics`)).text()).toContain('aidw_answer_takeovers_total 1');

    // A renews again and learns it lost the lease: its answer is aborted and refused by the store.
    a.state.renewing = true;
    await until(async () => aSignal?.aborted === true, 'A to abort');
    expect(aSignal?.reason).toBeInstanceOf(ResponseAborted);
    expect((aSignal?.reason as ResponseAborted).kind).toBe('taken-over');
    await until(async () => a.state.completions.length === 1, 'A to try storing');
    expect(a.state.completions).toEqual([0]);
    expect(b.state.completions).toEqual([1]);
    expect(serverA.logs.find((e) => e.event === 'response')).toMatchObject({ outcome: 'superseded' });
    expect(seenOnA.responses).toEqual([]);

    // One answer in the history, and nothing left to take over.
    const history: ChatResponse[] = await shared.responsesAfter(sessionId, 0, 10);
    expect(history.map((r) => r.replyTo)).toEqual([m.id]);
    expect(await shared.takeOverAnswers(sessionId, 'anyone', 1000, [])).toEqual({ messages: [] });
    await onB.emitWithAck('session-sync', { sessionId, afterSeq: 1 });
    const later = message(sessionId, 'thanks');
    await onB.emitWithAck('chat-message', later);
    await seenOnB.responseTo(later.id);
    expect(seenOnB.responses.filter((r) => r.replyTo === m.id)).toHaveLength(1);
    expect(answeredByB).toEqual([m.id, later.id]);
    expect([...serverA.errors, ...serverB.errors]).toEqual([]);
  });

  it('does not take over a lease that is being renewed, however often the session syncs', async () => {
    const gateOpen = { open: () => undefined as void };
    const held = new Promise<void>((resolve) => (gateOpen.open = resolve));
    const respondA: Responder = async function* () {
      yield 'slow ';
      await held;
      yield 'but complete';
    };
    const answeredByB: string[] = [];
    const { serverB, sessionId, onA, seenOnA } = await pair(respondA, async function* (m) {
      answeredByB.push(m.id);
      yield 'B';
    });
    const m = message(sessionId, 'take your time');
    await onA.emitWithAck('chat-message', m);
    await seenOnA.until(() => seenOnA.chunks[0]);
    const { socket: onB } = await tabOn(serverB, sessionId);
    // Syncs spread over three lease lifetimes: A's renewals keep the message its own.
    for (let i = 0; i < 6; i++) {
      await onB.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    gateOpen.open();
    expect(await seenOnA.responseTo(m.id)).toMatchObject({ success: true, response: 'slow but complete', seq: 1 });
    expect(answeredByB).toEqual([]);
    expect(serverB.logs.some((e) => e.event === 'takeover')).toBe(false);
  });

  it('answers a taken-over face analysis with a request to try again, never with attributes it does not have', async () => {
    const respondA: Responder = async function* (_m, { signal }) {
      yield 'Looking';
      await aborted(signal);
    };
    const { a, serverB, sessionId, onA, seenOnA } = await pair(respondA, async function* () {
      yield 'B should not be asked';
    });
    const id = uniqueId('f');
    await onA.emitWithAck('face-analysis', { id, sessionId, attributes: { faceShape: 'round', confidence: 0.9, quality: 'good' } });
    await seenOnA.until(() => seenOnA.chunks[0]);
    a.state.renewing = false;
    const { socket: onB, seen: seenOnB } = await tabOn(serverB, sessionId);
    await onB.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
    const answer = await seenOnB.responseTo(id);
    expect(answer).toMatchObject({ success: false, error: { code: 'unavailable', message: 'The face analysis was interrupted. Please try it again.' } });
  });

  it('takes over when the client resends the id (its ack was lost with A), answering it once', async () => {
    const respondA: Responder = async function* (_m, { signal }) {
      await aborted(signal);
    };
    const answeredByB: string[] = [];
    const { a, serverB, sessionId, onA } = await pair(respondA, async function* (m) {
      answeredByB.push(m.id);
      yield 'from B';
    });
    const m = message(sessionId, 'lost ack');
    await onA.emitWithAck('chat-message', m);
    a.state.renewing = false;
    const { socket: onB, seen: seenOnB } = await tabOn(serverB, sessionId);
    expect(await onB.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id, duplicate: true });
    expect(await seenOnB.responseTo(m.id)).toMatchObject({ success: true, response: 'from B' });
    expect(await onB.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id, duplicate: true });
    const later = message(sessionId, 'next');
    await onB.emitWithAck('chat-message', later);
    await seenOnB.responseTo(later.id);
    expect(answeredByB).toEqual([m.id, later.id]);
  });

  it('keeps working with a store without leases', async () => {
    const plain = new MemorySessionStore();
    const noLeases: SessionStore = {
      rememberMessage: (s, m) => plain.rememberMessage(s, m),
      nextSeq: (s) => plain.nextSeq(s),
      appendResponse: (s, r) => plain.appendResponse(s, r),
      responsesAfter: (s, a, l) => plain.responsesAfter(s, a, l),
      answerTo: (s, m) => plain.answerTo(s, m),
      getContext: (s) => plain.getContext(s),
      setContext: (s, c) => plain.setContext(s, c),
    };
    const t = await startServer({ store: noLeases, respond: async function* (m) { yield `re: ${m.text}`; } });
    servers.push(t);
    const { socket, seen } = await tabOn(t, uniqueId('s'));
    const sessionId = (socket.auth as { sessionId: string }).sessionId;
    const m = message(sessionId, 'plain');
    await socket.emitWithAck('chat-message', m);
    expect(await seen.responseTo(m.id)).toMatchObject({ seq: 1, response: 're: plain' });
    expect(await socket.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id, duplicate: true });
    expect(await socket.emitWithAck('session-sync', { sessionId, afterSeq: 0 })).toMatchObject({ ok: true, responses: [{ replyTo: m.id }] });
    expect(t.errors).toEqual([]);
  });
});
