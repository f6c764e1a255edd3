import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ChatResponse } from '../../src/protocol';
import type { SessionStore } from '../../src/server';

export interface StoreBounds {
  maxHistory?: number;
  maxMessageIds?: number;
  maxTurns?: number;
  maxTurnLength?: number;
}

const response = (seq: number, sessionId: string, replyTo?: string): ChatResponse => ({
  success: true, id: `r${seq}-${randomUUID()}`, seq, sessionId, timestamp: 1_700_000_000_000 + seq, response: `answer ${seq}`,
  ...(replyTo === undefined ? {} : { replyTo }),
});

/**
 * The behaviour every SessionStore owes the server, run against each implementation. Session ids
 * are fresh per test, so a shared backend needs no cleaning between tests.
 */
export function sessionStoreContract(make: (bounds?: StoreBounds) => SessionStore): void {
  const sid = () => `s-${randomUUID()}`;

  it('remembers message ids per session and forgets the oldest past maxMessageIds', async () => {
    const store = make({ maxMessageIds: 2 });
    const [s, other] = [sid(), sid()];
    expect(await store.rememberMessage(s, 'a')).toBe(true);
    expect(await store.rememberMessage(s, 'a')).toBe(false);
    expect(await store.rememberMessage(other, 'a')).toBe(true);
    await store.rememberMessage(s, 'b');
    await store.rememberMessage(s, 'c');
    expect(await store.rememberMessage(s, 'c')).toBe(false);
    expect(await store.rememberMessage(s, 'b')).toBe(false);
    expect(await store.rememberMessage(s, 'a')).toBe(true);
  });

  it('tells exactly one of many concurrent callers that an id is new', async () => {
    const store = make();
    const s = sid();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.rememberMessage(s, 'same')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('counts seq per session from 1', async () => {
    const store = make();
    const [a, b] = [sid(), sid()];
    expect([await store.nextSeq(a), await store.nextSeq(a), await store.nextSeq(b), await store.nextSeq(a)]).toEqual([1, 2, 1, 3]);
  });

  it('keeps the last maxHistory responses and pages them after a seq, oldest first', async () => {
    const store = make({ maxHistory: 3 });
    const s = sid();
    const all = [1, 2, 3, 4, 5].map((seq) => response(seq, s));
    for (const r of all) await store.appendResponse(s, r);
    expect(await store.responsesAfter(s, 0, 10)).toEqual(all.slice(2));
    expect((await store.responsesAfter(s, 3, 10)).map((r) => r.seq)).toEqual([4, 5]);
    expect((await store.responsesAfter(s, 0, 1)).map((r) => r.seq)).toEqual([3]);
    expect(await store.responsesAfter(s, 5, 10)).toEqual([]);
    expect(await store.responsesAfter(s, 0, 0)).toEqual([]);
    expect(await store.responsesAfter(sid(), 0, 10)).toEqual([]);
  });

  it('returns responses exactly as stored, blocks and errors included', async () => {
    const store = make();
    const s = sid();
    const rich: ChatResponse = {
      ...response(1, s, 'm1'),
      blocks: [
        { type: 'products', items: [{ id: 'p1', title: 'Frames "Aviator" ü', url: '/p/1', price: { amount: 19.99, currency: 'EUR' }, available: true }] },
        { type: 'quick-replies', options: [] as { label: string; value: string }[] },
      ],
      provider: 'test',
    };
    const failed: ChatResponse = { ...response(2, s, 'm2'), success: false, error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 1500 }, cancelled: true };
    await store.appendResponse(s, rich);
    await store.appendResponse(s, failed);
    expect(await store.responsesAfter(s, 0, 10)).toEqual([rich, failed]);
  });

  it('knows the answer to each remembered message: unanswered, answered, then evicted', async () => {
    const store = make({ maxHistory: 1 });
    const s = sid();
    expect(await store.answerTo(s, 'never-seen')).toEqual({ status: 'unanswered' });
    await store.rememberMessage(s, 'm1');
    expect(await store.answerTo(s, 'm1')).toEqual({ status: 'unanswered' });
    const first = response(await store.nextSeq(s), s, 'm1');
    await store.appendResponse(s, first);
    expect(await store.answerTo(s, 'm1')).toEqual({ status: 'answered', response: first });

    await store.rememberMessage(s, 'm2');
    const second = response(await store.nextSeq(s), s, 'm2');
    await store.appendResponse(s, second);
    expect(await store.answerTo(s, 'm2')).toEqual({ status: 'answered', response: second });
    expect(await store.answerTo(s, 'm1')).toEqual({ status: 'evicted' });
  });

  it('marks only remembered ids as answered, and forgets answers with their ids', async () => {
    const store = make({ maxMessageIds: 1 });
    const s = sid();
    await store.appendResponse(s, response(1, s, 'not-remembered'));
    expect(await store.answerTo(s, 'not-remembered')).toEqual({ status: 'unanswered' });
    await store.rememberMessage(s, 'm1');
    await store.appendResponse(s, response(2, s, 'm1'));
    await store.rememberMessage(s, 'm2');
    expect(await store.answerTo(s, 'm1')).toEqual({ status: 'unanswered' });
    expect(await store.rememberMessage(s, 'm1')).toBe(true);
  });

  it('stores context by value', async () => {
    const store = make();
    const s = sid();
    expect(await store.getContext(s)).toEqual({});
    const context = { locale: 'en-US', product: { id: '42' } };
    await store.setContext(s, context);
    context.locale = 'changed';
    const read = await store.getContext(s);
    read.currency = 'EUR';
    expect(await store.getContext(s)).toEqual({ locale: 'en-US', product: { id: '42' } });
    await store.setContext(s, { shop: 'b.example' });
    expect(await store.getContext(s)).toEqual({ shop: 'b.example' });
  });

  it('keeps the last maxTurns conversation turns per session, each cut to maxTurnLength, oldest first', async () => {
    const store = make({ maxTurns: 3, maxTurnLength: 5 });
    const [s, other] = [sid(), sid()];
    expect(await store.recentTurns?.(s, 10)).toEqual([]);
    await store.appendTurns?.(s, [{ role: 'shopper', text: 'one' }, { role: 'assistant', text: 'answer one' }]);
    await store.appendTurns?.(other, [{ role: 'shopper', text: 'elsewhere' }]);
    expect(await store.recentTurns?.(s, 10)).toEqual([{ role: 'shopper', text: 'one' }, { role: 'assistant', text: 'answ' + 'e' }]);
    await store.appendTurns?.(s, [{ role: 'shopper', text: 'two 😀' }, { role: 'assistant', text: 'é' }]);
    // The emoji is two UTF-16 units at the cut: the whole pair goes rather than half of it.
    expect(await store.recentTurns?.(s, 10)).toEqual([{ role: 'assistant', text: 'answe' }, { role: 'shopper', text: 'two ' }, { role: 'assistant', text: 'é' }]);
    expect(await store.recentTurns?.(s, 2)).toEqual([{ role: 'shopper', text: 'two ' }, { role: 'assistant', text: 'é' }]);
    expect(await store.recentTurns?.(s, 0)).toEqual([]);
    expect(await store.recentTurns?.(other, 10)).toEqual([{ role: 'shopper', text: 'elsew' }]);
    expect(await store.recentTurns?.(sid(), 10)).toEqual([]);
  });

  const leased = (id: string, sessionId: string) => ({ id, sessionId, text: `question ${id}`, sentAt: 1, context: { locale: 'en-US', list: [] } });
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('leases the answer to a new message, and stores the answer only for the lease holder, once', async () => {
    const store = make();
    const s = sid();
    expect(await store.acceptMessage?.(s, leased('m1', s), 'A', 60_000)).toBe(true);
    expect(await store.acceptMessage?.(s, leased('m1', s), 'B', 60_000)).toBe(false);
    expect(await store.rememberMessage(s, 'm1')).toBe(false);
    expect(await store.renewLease?.(s, 'm1', 'B', 60_000)).toBe(false);
    expect(await store.renewLease?.(s, 'm1', 'A', 60_000)).toBe(true);
    expect(await store.completeAnswer?.(s, response(0, s, 'm1'), 'B')).toBe(0);
    const answer = response(0, s, 'm1');
    expect(await store.completeAnswer?.(s, answer, 'A')).toBe(1);
    expect(await store.answerTo(s, 'm1')).toEqual({ status: 'answered', response: { ...answer, seq: 1 } });
    expect(await store.responsesAfter(s, 0, 10)).toEqual([{ ...answer, seq: 1 }]);
    // Answered: the lease is gone, and no one can answer again.
    expect(await store.renewLease?.(s, 'm1', 'A', 60_000)).toBe(false);
    expect(await store.completeAnswer?.(s, response(0, s, 'm1'), 'A')).toBe(0);
    expect(await store.nextSeq(s)).toBe(2);
  });

  it('hands an expired lease of an unanswered message to one taker, with the message, and only then', async () => {
    const store = make();
    const s = sid();
    await store.acceptMessage?.(s, leased('m1', s), 'A', 150);
    await store.acceptMessage?.(s, leased('m2', s), 'A', 60_000);
    const early = await store.takeOverAnswers?.(s, 'B', 60_000, []);
    expect(early?.messages).toEqual([]);
    expect(early?.retryInMs).toBeGreaterThan(0);
    expect(early?.retryInMs).toBeLessThanOrEqual(150);
    await pause(250);
    // Several processes at once: each expired message goes to exactly one of them.
    const takers = await Promise.all(['B', 'C', 'D', 'B'].map((owner) => store.takeOverAnswers?.(s, owner, 60_000, [])));
    const got = takers.flatMap((t) => t?.messages ?? []);
    expect(got).toEqual([leased('m1', s)]);
    const winner = ['B', 'C', 'D', 'B'][takers.findIndex((t) => (t?.messages.length ?? 0) > 0)]!;
    // The old holder has lost it; the new one holds it.
    expect(await store.renewLease?.(s, 'm1', 'A', 60_000)).toBe(false);
    expect(await store.completeAnswer?.(s, response(0, s, 'm1'), 'A')).toBe(0);
    expect(await store.completeAnswer?.(s, response(0, s, 'm1'), winner)).toBe(1);
    // m2 is still A's and alive.
    expect(await store.renewLease?.(s, 'm2', 'A', 60_000)).toBe(true);
  });

  it('skips excluded messages, drops leases of answered or forgotten messages, and reads nothing into unknown sessions', async () => {
    const store = make({ maxMessageIds: 2 });
    const s = sid();
    await store.acceptMessage?.(s, leased('m1', s), 'A', 1);
    await store.acceptMessage?.(s, leased('m2', s), 'A', 1);
    await pause(20);
    expect((await store.takeOverAnswers?.(s, 'A', 60_000, ['m1', 'm2']))?.messages).toEqual([]);
    expect((await store.takeOverAnswers?.(s, 'A', 60_000, ['m2']))?.messages.map((m) => m.id)).toEqual(['m1']);
    // m2, still expired, answered by a store-level append (no lease check): its lease is dropped, not taken.
    await store.appendResponse(s, response(await store.nextSeq(s), s, 'm2'));
    // m3 pushes m1 out of the remembered ids, and its lease with it.
    await store.acceptMessage?.(s, leased('m3', s), 'A', 60_000);
    await pause(5);
    expect(await store.takeOverAnswers?.(s, 'B', 60_000, [])).toEqual({ messages: [], retryInMs: expect.any(Number) });
    expect(await store.renewLease?.(s, 'm1', 'A', 60_000)).toBe(false);
    expect(await store.takeOverAnswers?.(sid(), 'B', 60_000, [])).toEqual({ messages: [] });
  });

  it('binds a session to the first identity that claims it, atomically, and reads without claiming', async () => {
    const store = make();
    const [s, other] = [sid(), sid()];
    expect(await store.claimSession?.(s, '')).toBe('');
    const claims = await Promise.all(['customer:a', 'customer:b', 'customer:c'].map((identity) => store.claimSession?.(s, identity)));
    expect(new Set(claims).size).toBe(1);
    const owner = claims[0];
    expect(await store.claimSession?.(s, 'customer:z')).toBe(owner);
    expect(await store.claimSession?.(s, '')).toBe(owner);
    expect(await store.claimSession?.(other, '')).toBe('');
  });

  it('lets one address open at most max new sessions per window, atomically, free for sessions it holds or opened', async () => {
    const store = make();
    if (!store.openSession) throw new Error('both built-in stores count new sessions per address');
    const rule = { max: 5, windowMs: 60_000 };
    const address = `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 8)}`;
    const held = sid();
    await store.nextSeq(held);
    const fresh = Array.from({ length: 20 }, () => sid());
    const results = await Promise.all(fresh.map((s) => store.openSession!(s, address, rule)));
    const opened = fresh.filter((_, i) => results[i]!.ok);
    expect(opened).toHaveLength(5);
    for (const r of results) if (!r.ok) expect(r.retryAfterMs).toBeGreaterThan(0);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, retryAfterMs: expect.any(Number) });
    // Opened ones stay open to their address, a session the store holds is never counted, other addresses have their own count.
    expect(await store.openSession(opened[0]!, address, rule)).toEqual({ ok: true });
    expect(await store.openSession(held, address, rule)).toEqual({ ok: true });
    expect((await store.openSession(sid(), address, rule)).ok).toBe(false);
    expect(await store.openSession(sid(), `${address}-other`, rule)).toEqual({ ok: true });
  });
}
