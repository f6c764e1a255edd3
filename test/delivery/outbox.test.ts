import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/connection/backoff';
import { Outbox, type DeliveryState, type Transport } from '../../src/delivery/outbox';
import type { ChatMessage, MessageAck } from '../../src/protocol';
import { WidgetError } from '../../src/util/errors';
import { fakeEnvironment } from '../support/fake-env';

function message(n: number): ChatMessage {
  return { id: `m-${n}`, sessionId: 's', text: `hello ${n}`, sentAt: n };
}

/** A transport whose answers the test gives one at a time. */
function scriptedTransport() {
  const calls: { message: ChatMessage; answer: (ack: MessageAck) => void; drop: () => void }[] = [];
  const transport: Transport = (m) =>
    new Promise((resolve, reject) => calls.push({ message: m, answer: resolve, drop: () => reject(new Error('timeout')) }));
  return { transport, calls };
}

function setup(now = () => 1_000, durable?: () => Promise<void>) {
  const env = fakeEnvironment({ now });
  const changes: [string, DeliveryState, string?][] = [];
  const outbox = new Outbox({
    env,
    backoff: new Backoff({ initialDelayMs: 100, factor: 2, jitter: 0 }, env.random),
    ackTimeoutMs: 1000,
    maxPending: 3,
    maxAgeMs: 60_000,
    onChange: (m, state, error) => changes.push(error ? [m.id, state, error.code] : [m.id, state]),
    ...(durable ? { durable } : {}),
  });
  return { env, outbox, changes };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('Outbox', () => {
  it('queues while there is no transport and sends in order, one at a time, once connected', async () => {
    const { outbox } = setup();
    const { transport, calls } = scriptedTransport();
    const results = [outbox.add(message(1)), outbox.add(message(2))];
    expect(calls).toHaveLength(0);
    outbox.setTransport(transport);
    expect(calls.map((c) => c.message.id)).toEqual(['m-1']);
    calls[0]!.answer({ ok: true, id: 'm-1' });
    await tick();
    expect(calls.map((c) => c.message.id)).toEqual(['m-1', 'm-2']);
    calls[1]!.answer({ ok: true, id: 'm-2', duplicate: true });
    expect(await Promise.all(results)).toEqual([{ id: 'm-1', duplicate: false }, { id: 'm-2', duplicate: true }]);
  });

  it('retries a retryable error with the same id after the server-given delay, then backoff', async () => {
    const { outbox, env, changes } = setup();
    const { transport, calls } = scriptedTransport();
    outbox.setTransport(transport);
    const result = outbox.add(message(1));
    calls[0]!.answer({ ok: false, id: 'm-1', error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 750 } });
    await tick();
    expect(env.timers.requested).toEqual([750]);
    env.timers.runNext();
    calls[1]!.drop();
    await tick();
    expect(env.timers.requested).toEqual([750, 200]);
    env.timers.runNext();
    calls[2]!.answer({ ok: true, id: 'm-1' });
    await expect(result).resolves.toEqual({ id: 'm-1', duplicate: false });
    expect(calls.map((c) => c.message)).toEqual([message(1), message(1), message(1)]);
    expect(changes.map((c) => c[1])).toEqual(['queued', 'sending', 'queued', 'sending', 'queued', 'sending', 'sent']);
  });

  it('gives up on a permanent error, says why, moves on, and can retry the failed one', async () => {
    const { outbox, changes } = setup();
    const { transport, calls } = scriptedTransport();
    outbox.setTransport(transport);
    const first = outbox.add(message(1));
    const second = outbox.add(message(2));
    calls[0]!.answer({ ok: false, id: 'm-1', error: { code: 'too_large', message: 'too long' } });
    await expect(first).rejects.toMatchObject({ code: 'too_large', message: 'too long' });
    expect(await first.catch((e: unknown) => e)).toBeInstanceOf(WidgetError);
    await tick();
    calls[1]!.answer({ ok: true, id: 'm-2' });
    await second;
    expect(changes).toContainEqual(['m-1', 'failed', 'too_large']);
    const again = outbox.retry('m-1');
    calls[2]!.answer({ ok: true, id: 'm-1' });
    await expect(again).resolves.toEqual({ id: 'm-1', duplicate: false });
    expect(outbox.retry('m-1')).toBeUndefined();
  });

  it('a lost connection puts the unanswered message back and resends it first, ignoring the late reply', async () => {
    const { outbox, changes } = setup();
    const first = scriptedTransport();
    outbox.setTransport(first.transport);
    const result = outbox.add(message(1));
    outbox.add(message(2)).catch(() => {});
    outbox.setTransport(undefined);
    first.calls[0]!.answer({ ok: false, id: 'm-1', error: { code: 'invalid', message: 'late and wrong' } });
    await tick();
    expect(changes.filter((c) => c[1] === 'failed')).toEqual([]);
    const second = scriptedTransport();
    outbox.setTransport(second.transport);
    expect(second.calls.map((c) => c.message.id)).toEqual(['m-1']);
    second.calls[0]!.answer({ ok: true, id: 'm-1', duplicate: true });
    await expect(result).resolves.toEqual({ id: 'm-1', duplicate: true });
    outbox.close();
  });

  it('close() rejects what is still waiting and cancels the retry timer', async () => {
    const { outbox, env } = setup();
    const { transport, calls } = scriptedTransport();
    outbox.setTransport(transport);
    const pending = outbox.add(message(1));
    calls[0]!.drop();
    await tick();
    expect(env.timers.pending.size).toBe(1);
    outbox.close();
    await expect(pending).rejects.toMatchObject({ code: 'destroyed' });
    expect(env.timers.pending.size).toBe(0);
    expect(outbox.pending).toBe(0);
  });

  it('refuses past its bound with a visible, retryable failure; nothing is dropped silently', async () => {
    const { outbox, changes } = setup();
    const pending = [1, 2, 3].map((n) => outbox.add(message(n)));
    const overflow = outbox.add(message(4));
    await expect(overflow).rejects.toMatchObject({ code: 'overflow' });
    expect(changes).toContainEqual(['m-4', 'failed', 'overflow']);
    expect(outbox.pending).toBe(3);
    const { transport, calls } = scriptedTransport();
    outbox.setTransport(transport);
    for (let i = 0; i < 3; i++) {
      calls[i]!.answer({ ok: true, id: calls[i]!.message.id });
      await tick();
    }
    await Promise.all(pending);
    const again = outbox.retry('m-4')!;
    calls[3]!.answer({ ok: true, id: 'm-4' });
    await expect(again).resolves.toEqual({ id: 'm-4', duplicate: false });
  });

  it('fails a message whose moment has passed instead of sending it late', async () => {
    let now = 1_000;
    const { outbox, changes } = setup(() => now);
    const old = outbox.add({ ...message(1), sentAt: 1_000 });
    const fresh = outbox.add({ ...message(2), sentAt: 70_000 });
    now = 70_001;
    const { transport, calls } = scriptedTransport();
    outbox.setTransport(transport);
    await expect(old).rejects.toMatchObject({ code: 'expired' });
    expect(calls.map((c) => c.message.id)).toEqual(['m-2']);
    calls[0]!.answer({ ok: true, id: 'm-2' });
    await fresh;
    expect(changes).toContainEqual(['m-1', 'failed', 'expired']);
  });
});

describe('Outbox with durable storage', () => {
  it('sends nothing until storage says the queue is written, and not through a transport replaced meanwhile', async () => {
    const writes: (() => void)[] = [];
    const { outbox } = setup(undefined, () => new Promise<void>((resolve) => writes.push(resolve)));
    const stale = scriptedTransport();
    const fresh = scriptedTransport();
    outbox.setTransport(stale.transport);
    const result = outbox.add(message(1));
    await tick();
    expect(stale.calls).toHaveLength(0);
    outbox.setTransport(fresh.transport);
    // Both waits end: the one begun for the replaced transport must not use it.
    expect(writes).toHaveLength(2);
    writes.forEach((done) => done());
    await tick();
    expect(stale.calls).toHaveLength(0);
    expect(fresh.calls.map((c) => c.message.id)).toEqual(['m-1']);
    fresh.calls[0]!.answer({ ok: true, id: 'm-1' });
    expect(await result).toEqual({ id: 'm-1', duplicate: false });
  });
});
