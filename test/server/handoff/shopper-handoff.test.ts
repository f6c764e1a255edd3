import { describe, expect, it } from 'vitest';
import type { HandoffState, ShopperPresence } from '../../../src/protocol/handoff';
import type { ChatResponse } from '../../../src/protocol';
import type { Responder } from '../../../src/server';
import { MemoryConversationStore } from '../../../src/server';
import { uniqueId } from '../helpers';
import { deskHarness, echoResponder } from './desk-harness';

describe('hand-off, shopper side', () => {
  const h = deskHarness();

  it('hands off on the "talk to a person" button: waiting state to every tab, the wait text once, idempotent by id', async () => {
    const { respond, calls } = echoResponder();
    const t = await h.server({ respond });
    const shopper = await h.shopper(t.url);
    const otherTab = await h.shopper(t.url, shopper.sessionId);
    const id = uniqueId('h');

    const ack = await shopper.request(id);
    expect(ack).toMatchObject({ ok: true, state: { sessionId: shopper.sessionId, mode: 'waiting', open: true, contactLeft: false } });
    const wait = await shopper.recorder.until(() => shopper.recorder.responses.find((r) => r.provider === 'handoff'));
    expect(wait.response).toMatch(/team member will reply here|leave your email/i);
    expect(wait.seq).toBe(1);
    await otherTab.events.until<HandoffState>('handoff-state', (s) => s.mode === 'waiting');

    // The same request again (a retry) and a second one: no second wait text, state unchanged.
    expect(await shopper.request(id)).toMatchObject({ ok: true, state: { mode: 'waiting' } });
    expect(await shopper.request()).toMatchObject({ ok: true, state: { mode: 'waiting' } });
    const sync = await shopper.socket.emitWithAck('session-sync', { sessionId: shopper.sessionId, afterSeq: 0 });
    expect(sync.ok && sync.responses.filter((r) => r.provider === 'handoff')).toHaveLength(1);
    expect(sync).toMatchObject({ handoff: { mode: 'waiting' } });
    expect(h.notifier.notices).toEqual([expect.objectContaining({ kind: 'waiting', sessionId: shopper.sessionId, operatorIds: 'all' })]);
    expect(calls).toHaveLength(0);
  });

  it.each([
    ['en', 'Can I talk to a human please?'],
    ['en', 'I want to speak with someone'],
    ['en', 'agent please'],
    ['fr', 'Je voudrais parler à quelqu’un'],
    ['fr', 'Un conseiller svp'],
    ['de', 'Kann ich mit einem Menschen sprechen?'],
    ['de', 'Mitarbeiter bitte'],
    ['es', 'Quiero hablar con una persona'],
    ['es', 'agente por favor'],
    ['ar', 'أريد التحدث مع موظف'],
    ['ar', 'موظف من فضلك'],
  ])('hands off on a shopper message that asks for a person (%s: %s), answered once with the wait text', async (_lang, text) => {
    const { respond, calls } = echoResponder();
    const t = await h.server({ respond });
    const shopper = await h.shopper(t.url);
    const id = uniqueId('m');
    expect(await shopper.say(text, id)).toEqual({ ok: true, id });
    const answer = await shopper.recorder.responseTo(id);
    expect(answer.provider).toBe('handoff');
    await shopper.events.until<HandoffState>('handoff-state', (s) => s.mode === 'waiting');
    expect(await shopper.say(text, id)).toEqual({ ok: true, id, duplicate: true, awaiting: 'operator' });
    expect(calls).toHaveLength(0);
  });

  it('leaves product questions that mention staff words to the responder', async () => {
    const { respond, calls } = echoResponder();
    const t = await h.server({ respond });
    const shopper = await h.shopper(t.url);
    for (const text of ['Agent Provocateur perfume under $80', 'a human hair wig', 'sunglasses for a person with a round face']) {
      const id = uniqueId('m');
      expect(await shopper.say(text, id)).toEqual({ ok: true, id });
      expect((await shopper.recorder.responseTo(id)).response).toBe(`echo: ${text}`);
    }
    expect(calls).toHaveLength(3);
    expect(shopper.events.of('handoff-state')).toEqual([]);
  });

  it('hands off when a streaming responder yields a handoff block, which never reaches the widget', async () => {
    const respond: Responder = async function* () {
      yield 'Let me find someone for you.';
      yield { type: 'handoff', reason: 'refund request' };
    };
    const t = await h.server({ respond });
    const shopper = await h.shopper(t.url);
    const id = uniqueId('m');
    await shopper.say('I want a refund', id);
    const answer = await shopper.recorder.responseTo(id);
    expect(answer.response).toBe('Let me find someone for you.');
    expect(answer.blocks).toBeUndefined();
    await shopper.events.until<HandoffState>('handoff-state', (s) => s.mode === 'waiting');
    await shopper.recorder.until(() => shopper.recorder.responses.find((r) => r.provider === 'handoff'));
    expect(t.errors).toEqual([]);
  });

  it('hands off when a responder returns handoff: true', async () => {
    const respond: Responder = async () => ({ response: 'A colleague will take over.', handoff: true });
    const t = await h.server({ respond });
    const shopper = await h.shopper(t.url);
    await shopper.say('my parcel never arrived');
    await shopper.events.until<HandoffState>('handoff-state', (s) => s.mode === 'waiting');
  });

  it('in waiting mode acks messages awaiting the operator, keeps them off the responder, and a retry adds nothing', async () => {
    const { respond, calls } = echoResponder();
    const t = await h.server({ respond });
    const shopper = await h.shopper(t.url);
    await shopper.request();
    const id = uniqueId('m');
    expect(await shopper.say('are you there?', id)).toEqual({ ok: true, id, awaiting: 'operator' });
    expect(await shopper.say('are you there?', id)).toEqual({ ok: true, id, duplicate: true, awaiting: 'operator' });
    const { token } = h.tokens.issue('Ana');
    const op = await h.operator(t.url, token);
    const opened = await op.socket.emitWithAck('conversation-open', { sessionId: shopper.sessionId });
    const texts = opened.conversation.entries.filter((e: { kind: string }) => e.kind === 'shopper').map((e: { text: string }) => e.text);
    expect(texts).toEqual(['are you there?']);
    expect(opened.conversation.summary).toMatchObject({ mode: 'waiting', unread: 1 });
    expect(calls).toHaveLength(0);
    expect(shopper.recorder.responses.filter((r: ChatResponse) => r.replyTo === id)).toEqual([]);
  });

  it('stores a waiting-mode message on the retry after the store failed to, instead of calling the retry a duplicate', async () => {
    const store = new MemoryConversationStore();
    let failNext = false;
    const appendEntry = store.appendEntry.bind(store);
    store.appendEntry = async (...args) => {
      if (failNext) {
        failNext = false;
        throw new Error('conversation store down');
      }
      return appendEntry(...args);
    };
    const t = await h.server({}, { store });
    const shopper = await h.shopper(t.url);
    await shopper.request();
    const id = uniqueId('m');
    failNext = true;
    expect(await shopper.say('still there?', id)).toMatchObject({ ok: false, id, error: { code: 'unavailable' } });
    expect(await shopper.say('still there?', id)).toEqual({ ok: true, id, awaiting: 'operator' });
    const op = await h.operator(t.url, h.tokens.issue('Ana').token);
    const opened = await op.socket.emitWithAck('conversation-open', { sessionId: shopper.sessionId });
    expect(opened.conversation.entries.filter((e: { kind: string }) => e.kind === 'shopper').map((e: { text: string }) => e.text)).toEqual(['still there?']);
  });

  it('answers an HTTP fallback message in waiting mode at once with 202 awaiting the operator, not after a timeout', async () => {
    const { respond, calls } = echoResponder();
    const t = await h.server({ respond, responseTimeoutMs: 60_000 });
    const shopper = await h.shopper(t.url);
    await shopper.request();
    const id = uniqueId('m');
    const response = await fetch(`${t.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, sessionId: shopper.sessionId, text: 'over http', sentAt: Date.now() }) });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ ok: true, id, awaiting: 'operator' });
    expect(calls).toHaveLength(0);
  });

  it('takes a valid contact email and refuses malformed ones as invalid; the address never goes back to the page', async () => {
    const t = await h.server({}, { hours: { isOpen: () => false } });
    const shopper = await h.shopper(t.url);
    const { state } = (await shopper.request()) as { state: HandoffState };
    expect(state).toMatchObject({ mode: 'waiting', open: false, askContact: true });
    const contact = (email: unknown) => shopper.loose.emitWithAck('handoff-contact', { sessionId: shopper.sessionId, email }) as Promise<{ ok: boolean; error?: { code: string } }>;
    for (const bad of ['no-at-sign', 'two@@example.com', 'a@b@example.com', 'spaces in@example.com', 'tab\t@example.com', 'x@nodot', 'x@example..com', '@example.com', `${'a'.repeat(250)}@example.com`, 42]) {
      expect(await contact(bad), String(bad)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    expect(await contact('shopper@example.com')).toEqual({ ok: true });
    const updated = await shopper.events.until<HandoffState>('handoff-state', (s) => s.contactLeft);
    expect(JSON.stringify(updated)).not.toContain('shopper@example.com');
    const { token } = h.tokens.issue('Ana');
    const op = await h.operator(t.url, token);
    const list = await op.socket.emitWithAck('inbox-list', {});
    expect(list.conversations[0]).toMatchObject({ sessionId: shopper.sessionId, contact: 'shopper@example.com' });
  });

  it('refuses a contact email for a conversation that was never handed off', async () => {
    const t = await h.server();
    const shopper = await h.shopper(t.url);
    expect(await shopper.loose.emitWithAck('handoff-contact', { sessionId: shopper.sessionId, email: 'a@example.com' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('restates a waiting shopper\'s state when an operator comes online: no more asking for an email', async () => {
    const t = await h.server();
    const shopper = await h.shopper(t.url);
    const asked = (await shopper.request()) as { state: HandoffState };
    expect(asked.state).toMatchObject({ mode: 'waiting', open: true, askContact: true });
    await h.operator(t.url, h.tokens.issue('Ana').token);
    const now = await shopper.events.until<HandoffState>('handoff-state', (s) => s.mode === 'waiting' && !s.askContact);
    expect(now.open).toBe(true);
  });

  it('gives the expected wait once a claim was seen, while operators are online and the store is open', async () => {
    const t = await h.server();
    const op = await h.operator(t.url, h.tokens.issue('Ana').token);
    const first = await h.shopper(t.url);
    expect(await first.request()).toMatchObject({ ok: true, state: { askContact: false } });
    expect(((await first.request()) as { state: HandoffState }).state.expectedWaitMs).toBeUndefined();
    await op.socket.emitWithAck('claim', { sessionId: first.sessionId });
    const second = await h.shopper(t.url);
    expect(await second.events.until<ShopperPresence>('presence')).toEqual({ available: true, expectedWaitMs: expect.any(Number) });
    const { state } = (await second.request()) as { state: HandoffState };
    expect(state.expectedWaitMs).toEqual(expect.any(Number));
    const wait = await second.recorder.until(() => second.recorder.responses.find((r) => r.provider === 'handoff'));
    expect(wait.response).toBe('A team member will reply here. Expected wait: about 1 minute.');
  });

  it('says nobody is available outside opening hours, even with operators online, and asks for an email', async () => {
    const t = await h.server({}, { hours: { isOpen: () => false } });
    await h.operator(t.url, h.tokens.issue('Ana').token);
    const shopper = await h.shopper(t.url);
    expect(await shopper.events.until<ShopperPresence>('presence')).toEqual({ available: false });
    await shopper.socket.emitWithAck('context-update', { sessionId: shopper.sessionId, context: { locale: 'fr-FR' } });
    expect(await shopper.request()).toMatchObject({ ok: true, state: { open: false, askContact: true } });
    const wait = await shopper.recorder.until(() => shopper.recorder.responses.find((r) => r.provider === 'handoff'));
    expect(wait.response).toMatch(/Laissez votre adresse e-mail/);
  });

  it('tells shoppers on connect and on change whether a person is available', async () => {
    const t = await h.server();
    const before = await h.shopper(t.url);
    expect(await before.events.until<ShopperPresence>('presence')).toEqual({ available: false });
    const { token } = h.tokens.issue('Ana');
    const op = await h.operator(t.url, token);
    await before.events.until<ShopperPresence>('presence', (p) => p.available);
    const after = await h.shopper(t.url);
    expect(await after.events.until<ShopperPresence>('presence')).toEqual({ available: true });
    op.socket.emit('presence', { state: 'away' });
    await after.events.until<ShopperPresence>('presence', (p) => !p.available);
  });
});
