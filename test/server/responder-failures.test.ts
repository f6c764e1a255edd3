import { describe, expect, it } from 'vitest';
import { ProtocolFailure } from '../../src/protocol';
import { ResponseAborted, type ChatServerOptions, type Responder } from '../../src/server';
import { aborted, fixed, gate, message, type LooseSocket, serverHarness } from './helpers';

describe('cancelling, failing and slow responders', () => {
  const h = serverHarness();

  const setup = (options: ChatServerOptions = {}) => h.session(options);

  it('chat-cancel stops a stream early; the final response keeps the text so far and says cancelled', async () => {
    const reasons: unknown[] = [];
    const respond: Responder = async function* (_m, { signal }) {
      yield 'one ';
      yield 'two ';
      await aborted(signal);
      reasons.push(signal.reason);
      yield 'three';
    };
    const { socket, sessionId, recorder } = await setup({ respond });
    const m = message(sessionId, 'tell me everything');
    await socket.emitWithAck('chat-message', m);
    await recorder.until(() => recorder.chunks.find((c) => c.index === 1));
    expect(await socket.emitWithAck('chat-cancel', { sessionId, replyTo: m.id })).toEqual({ ok: true });

    const response = await recorder.responseTo(m.id);
    expect(response).toMatchObject({ success: true, cancelled: true, response: 'one two ', seq: 1 });
    expect(recorder.chunks.map((c) => c.delta)).toEqual(['one ', 'two ']);
    expect(reasons).toEqual([expect.any(ResponseAborted)]);
    expect((reasons[0] as ResponseAborted).kind).toBe('cancelled');
    const sync = await socket.emitWithAck('session-sync', { sessionId, afterSeq: 0 });
    expect(sync.ok && sync.responses[0]).toMatchObject({ cancelled: true });
  });

  it('cancels a message still waiting its turn without calling the responder for it', async () => {
    const hold = gate();
    const asked: string[] = [];
    const respond: Responder = async function* (m) {
      asked.push(m.text);
      if (m.text === 'first') await hold.promise;
      yield `answer to ${m.text}`;
    };
    const { socket, sessionId, recorder } = await setup({ respond });
    const first = message(sessionId, 'first');
    const second = message(sessionId, 'second');
    await socket.emitWithAck('chat-message', first);
    await socket.emitWithAck('chat-message', second);
    await socket.emitWithAck('chat-cancel', { sessionId, replyTo: second.id });
    hold.open();

    const response = await recorder.responseTo(second.id);
    expect(response).toMatchObject({ cancelled: true, response: '', seq: 2 });
    expect(asked).toEqual(['first']);
    // Typing was shown for the first answer only.
    expect(recorder.typing.map((x) => x.typing)).toEqual([true, false]);
    expect((await recorder.responseTo(first.id)).cancelled).toBeUndefined();
  });

  it('acks cancels of finished or unknown answers and refuses malformed ones', async () => {
    const { socket, sessionId } = await setup();
    const loose = socket as unknown as LooseSocket;
    expect(await socket.emitWithAck('chat-cancel', { sessionId, replyTo: 'never-sent' })).toEqual({ ok: true });
    expect(await loose.emitWithAck('chat-cancel', { sessionId })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await loose.emitWithAck('chat-cancel', [])).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await socket.emitWithAck('chat-cancel', { sessionId: 'other', replyTo: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('turns a throwing responder into success:false internal, without leaking, and keeps working', async () => {
    const respond: Responder = async function* (m) {
      if (m.text === 'break') {
        yield 'partial ';
        throw new Error('database password is hunter2');
      }
      yield 'fine';
    };
    const { socket, sessionId, recorder } = await setup({ respond });
    const bad = message(sessionId, 'break');
    await socket.emitWithAck('chat-message', bad);
    const failed = await recorder.responseTo(bad.id);
    expect(failed).toMatchObject({ success: false, seq: 1, error: { code: 'internal' } });
    expect(JSON.stringify(failed)).not.toMatch(/hunter2|at .*\.ts/);
    expect(h.t!.errors).toEqual([{ error: expect.objectContaining({ message: 'database password is hunter2' }), where: 'responder' }]);

    const good = message(sessionId, 'again');
    await socket.emitWithAck('chat-message', good);
    expect(await recorder.responseTo(good.id)).toMatchObject({ success: true, seq: 2, response: 'fine' });
  });

  it('passes a deliberate ProtocolFailure through, and survives a synchronous throw', async () => {
    const respond: Responder = (m) => {
      if (m.text === 'sync') throw new TypeError('not even a promise');
      return Promise.reject(new ProtocolFailure('rate_limited', 'slow down', 5000));
    };
    const { socket, sessionId, recorder } = await setup({ respond });
    const limited = message(sessionId, 'async');
    await socket.emitWithAck('chat-message', limited);
    expect(await recorder.responseTo(limited.id)).toMatchObject({ success: false, error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 5000 } });
    const sync = message(sessionId, 'sync');
    await socket.emitWithAck('chat-message', sync);
    expect(await recorder.responseTo(sync.id)).toMatchObject({ success: false, error: { code: 'internal' } });
  });

  it('sends a promised body as one final response without chunks', async () => {
    const respond: Responder = async (m) => m.text === 'fail'
      ? { success: false, error: { code: 'unavailable', message: 'upstream down' } }
      : { response: 'Here you go', provider: 'http', blocks: [{ type: 'quick-replies', options: [{ label: 'More', value: 'more' }] }] };
    const { socket, sessionId, recorder } = await setup({ respond });
    const m = message(sessionId, 'ok');
    await socket.emitWithAck('chat-message', m);
    expect(await recorder.responseTo(m.id)).toMatchObject({
      success: true, seq: 1, response: 'Here you go', provider: 'http',
      blocks: [{ type: 'quick-replies', options: [{ label: 'More', value: 'more' }] }],
    });
    const f = message(sessionId, 'fail');
    await socket.emitWithAck('chat-message', f);
    expect(await recorder.responseTo(f.id)).toMatchObject({ success: false, seq: 2, error: { code: 'unavailable', message: 'upstream down' } });
    expect(recorder.chunks).toEqual([]);
  });

  it('answers unavailable when a responder produces nothing for responseTimeoutMs, and aborts it', async () => {
    const signals: AbortSignal[] = [];
    const respond: Responder = async function* (m, { signal }) {
      signals.push(signal);
      if (m.text === 'stall after one') yield 'started ';
      await new Promise(() => undefined);
    };
    const { socket, sessionId, recorder } = await setup({ respond, responseTimeoutMs: 40 });
    const silent = message(sessionId, 'stall');
    await socket.emitWithAck('chat-message', silent);
    expect(await recorder.responseTo(silent.id)).toMatchObject({ success: false, response: '', error: { code: 'unavailable' } });
    expect(signals[0]?.aborted).toBe(true);
    expect((signals[0]?.reason as ResponseAborted).kind).toBe('timeout');

    const partial = message(sessionId, 'stall after one');
    await socket.emitWithAck('chat-message', partial);
    expect(await recorder.responseTo(partial.id)).toMatchObject({ success: false, response: 'started ', seq: 2, error: { code: 'unavailable' } });
  });

  it('restarts the wait on every piece, so a slow but steady stream is not cut off', async () => {
    // Each pause is well under the timeout while all of them together are over it.
    const respond: Responder = async function* () {
      for (const word of ['slow ', 'but ', 'steady']) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        yield word;
      }
    };
    const { socket, sessionId, recorder } = await setup({ respond, responseTimeoutMs: 500 });
    const m = message(sessionId, 'take your time');
    await socket.emitWithAck('chat-message', m);
    expect(await recorder.responseTo(m.id)).toMatchObject({ success: true, response: 'slow but steady' });
  });

  it('times out a promised body too', async () => {
    const { socket, sessionId, recorder } = await setup({ respond: () => new Promise(() => undefined), responseTimeoutMs: 30 });
    const m = message(sessionId, 'never');
    await socket.emitWithAck('chat-message', m);
    expect(await recorder.responseTo(m.id)).toMatchObject({ success: false, error: { code: 'unavailable' } });
  });

  it('keeps output inside the protocol limits and reports what it had to drop', async () => {
    const respond: Responder = async function* () {
      yield 'abcdefghij';
      yield 42 as unknown as string;
    };
    const { socket, sessionId, recorder } = await setup({ respond, limits: { maxDeltaLength: 4 } });
    const m = message(sessionId, 'split me');
    await socket.emitWithAck('chat-message', m);
    const response = await recorder.responseTo(m.id);
    expect(recorder.chunks.map((c) => [c.index, c.delta])).toEqual([[0, 'abcd'], [1, 'efgh'], [2, 'ij']]);
    expect(response).toMatchObject({ success: false, response: 'abcdefghij', error: { code: 'internal' } });
  });

  it('cuts text past maxResponseLength and drops unsafe product cards', async () => {
    const respond: Responder = async function* () {
      yield 'x'.repeat(30);
      yield 'never sent';
      yield { type: 'products', items: [
        { id: 'p1', title: 'Good', url: '/products/good' },
        { id: 'p2', title: 'Evil', url: 'javascript:alert(1)' },
      ] };
    };
    const { socket, sessionId, recorder } = await setup({ respond, limits: { maxResponseLength: 20 } });
    const m = message(sessionId, 'long');
    await socket.emitWithAck('chat-message', m);
    const response = await recorder.responseTo(m.id);
    expect(response.response).toBe('x'.repeat(20));
    expect(recorder.chunks.map((c) => c.delta).join('')).toBe('x'.repeat(20));
    // The text filled up before the block came, so the answer ends there.
    expect(response.blocks).toBeUndefined();

    const respond2: Responder = async () => ({ response: 'cards', blocks: [{ type: 'products', items: [
      { id: 'p1', title: 'Good', url: '/products/good' },
      { id: 'p2', title: 'Evil', url: 'javascript:alert(1)' },
    ] }] });
    await h.t!.server.close();
    const next = await setup({ respond: respond2 });
    const c = message(next.sessionId, 'cards');
    await next.socket.emitWithAck('chat-message', c);
    const cards = await next.recorder.responseTo(c.id);
    expect(cards.blocks).toEqual([{ type: 'products', items: [{ id: 'p1', title: 'Good', url: '/products/good' }] }]);
    expect(h.t!.errors.map((e) => e.where)).toEqual(['responder output']);
  });

  it('sends the final response even when the stream ends with fixed pieces only', async () => {
    const { socket, sessionId, recorder } = await setup({ respond: fixed() });
    const m = message(sessionId, 'nothing to say');
    await socket.emitWithAck('chat-message', m);
    expect(await recorder.responseTo(m.id)).toMatchObject({ success: true, response: '' });
  });
});
