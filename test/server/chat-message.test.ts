import { describe, expect, it } from 'vitest';
import { parseChatResponse } from '../../src/protocol';
import { catalogResponder, type ChatServerOptions, type Responder } from '../../src/server';
import { connectedClient, fixed, gate, message, startServer, uniqueId, type LooseSocket, serverHarness } from './helpers';

describe('chat-message', () => {
  const h = serverHarness();

  const setup = (options: ChatServerOptions = {}) => h.session(options);

  it('acks, streams chunks with increasing index and completes with the concatenated text, seq 1 then 2', async () => {
    const { socket, sessionId, recorder } = await setup({ respond: catalogResponder({ wordDelayMs: 0 }) });

    const first = message(sessionId, 'blue light glasses');
    expect(await socket.emitWithAck('chat-message', first)).toEqual({ ok: true, id: first.id });
    const response = await recorder.responseTo(first.id);

    const chunks = recorder.chunks.filter((c) => c.replyTo === first.id);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set([response.id]));
    expect(response).toMatchObject({ success: true, seq: 1, replyTo: first.id, sessionId, provider: 'demo-catalog' });
    expect(response.response).toBe(chunks.map((c) => c.delta).join(''));
    expect(response.blocks?.map((b) => b.type)).toEqual(['products', 'quick-replies']);
    expect(response.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseChatResponse(response).ok).toBe(true);

    const second = message(sessionId, 'red running shoes under $100');
    await socket.emitWithAck('chat-message', second);
    expect((await recorder.responseTo(second.id)).seq).toBe(2);
  });

  it('says the agent is typing before the first chunk and stops after the final response', async () => {
    const { socket, sessionId, recorder } = await setup({ respond: fixed('a ', 'b') });
    const m = message(sessionId, 'hello?');
    await socket.emitWithAck('chat-message', m);
    await recorder.until(() => recorder.typing.find((x) => !x.typing));
    expect(recorder.order).toEqual(['agent-typing', 'chat-response-chunk', 'chat-response-chunk', 'chat-response', 'agent-typing']);
    expect(recorder.typing).toEqual([{ sessionId, typing: true }, { sessionId, typing: false }]);
  });

  it('answers a repeated id with duplicate:true and never produces a second response', async () => {
    let calls = 0;
    const respond: Responder = async function* () {
      calls += 1;
      yield 'once';
    };
    const { socket, sessionId, recorder } = await setup({ respond });
    const m = message(sessionId, 'hi');
    expect(await socket.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id });
    await recorder.responseTo(m.id);
    expect(await socket.emitWithAck('chat-message', { ...m, text: 'retried' })).toEqual({ ok: true, id: m.id, duplicate: true });

    // Answers of one session come out in order, so once a later message is answered, any second
    // answer to the duplicate would already be here.
    const later = message(sessionId, 'later');
    await socket.emitWithAck('chat-message', later);
    await recorder.responseTo(later.id);
    expect(recorder.responses.filter((r) => r.replyTo === m.id)).toHaveLength(1);
    expect(calls).toBe(2);
  });

  it('treats a retry arriving while the first is still answering as a duplicate', async () => {
    const hold = gate();
    const respond: Responder = async function* () {
      await hold.promise;
      yield 'done';
    };
    const { socket, sessionId, recorder } = await setup({ respond });
    const m = message(sessionId, 'hi');
    await socket.emitWithAck('chat-message', m);
    expect(await socket.emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id, duplicate: true });
    hold.open();
    await recorder.responseTo(m.id);
  });

  it('refuses malformed payloads with invalid or too_large, echoing a string id, and keeps answering', async () => {
    const { socket, sessionId, recorder } = await setup({ respond: fixed('fine') });
    const loose = socket as unknown as LooseSocket;
    const send = (payload: unknown) => loose.emitWithAck('chat-message', payload);

    expect(await send({ ...message(sessionId, 'x'), id: 'm-1', text: 42 })).toMatchObject({ ok: false, id: 'm-1', error: { code: 'invalid' } });
    const { id: _id, ...noId } = message(sessionId, 'x');
    expect(await send(noId)).toMatchObject({ ok: false, id: '', error: { code: 'invalid' } });
    expect(await send({ ...message(sessionId, 'x'), id: 7 })).toMatchObject({ ok: false, id: '', error: { code: 'invalid' } });
    const proto = JSON.parse(`{"id":"m-2","sessionId":"${sessionId}","text":"hi","sentAt":1,"context":{"__proto__":{"admin":true}}}`);
    const protoAck = await send(proto);
    expect(protoAck).toMatchObject({ ok: false, id: 'm-2', error: { code: 'invalid' } });
    expect(protoAck.error.message).toMatch(/forbidden key/);
    expect(await send({ ...message(sessionId, 'x'), id: 'm-3', text: 'x'.repeat(4001) })).toMatchObject({ ok: false, id: 'm-3', error: { code: 'too_large' } });
    expect(await send({ ...message(sessionId, 'x'), id: 'z'.repeat(500), text: 42 })).toMatchObject({ ok: false, id: 'z'.repeat(128) });
    for (const junk of [null, 'text', 12, [1, 2], true]) {
      expect(await send(junk)).toMatchObject({ ok: false, id: '', error: { code: 'invalid' } });
    }
    expect(await loose.emitWithAck('chat-message')).toMatchObject({ ok: false, error: { code: 'invalid' } });

    const valid = message(sessionId, 'still there?');
    expect(await socket.emitWithAck('chat-message', valid)).toEqual({ ok: true, id: valid.id });
    expect((await recorder.responseTo(valid.id)).seq).toBe(1);
    expect(recorder.responses).toHaveLength(1);
  });

  it('cuts off a client sending a payload far beyond any valid message, and serves the others', async () => {
    const { socket, sessionId, recorder } = await setup({ respond: fixed('still here') });
    const other = await connectedClient(h.t!.url, uniqueId('s'));
    h.sockets.push(other);
    const gone = new Promise<string>((resolve) => other.once('disconnect', resolve));
    (other as unknown as LooseSocket).emit('chat-message', { id: 'big', sessionId, text: 'x'.repeat(2_000_000), sentAt: 1 }, () => undefined);
    expect(await gone).toBe('transport close');

    const m = message(sessionId, 'hello?');
    await socket.emitWithAck('chat-message', m);
    expect((await recorder.responseTo(m.id)).response).toBe('still here');
  });

  it('sends CORS headers only when configured', async () => {
    const headers = async (options: ChatServerOptions) => {
      const started = await startServer(options);
      try {
        const res = await fetch(`${started.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://shop.example' } });
        await res.text();
        return res.headers.get('access-control-allow-origin');
      } finally {
        await started.server.close();
      }
    };
    // Allowed without cors (sockets need none): no CORS grant. (A refused page's 403 carries one, so
    // its widget can read the refusal: test/server/origin-refusal.test.ts.)
    expect(await headers({ allowedOrigins: ['https://shop.example'] })).toBeNull();
    expect(await headers({ cors: { origin: 'https://shop.example' } })).toBe('https://shop.example');
  });

  it('honours tighter limits given to the server, keeping defaults for keys given as undefined', async () => {
    const { socket, sessionId } = await setup({ limits: { maxTextLength: 10, maxContextSize: undefined } });
    const withContext = message(sessionId, 'short', { context: { note: 'x'.repeat(9000) } });
    expect(await socket.emitWithAck('chat-message', withContext)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    const ack = await socket.emitWithAck('chat-message', message(sessionId, 'eleven char'));
    expect(ack).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });

  it('refuses a message for another session with unauthorized', async () => {
    const { socket, recorder, sessionId } = await setup({ respond: fixed('x') });
    const m = message('someone-else', 'hi');
    expect(await socket.emitWithAck('chat-message', m)).toMatchObject({ ok: false, id: m.id, error: { code: 'unauthorized' } });
    const ok = message(sessionId, 'mine');
    await socket.emitWithAck('chat-message', ok);
    await recorder.responseTo(ok.id);
    expect(recorder.responses.map((r) => r.replyTo)).toEqual([ok.id]);
  });

  it('ignores events without an ack callback, or with junk where the callback should be', async () => {
    let calls = 0;
    const respond: Responder = async function* () {
      calls += 1;
      yield 'answer';
    };
    const { socket, sessionId, recorder } = await setup({ respond });
    const loose = socket as unknown as LooseSocket;
    loose.emit('chat-message', message(sessionId, 'no callback'));
    loose.emit('chat-message', message(sessionId, 'junk callback'), 'not a function');
    loose.emit('chat-message', 'garbage');
    loose.emit('chat-cancel', { sessionId, replyTo: 'x' });
    loose.emit('session-sync', { sessionId, afterSeq: 0 });
    loose.emit('context-update', { sessionId, context: {} });
    loose.emit('typing', { sessionId, typing: 'yes' });
    loose.emit('typing', null);
    loose.emit('no-such-event', { a: 1 }, () => undefined);

    const valid = message(sessionId, 'with callback');
    expect(await socket.emitWithAck('chat-message', valid)).toEqual({ ok: true, id: valid.id });
    const response = await recorder.responseTo(valid.id);
    expect(response.seq).toBe(1);
    expect(calls).toBe(1);
    expect(socket.connected).toBe(true);
  });

  it('answers messages of one session one at a time, in arrival order', async () => {
    const hold = gate();
    const respond: Responder = async function* (m) {
      if (m.text === 'slow') await hold.promise;
      yield m.text;
    };
    const { socket, sessionId, recorder } = await setup({ respond });
    const slow = message(sessionId, 'slow');
    const fast = message(sessionId, 'fast');
    await socket.emitWithAck('chat-message', slow);
    await socket.emitWithAck('chat-message', fast);
    hold.open();
    await recorder.responseTo(fast.id);
    expect(recorder.responses.map((r) => [r.replyTo, r.seq, r.response])).toEqual([[slow.id, 1, 'slow'], [fast.id, 2, 'fast']]);
  });

  it('rate-limits a session with too many answers pending, without remembering the refused id', async () => {
    const hold = gate();
    const respond: Responder = async function* (m) {
      if (m.text === 'first') await hold.promise;
      yield m.text;
    };
    const { socket, sessionId, recorder } = await setup({ respond, maxPendingPerSession: 1 });
    const first = message(sessionId, 'first');
    const second = message(sessionId, 'second');
    await socket.emitWithAck('chat-message', first);
    const refused = await socket.emitWithAck('chat-message', second);
    expect(refused).toMatchObject({ ok: false, id: second.id, error: { code: 'rate_limited' } });
    expect(refused.ok === false && refused.error.retryAfterMs).toBeGreaterThan(0);
    hold.open();
    await recorder.until(() => recorder.typing.find((x) => !x.typing));
    // The slot frees as the answer completes; retry the refused id as a client would.
    let retry = await socket.emitWithAck('chat-message', second);
    for (let i = 0; i < 50 && retry.ok === false && retry.error.code === 'rate_limited'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      retry = await socket.emitWithAck('chat-message', second);
    }
    expect(retry).toEqual({ ok: true, id: second.id });
    expect((await recorder.responseTo(second.id)).response).toBe('second');
  });
  it('accepts an ISO 8601 sentAt from a third-party client and answers it like epoch milliseconds', async () => {
    const { socket, sessionId, recorder } = await setup({ respond: fixed('ok') });
    const m = { ...message(sessionId, 'hi'), sentAt: new Date().toISOString() };
    expect(await (socket as unknown as LooseSocket).emitWithAck('chat-message', m)).toEqual({ ok: true, id: m.id });
    expect((await recorder.responseTo(m.id)).response).toBe('ok');
    const bad = { ...message(sessionId, 'hi'), sentAt: '07/12/2026' };
    expect(await (socket as unknown as LooseSocket).emitWithAck('chat-message', bad)).toMatchObject({ ok: false, id: bad.id, error: { code: 'invalid' } });
  });
});
