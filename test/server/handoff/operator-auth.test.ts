import { describe, expect, it } from 'vitest';
import type { HandoffState } from '../../../src/protocol/handoff';
import { hmacIdentityVerifier, signIdentity } from '../../../src/server';
import { rejected, uniqueId, type ClientSocket } from '../helpers';
import { waitFor } from '../../support/wait';
import { deskHarness, type OperatorSocket } from './desk-harness';

/** Every operator action with an ack, with a well-formed payload for `sessionId`. */
const ACTIONS: [event: string, payload: (sessionId: string) => unknown][] = [
  ['conversation-open', (sessionId) => ({ sessionId })],
  ['claim', (sessionId) => ({ sessionId })],
  ['release', (sessionId) => ({ sessionId })],
  ['hand-back', (sessionId) => ({ sessionId })],
  ['reply', (sessionId) => ({ id: uniqueId('r'), sessionId, text: 'hello' })],
  ['mark-read', (sessionId) => ({ sessionId })],
];

describe('hand-off: every operator action is authorised on the server', () => {
  const h = deskHarness();

  async function setup() {
    const t = await h.server();
    const shopper = await h.shopper(t.url);
    await shopper.request();
    const ana = await h.operator(t.url, h.tokens.issue('Ana').token);
    const bo = await h.operator(t.url, h.tokens.issue('Bo').token);
    return { t, shopper, ana, bo };
  }

  it.each([
    ['no auth at all', undefined],
    ['no token', {}],
    ['an empty token', { token: '' }],
    ['a token that is not a string', { token: 42 }],
    ['a forged token', { token: 'tok-forged' }],
    ['an oversized token', { token: 'x'.repeat(5000) }],
  ])('refuses a connection with %s: connect_error unauthorized', async (_what, auth) => {
    const t = await h.server();
    const refusal = await rejected(h.operatorSocket(t.url, auth ?? {}) as unknown as ClientSocket);
    expect(refusal.data?.code).toBe('unauthorized');
  });

  it('refuses an expired token, and a shopper\'s signed identity token', async () => {
    const secret = 'shop-secret-for-tests-0123456789';
    const t = await h.server({ auth: hmacIdentityVerifier({ secret }) });
    const expired = h.tokens.issue('Ana', -1000).token;
    expect((await rejected(h.operatorSocket(t.url, expired) as unknown as ClientSocket)).data?.code).toBe('unauthorized');
    const shopperToken = signIdentity('customer-1', secret);
    expect((await rejected(h.operatorSocket(t.url, shopperToken) as unknown as ClientSocket)).data?.code).toBe('unauthorized');
  });

  it('tells an operator whose session expires, then disconnects them', async () => {
    const t = await h.server();
    const { token } = h.tokens.issue('Ana', 400);
    const op = await h.operator(t.url, token);
    await op.events.until('session-expired');
    await waitFor(() => op.socket.disconnected, 'the disconnection');
  });

  it.each(ACTIONS)('%s: refuses an unknown conversation as invalid', async (event, payload) => {
    const { ana } = await setup();
    expect(await ana.socket.emitWithAck(event, payload(uniqueId('s')))).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it.each([...ACTIONS, ['catalog-search', () => ({ query: 7 })]] as typeof ACTIONS)('%s: refuses malformed payloads as invalid', async (event) => {
    const { ana } = await setup();
    for (const bad of [undefined, null, 'text', 42, [], { sessionId: 'has spaces' }, { sessionId: 'x'.repeat(200) }, { sessionId: { $ne: '' } }]) {
      const ack = await (bad === undefined ? ana.socket.emitWithAck(event) : ana.socket.emitWithAck(event, bad));
      expect(ack, `${event} ${JSON.stringify(bad)}`).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
  });

  it('inbox-list: refuses a payload that is not an object', async () => {
    const { ana } = await setup();
    for (const bad of [null, 'text', 42, []]) {
      expect(await ana.socket.emitWithAck('inbox-list', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    expect(await ana.socket.emitWithAck('inbox-list', {})).toMatchObject({ ok: true });
  });

  it('claim is exclusive: another operator\'s claim, release, hand-back and reply are refused as unauthorized', async () => {
    const { shopper, ana, bo } = await setup();
    const sessionId = shopper.sessionId;
    expect(await ana.socket.emitWithAck('claim', { sessionId })).toMatchObject({ ok: true });
    for (const [event, payload] of [['claim', { sessionId }], ['release', { sessionId }], ['hand-back', { sessionId }], ['reply', { id: uniqueId('r'), sessionId, text: 'me too' }]] as const) {
      expect(await bo.socket.emitWithAck(event, payload), event).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    bo.socket.emit('typing', { sessionId, typing: true });
    // Ana's own reply goes through after Bo's attempts: the shopper heard only her.
    await ana.socket.emitWithAck('reply', { id: uniqueId('r'), sessionId, text: 'Ana here' });
    await shopper.recorder.until(() => shopper.recorder.responses.find((r) => r.provider === 'operator'));
    expect(shopper.recorder.responses.filter((r) => r.provider === 'operator').map((r) => r.response)).toEqual(['Ana here']);
    expect(shopper.recorder.typing.filter((n) => (n as { author?: unknown }).author !== undefined)).toEqual([]);
  });

  it('refuses replies to a conversation nobody claimed (waiting or with the assistant): claim first', async () => {
    const { t, shopper, ana } = await setup();
    expect(await ana.socket.emitWithAck('reply', { id: uniqueId('r'), sessionId: shopper.sessionId, text: 'hi' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await ana.socket.emitWithAck('claim', { sessionId: shopper.sessionId });
    await ana.socket.emitWithAck('hand-back', { sessionId: shopper.sessionId });
    expect(await ana.socket.emitWithAck('reply', { id: uniqueId('r'), sessionId: shopper.sessionId, text: 'hi' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await ana.socket.emitWithAck('release', { sessionId: shopper.sessionId })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const other = await h.shopper(t.url);
    expect(await ana.socket.emitWithAck('claim', { sessionId: other.sessionId })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('refuses oversized replies and queries as too_large, and cards the widget would drop as invalid', async () => {
    const { shopper, ana } = await setup();
    const sessionId = shopper.sessionId;
    await ana.socket.emitWithAck('claim', { sessionId });
    expect(await ana.socket.emitWithAck('reply', { id: uniqueId('r'), sessionId, text: 'x'.repeat(20_001) })).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await ana.socket.emitWithAck('reply', { id: uniqueId('r'), sessionId, text: 'card', blocks: Array.from({ length: 25 }, () => ({ type: 'image', url: 'https://shop.example/a.png' })) })).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await ana.socket.emitWithAck('reply', { id: uniqueId('r'), sessionId, text: 'card', blocks: [{ type: 'products', items: [{ id: '1', title: 'x', url: 'javascript:alert(1)' }] }] })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await ana.socket.emitWithAck('reply', { id: uniqueId('r'), sessionId, text: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await ana.socket.emitWithAck('catalog-search', { query: 'q'.repeat(201) })).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(shopper.recorder.responses.filter((r) => r.provider === 'operator')).toEqual([]);
  });
});

describe('hand-off: a shopper\'s socket stays in its own conversation', () => {
  const h = deskHarness();

  it('cannot act as an operator on the default namespace: operator events get no answer and change nothing', async () => {
    const t = await h.server();
    const shopper = await h.shopper(t.url);
    await shopper.request();
    const loose = shopper.socket as unknown as OperatorSocket;
    for (const [event, payload] of [['claim', { sessionId: shopper.sessionId }], ['reply', { id: uniqueId('r'), sessionId: shopper.sessionId, text: 'I am staff' }], ['hand-back', { sessionId: shopper.sessionId }], ['inbox-list', {}]] as const) {
      await expect(loose.timeout(300).emitWithAck(event, payload), event).rejects.toThrow();
    }
    const op = await h.operator(t.url, h.tokens.issue('Ana').token);
    const list = await op.socket.emitWithAck('inbox-list', {});
    expect(list.conversations).toEqual([expect.objectContaining({ sessionId: shopper.sessionId, mode: 'waiting' })]);
    expect(shopper.recorder.responses.filter((r) => r.provider === 'operator')).toEqual([]);
  });

  it('never receives operator events nor another session\'s hand-off events, and cannot act for another session', async () => {
    const t = await h.server();
    const a = await h.shopper(t.url);
    const b = await h.shopper(t.url);
    const op = await h.operator(t.url, h.tokens.issue('Ana').token);
    // A names B's session: refused, and nothing happens to B.
    expect(await a.loose.emitWithAck('handoff-request', { id: uniqueId('h'), sessionId: b.sessionId })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await a.loose.emitWithAck('handoff-contact', { sessionId: b.sessionId, email: 'a@example.com' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await op.socket.emitWithAck('inbox-list', {})).conversations).toEqual([]);

    await b.request();
    await op.socket.emitWithAck('claim', { sessionId: b.sessionId });
    op.socket.emit('typing', { sessionId: b.sessionId, typing: true });
    await op.socket.emitWithAck('reply', { id: uniqueId('r'), sessionId: b.sessionId, text: 'for B only' });
    b.socket.emit('typing', { sessionId: b.sessionId, typing: true });
    await b.recorder.until(() => b.recorder.responses.find((r) => r.provider === 'operator'));
    await b.events.until<HandoffState>('handoff-state', (s) => s.mode === 'operator');
    await op.events.until('shopper-typing');
    // A round trip on A's socket after all of B's traffic: anything meant for A has arrived by now.
    await a.socket.emitWithAck('session-sync', { sessionId: a.sessionId, afterSeq: 0 });
    const leaked = a.events.seen.filter((e) => JSON.stringify(e.payload ?? null).includes(b.sessionId));
    expect(leaked).toEqual([]);
    const operatorEvents = ['conversation-updated', 'conversation-entry', 'shopper-typing', 'presence-updated', 'operator-typing', 'session-expired'];
    expect(a.events.seen.filter((e) => operatorEvents.includes(e.event))).toEqual([]);
  });
});
