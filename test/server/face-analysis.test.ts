import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatResponse, FaceAttributes, ProductsBlock } from '../../src/protocol';
import {
  FACE_ANALYSIS_TEXT, loadDemoCatalog, MemorySessionStore, catalogResponder, httpResponder, openAiResponder, withCatalogContext,
  type ChatServerOptions, type Responder, type SessionStore,
} from '../../src/server';
import { message, serverHarness, uniqueId, type LooseSocket } from './helpers';
import { Upstream, streamCompletion } from './upstreams';

/** Values unlikely to appear anywhere by chance, so finding them in logs or the store means a leak. */
const ROUND_TAN: FaceAttributes = { faceShape: 'round', skinTone: { ita: 23.4567, band: 'tan', monk: 7 }, confidence: 0.8765, quality: 'good' };
const LEAKS = [/\bround\b/i, /\btan\b/i, /23\.45/, /0\.8765/, /87\.65/, /"monk"/, /"ita"/, /faceShape/, /skinTone/];

const products = (response: ChatResponse): ProductsBlock[] => (response.blocks ?? []).filter((b): b is ProductsBlock => b.type === 'products');
const DEMO = loadDemoCatalog({ publicUrl: 'http://localhost:3000' }).items.map((item) => ({
  ...item, category: item.categories[0]!.toLowerCase(), available: item.variants.some((v) => v.available),
}));
const catalogItem = (id: string) => DEMO.find((p) => p.id === id)!;

/** A store that records every call the server makes to it, to check what it was given. */
function recordingStore(): { store: SessionStore; calls: { method: string; args: unknown[] }[] } {
  const inner = new MemorySessionStore();
  const calls: { method: string; args: unknown[] }[] = [];
  const store = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: String(key), args: structuredClone(args) });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}

describe('face-analysis', () => {
  const h = serverHarness();

  async function setup(options: ChatServerOptions = {}) {
    const s = await h.session({ respond: catalogResponder({ wordDelayMs: 0 }), ...options });
    const analyse = (attributes: unknown, id = uniqueId('f')) => s.socket.emitWithAck('face-analysis', { id, sessionId: s.sessionId, attributes } as never);
    return { ...s, analyse };
  }

  it('acks like a chat message and answers with frames for a round face and shades for tan skin', async () => {
    const { sessionId, recorder, analyse } = await setup();
    const id = uniqueId('f');
    expect(await analyse(ROUND_TAN, id)).toEqual({ ok: true, id });
    const response = await recorder.responseTo(id);
    // Marked so the widget shows it without writing it to the shopper's device.
    expect(response).toMatchObject({ success: true, replyTo: id, sessionId, seq: 1, provider: 'demo-catalog', ephemeral: true });
    expect(response.response).toMatch(/round face/);
    expect(response.response).toMatch(/tan skin/);

    const [frames, shades] = products(response);
    expect(frames!.items.length).toBeGreaterThanOrEqual(3);
    for (const item of frames!.items) {
      expect(catalogItem(item.id).category).toBe('eyewear');
      expect(catalogItem(item.id).suits).toContain('round');
    }
    expect(shades!.items.length).toBeGreaterThanOrEqual(3);
    for (const item of shades!.items) {
      expect(catalogItem(item.id).category).toBe('beauty');
      expect(catalogItem(item.id).suits).toContain('tan');
    }
    // In stock first: the sold-out kids' frames come last.
    expect(frames!.items.at(-1)?.available).toBe(false);
    const replies = response.blocks?.find((b) => b.type === 'quick-replies');
    expect(replies?.type === 'quick-replies' && replies.options.map((o) => o.value)).toContain('Sunglasses for a round face');
  });

  it('answers a repeated id once, with duplicate: true, sharing the id space with chat messages', async () => {
    let calls = 0;
    const inner = catalogResponder({ wordDelayMs: 0 });
    const respond: Responder = (m, ctx) => {
      calls++;
      return inner(m, ctx);
    };
    const { socket, sessionId, recorder, analyse } = await setup({ respond });
    const id = uniqueId('f');
    expect(await analyse(ROUND_TAN, id)).toEqual({ ok: true, id });
    expect(await analyse(ROUND_TAN, id)).toEqual({ ok: true, id, duplicate: true });
    await recorder.responseTo(id);
    expect(await analyse({ ...ROUND_TAN, faceShape: 'oval' }, id)).toEqual({ ok: true, id, duplicate: true });
    expect(await socket.emitWithAck('chat-message', { ...message(sessionId, 'hi'), id })).toEqual({ ok: true, id, duplicate: true });
    // Answers of a session come out in order: once this one is here, a second answer would be too.
    const later = message(sessionId, 'blue light glasses');
    await socket.emitWithAck('chat-message', later);
    await recorder.responseTo(later.id);
    expect(recorder.responses.filter((r) => r.replyTo === id)).toHaveLength(1);
    expect(calls).toBe(2);
  });

  it.each([
    ['an unknown face shape', { ...ROUND_TAN, faceShape: 'triangle' }],
    ['an unknown tone band', { ...ROUND_TAN, skinTone: { ita: 20, band: 'olive', monk: 5 } }],
    ['ITA out of range', { ...ROUND_TAN, skinTone: { ita: 120, band: 'tan', monk: 5 } }],
    ['Monk 0', { ...ROUND_TAN, skinTone: { ita: 20, band: 'tan', monk: 0 } }],
    ['Monk not an integer', { ...ROUND_TAN, skinTone: { ita: 20, band: 'tan', monk: 6.5 } }],
    ['Monk as a string', { ...ROUND_TAN, skinTone: { ita: 20, band: 'tan', monk: '6' } }],
    ['confidence above 1', { ...ROUND_TAN, confidence: 1.5 }],
    ['NaN confidence (null on the wire)', { ...ROUND_TAN, confidence: Number.NaN }],
    ['no quality', { faceShape: 'round', confidence: 0.5 }],
    ['an unknown quality', { ...ROUND_TAN, quality: 'great' }],
    ['no attributes', undefined],
    ['attributes as a string', 'round'],
    ['a skin tone that is not an object', { ...ROUND_TAN, skinTone: 'tan' }],
  ])('refuses %s with invalid and answers nothing', async (_name, attributes) => {
    const { socket, sessionId, recorder, analyse } = await setup();
    const id = uniqueId('f');
    expect(await analyse(attributes, id)).toMatchObject({ ok: false, id, error: { code: 'invalid' } });
    // The id was not remembered: a corrected analysis with the same id is answered.
    expect(await analyse(ROUND_TAN, id)).toEqual({ ok: true, id });
    await recorder.responseTo(id);
    const hi = message(sessionId, 'hi');
    await socket.emitWithAck('chat-message', hi);
    await recorder.responseTo(hi.id);
    expect(recorder.responses.map((r) => r.replyTo)).toEqual([id, hi.id]);
  });

  it('refuses malformed envelopes, prototype keys and another session', async () => {
    const { socket, sessionId, analyse } = await setup();
    const loose = socket as unknown as LooseSocket;
    const proto = JSON.parse(`{"id":"f-1","sessionId":"${sessionId}","attributes":{"__proto__":{"quality":"good"},"confidence":0.5}}`);
    expect(await loose.emitWithAck('face-analysis', proto)).toMatchObject({ ok: false, id: 'f-1', error: { code: 'invalid' } });
    for (const junk of [null, 'x', 5, [ROUND_TAN]]) expect(await loose.emitWithAck('face-analysis', junk)).toMatchObject({ ok: false, id: '', error: { code: 'invalid' } });
    expect(await loose.emitWithAck('face-analysis')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await loose.emitWithAck('face-analysis', { id: 'f 2', sessionId, attributes: ROUND_TAN })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await loose.emitWithAck('face-analysis', { id: 'f-3', sessionId: 'someone-else', attributes: ROUND_TAN })).toMatchObject({ ok: false, id: 'f-3', error: { code: 'unauthorized' } });
    expect(await analyse(ROUND_TAN)).toMatchObject({ ok: true });
  });

  it('is rate-limited per session like chat messages, without remembering the refused id', async () => {
    const { recorder, analyse } = await setup({ rateLimit: { perSession: { burst: 1, perSecond: 0.001 } } });
    const first = uniqueId('f');
    expect(await analyse(ROUND_TAN, first)).toEqual({ ok: true, id: first });
    const second = uniqueId('f');
    const refused = await analyse(ROUND_TAN, second);
    expect(refused).toMatchObject({ ok: false, id: second, error: { code: 'rate_limited', retryAfterMs: expect.any(Number) } });
    await recorder.responseTo(first);
  });

  it('says kindly when the analysis found neither shape nor tone, and suggests asking in words', async () => {
    const { recorder, analyse } = await setup();
    const id = uniqueId('f');
    await analyse({ confidence: 0.1, quality: 'poor' }, id);
    const response = await recorder.responseTo(id);
    expect(response.success).toBe(true);
    expect(response.response).toMatch(/couldn't tell your face shape or skin tone/);
    expect(products(response)).toEqual([]);
    const replies = response.blocks?.find((b) => b.type === 'quick-replies');
    expect(replies?.type === 'quick-replies' && replies.options.map((o) => o.label)).toEqual(['Frames for a round face', 'Foundation for tan skin', 'Show me eyewear']);
  });

  it('answers a shape without a tone with frames only, saying what it could not tell and hedging a poor picture', async () => {
    const { recorder, analyse } = await setup();
    const id = uniqueId('f');
    await analyse({ faceShape: 'heart', confidence: 0.4, quality: 'fair' }, id);
    const response = await recorder.responseTo(id);
    expect(response.response).toMatch(/heart-shaped face/);
    expect(response.response).toMatch(/couldn't tell your skin tone/);
    expect(response.response).toMatch(/starting point/);
    const blocks = products(response);
    expect(blocks).toHaveLength(1);
    for (const item of blocks[0]!.items) expect(catalogItem(item.id).suits).toContain('heart');
  });

  it('never puts an attribute in a log entry or in the session store, even with logMessageText on', async () => {
    const recording = recordingStore();
    const { socket, sessionId, recorder, analyse } = await setup({ store: recording.store, logMessageText: true });
    const id = uniqueId('f');
    await analyse(ROUND_TAN, id);
    const answer = await recorder.responseTo(id);
    await analyse(ROUND_TAN, id); // duplicate
    await analyse({ ...ROUND_TAN, skinTone: { ita: 123.4567, band: 'tan', monk: 7 } }); // invalid
    await (socket as unknown as LooseSocket).emitWithAck('face-analysis', { id: 'f-x', sessionId: 'other', attributes: ROUND_TAN });
    await socket.emitWithAck('session-sync', { sessionId, afterSeq: 0 });

    const logs = JSON.stringify(h.t!.logs);
    expect(h.t!.logs.filter((e) => e.event === 'message').map((e) => e.kind)).toEqual(['face-analysis', 'face-analysis', 'face-analysis']);
    expect(h.t!.logs.find((e) => e.event === 'message')).toMatchObject({ text: FACE_ANALYSIS_TEXT });
    for (const leak of LEAKS) expect(logs).not.toMatch(leak);
    expect(h.t!.errors).toEqual([]);

    // The store saw ids, seqs and the answer (as a response and as a history turn), and nothing
    // else of the analysis: the shopper's turn is the neutral text.
    const answers = (call: { method: string; args: unknown[] }) => call.method === 'completeAnswer' || call.method === 'appendTurns';
    expect(recording.calls.filter(answers).map((c) => c.method)).toEqual(['completeAnswer', 'appendTurns']);
    for (const call of recording.calls.filter((c) => !answers(c))) {
      for (const leak of LEAKS) expect(JSON.stringify(call.args), call.method).not.toMatch(leak);
    }
    // The answer lease keeps the message while it is answered: the neutral text, and only the fact
    // that it was a face analysis.
    expect(recording.calls.find((c) => c.method === 'acceptMessage')!.args[1]).toEqual({ id, sessionId, text: FACE_ANALYSIS_TEXT, sentAt: expect.any(Number), face: true });
    // The stored answer is the answer itself, which names the shape in its own words.
    const stored = recording.calls.find((c) => c.method === 'completeAnswer')!.args[1] as ChatResponse;
    expect({ ...stored, seq: answer.seq }).toEqual(answer);
    expect(recording.calls.find((c) => c.method === 'appendTurns')!.args[1]).toEqual([
      { role: 'shopper', text: FACE_ANALYSIS_TEXT }, { role: 'assistant', text: answer.response },
    ]);
    for (const leak of LEAKS.slice(2)) expect(JSON.stringify(recording.calls.filter(answers))).not.toMatch(leak);
  });
});

describe('face-analysis through text responders', () => {
  const h = serverHarness();
  let upstream: Upstream;
  let base: string;

  beforeEach(async () => {
    upstream = new Upstream();
    base = await upstream.start();
  });
  afterEach(() => upstream.close());

  async function analyse(respond: Responder): Promise<ChatResponse> {
    const { socket, sessionId, recorder } = await h.session({ respond });
    const id = uniqueId('f');
    expect(await socket.emitWithAck('face-analysis', { id, sessionId, attributes: ROUND_TAN })).toEqual({ ok: true, id });
    return recorder.responseTo(id);
  }

  it('gives the OpenAI-compatible responder the attributes as a sentence, and the catalog picks as context', async () => {
    upstream.handle = (_seen, response) => streamCompletion(response, ['Square frames will suit you.']);
    const response = await analyse(withCatalogContext(openAiResponder({ baseUrl: `${base}/v1`, model: 'test-model' })));
    const messages = upstream.seen[0]!.body.messages as { role: string; content: string }[];
    const question = messages.at(-1)!;
    expect(question.role).toBe('user');
    expect(question.content).toMatch(new RegExp(`^${FACE_ANALYSIS_TEXT}\\. On-device face analysis`));
    expect(question.content).toMatch(/face shape round/);
    expect(question.content).toMatch(/skin tone tan \(ITA 23 degrees, Monk scale 7 of 10\)/);
    expect(question.content).toMatch(/confidence 88%, image quality good/);
    const context = messages.find((m) => m.content.startsWith('Context:'))!.content;
    expect(context).toContain('Mercer Square Frames');
    expect(context).toContain('Silk Veil Foundation - Honey');
    const cards = products(response)[0]!.items.map((i) => i.id);
    expect(cards.some((id) => catalogItem(id).category === 'eyewear') && cards.some((id) => catalogItem(id).category === 'beauty')).toBe(true);
    expect(response.response).toBe('Square frames will suit you.');
  });

  it('gives the HTTP responder the sentence as text and message, and the attributes as face', async () => {
    upstream.handle = (_seen, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"response":"ok"}');
    const response = await analyse(httpResponder({ url: `${base}/api/chat` }));
    const body = upstream.seen[0]!.body;
    expect(body.text).toMatch(/face shape round, skin tone tan/);
    expect(body.message).toBe(body.text);
    expect(body.face).toEqual(ROUND_TAN);
    expect(response).toMatchObject({ success: true, response: 'ok' });
  });
});

describe('the demo catalog for face analysis', () => {
  it('has at least three in-stock frames for every face shape and three in-stock shades for every tone band', () => {
    for (const shape of ['oval', 'round', 'square', 'heart', 'oblong', 'diamond']) {
      expect(DEMO.filter((p) => p.category === 'eyewear' && p.available && p.suits.includes(shape)).length, shape).toBeGreaterThanOrEqual(3);
    }
    for (const band of ['very-light', 'light', 'intermediate', 'tan', 'brown', 'dark']) {
      expect(DEMO.filter((p) => p.category === 'beauty' && p.available && p.suits.includes(band)).length, band).toBeGreaterThanOrEqual(3);
    }
  });
});
