import { describe, expect, it } from 'vitest';
import type { ConversationSummary, HandoffState, OperatorPresence, TranscriptEntry } from '../../../src/protocol/handoff';
import type { AgentTyping, ChatResponse } from '../../../src/protocol';
import { MemorySessionStore } from '../../../src/server';
import { uniqueId } from '../helpers';
import { deskHarness, echoResponder } from './desk-harness';

describe('hand-off, operator side', () => {
  const h = deskHarness();

  async function waitingConversation(respond = echoResponder().respond) {
    const t = await h.server({ respond });
    const shopper = await h.shopper(t.url);
    await shopper.request();
    const ana = h.tokens.issue('Ana');
    const op = await h.operator(t.url, ana.token);
    return { t, shopper, op, ana };
  }

  it('claim, reply with the session\'s next seq through the store (sync and other tabs get it), retry keeps the seq', async () => {
    const { t, shopper, op } = await waitingConversation();
    const claimed = await op.socket.emitWithAck('claim', { sessionId: shopper.sessionId });
    expect(claimed).toMatchObject({ ok: true, summary: { mode: 'operator', assignee: 'op:ana', assigneeName: 'Ana' } });
    const state = await shopper.events.until<HandoffState>('handoff-state', (s) => s.mode === 'operator');
    expect(state.operator).toEqual({ name: 'Ana' });
    expect(JSON.stringify(state)).not.toContain('op:ana');

    const id = uniqueId('r');
    const reply = { id, sessionId: shopper.sessionId, text: 'Hi, I am Ana. How can I help?', blocks: [{ type: 'quick-replies', options: [{ label: 'Returns', value: 'returns' }] }] };
    expect(await op.socket.emitWithAck('reply', reply)).toEqual({ ok: true, id, seq: 2 });
    const live = await shopper.recorder.until(() => shopper.recorder.responses.find((r) => r.id === id));
    expect(live).toMatchObject({ seq: 2, provider: 'operator', author: { kind: 'operator', name: 'Ana' }, response: reply.text, blocks: reply.blocks });
    expect(live.replyTo).toBeUndefined();
    expect(await op.socket.emitWithAck('reply', reply)).toEqual({ ok: true, id, seq: 2, duplicate: true });

    const late = await h.shopper(t.url, shopper.sessionId);
    const sync = await late.socket.emitWithAck('session-sync', { sessionId: shopper.sessionId, afterSeq: 1 });
    expect(sync.ok && sync.responses.map((r: ChatResponse) => [r.seq, r.id])).toEqual([[2, id]]);
    expect(sync).toMatchObject({ handoff: { mode: 'operator', operator: { name: 'Ana' } } });

    const next = uniqueId('m');
    expect(await shopper.say('I need a bigger size', next)).toEqual({ ok: true, id: next, awaiting: 'operator' });
    const entry = await op.events.until<{ sessionId: string; entry: TranscriptEntry }>('conversation-entry', (e) => e.entry.kind === 'shopper');
    expect(entry.entry).toMatchObject({ kind: 'shopper', id: next, text: 'I need a bigger size' });
    expect(h.notifier.notices.at(-1)).toMatchObject({ kind: 'shopper-message', sessionId: shopper.sessionId, operatorIds: ['op:ana'] });
  });

  it('lists waiting conversations first with per-operator unread counts, and mark-read clears them', async () => {
    const { t, shopper, op } = await waitingConversation();
    const other = await h.shopper(t.url);
    await other.say('hello');
    await shopper.say('first');
    await shopper.say('second');
    const list = await op.socket.emitWithAck('inbox-list', {});
    expect(list.me).toEqual({ id: 'op:ana', name: 'Ana' });
    expect(list.operators).toEqual([expect.objectContaining({ operatorId: 'op:ana', state: 'online' })]);
    expect(list.conversations.map((c: ConversationSummary) => [c.sessionId, c.mode, c.unread])).toEqual([[shopper.sessionId, 'waiting', 2]]);
    expect(await op.socket.emitWithAck('mark-read', { sessionId: shopper.sessionId })).toEqual({ ok: true });
    const after = await op.socket.emitWithAck('inbox-list', {});
    expect(after.conversations[0].unread).toBe(0);
    const bo = await h.operator(t.url, h.tokens.issue('Bo').token);
    expect((await bo.socket.emitWithAck('inbox-list', {})).conversations[0].unread).toBe(2);
  });

  it('shows the whole history to operators: what the assistant answered before the hand-off, and the page context', async () => {
    const t = await h.server({ respond: echoResponder().respond });
    const shopper = await h.shopper(t.url);
    await shopper.socket.emitWithAck('context-update', { sessionId: shopper.sessionId, context: { page: { url: 'https://shop.example/p/1', title: 'Boots' }, cart: { items: 2 } } });
    const id = uniqueId('m');
    await shopper.say('do you have boots?', id);
    await shopper.recorder.responseTo(id);
    await shopper.request();
    const op = await h.operator(t.url, h.tokens.issue('Ana').token);
    const opened = await op.socket.emitWithAck('conversation-open', { sessionId: shopper.sessionId });
    const kinds = opened.conversation.entries.map((e: TranscriptEntry) => (e.kind === 'event' ? `event:${e.event}` : e.kind));
    expect(kinds).toEqual(['shopper', 'assistant', 'event:handoff', 'assistant']);
    expect(opened.conversation.summary.context).toEqual({ page: { url: 'https://shop.example/p/1', title: 'Boots' }, cart: { items: 2 } });
  });

  it('release puts the conversation back to waiting for every operator', async () => {
    const { shopper, op } = await waitingConversation();
    await op.socket.emitWithAck('claim', { sessionId: shopper.sessionId });
    expect(await op.socket.emitWithAck('release', { sessionId: shopper.sessionId })).toMatchObject({ ok: true, summary: { mode: 'waiting' } });
    const state = await shopper.events.until<HandoffState>('handoff-state', (s) => s.mode === 'waiting' && s.operator === undefined && s.updatedAt > 0);
    expect(state.mode).toBe('waiting');
    const summary = await op.events.until<ConversationSummary>('conversation-updated', (s) => s.mode === 'waiting' && s.assignee === undefined);
    expect(summary.sessionId).toBe(shopper.sessionId);
  });

  it('hand-back returns the conversation to the responder, which answers again with the operator\'s turns in its history', async () => {
    const { respond, calls } = echoResponder();
    const { shopper, op } = await waitingConversation(respond);
    await op.socket.emitWithAck('claim', { sessionId: shopper.sessionId });
    await op.socket.emitWithAck('reply', { id: uniqueId('r'), sessionId: shopper.sessionId, text: 'Your order ships tomorrow.' });
    expect(await op.socket.emitWithAck('hand-back', { sessionId: shopper.sessionId })).toMatchObject({ ok: true, summary: { mode: 'assistant' } });
    await shopper.events.until<HandoffState>('handoff-state', (s) => s.mode === 'assistant');
    const id = uniqueId('m');
    expect(await shopper.say('thanks! any red scarves?', id)).toEqual({ ok: true, id });
    expect((await shopper.recorder.responseTo(id)).response).toBe('echo: thanks! any red scarves?');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.history.map((r) => r.provider)).toContain('operator');
    expect(calls[0]!.turns).toContainEqual({ role: 'assistant', text: 'Your order ships tomorrow.' });
  });

  it('carries typing both ways: the assignee\'s to the shopper (with author), the shopper\'s to operators', async () => {
    const { shopper, op } = await waitingConversation();
    await op.socket.emitWithAck('claim', { sessionId: shopper.sessionId });
    op.socket.emit('typing', { sessionId: shopper.sessionId, typing: true });
    const typing = await shopper.recorder.until(() => shopper.recorder.typing.find((n: AgentTyping & { author?: unknown }) => n.author !== undefined));
    expect(typing).toEqual({ sessionId: shopper.sessionId, typing: true, author: { kind: 'operator', name: 'Ana' } });
    shopper.socket.emit('typing', { sessionId: shopper.sessionId, typing: true });
    expect(await op.events.until('shopper-typing')).toEqual({ sessionId: shopper.sessionId, typing: true });
  });

  it('tells operators the shopper\'s "seen" marker', async () => {
    const { shopper, op } = await waitingConversation();
    await op.socket.emitWithAck('claim', { sessionId: shopper.sessionId });
    const { seq } = await op.socket.emitWithAck('reply', { id: uniqueId('r'), sessionId: shopper.sessionId, text: 'Hello' });
    shopper.loose.emit('seen', { sessionId: shopper.sessionId, seq });
    const summary = await op.events.until<ConversationSummary>('conversation-updated', (s) => s.shopperSeenSeq === seq);
    expect(summary.sessionId).toBe(shopper.sessionId);
  });

  it('searches the catalog for operators and returns product cards like the assistant\'s', async () => {
    const { op } = await waitingConversation(undefined);
    const found = await op.socket.emitWithAck('catalog-search', { query: 'sunglasses', limit: 3 });
    expect(found.ok).toBe(true);
    expect(found.items.length).toBeGreaterThan(0);
    expect(found.items.length).toBeLessThanOrEqual(3);
    expect(found.items[0]).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), url: expect.stringMatching(/^https?:/) }));
  });

  it('shares operators\' presence with other operators', async () => {
    const { t, op } = await waitingConversation();
    const bo = await h.operator(t.url, h.tokens.issue('Bo').token);
    bo.socket.emit('presence', { state: 'away' });
    const away = await op.events.until<OperatorPresence>('presence-updated', (p) => p.operatorId === 'op:bo' && p.state === 'away');
    expect(away.name).toBe('Bo');
  });

  it('stores a reply on the retry after the session store failed to, instead of calling the retry a duplicate', async () => {
    const store = new MemorySessionStore();
    let failNext = false;
    const complete = store.completeAnswer.bind(store);
    store.completeAnswer = async (...args) => {
      if (failNext) {
        failNext = false;
        throw new Error('session store down');
      }
      return complete(...args);
    };
    const t = await h.server({ respond: echoResponder().respond, store });
    const shopper = await h.shopper(t.url);
    await shopper.request();
    const op = await h.operator(t.url, h.tokens.issue('Ana').token);
    await op.socket.emitWithAck('claim', { sessionId: shopper.sessionId });
    const id = uniqueId('r');
    const reply = { id, sessionId: shopper.sessionId, text: 'Your parcel left this morning.' };
    failNext = true;
    expect(await op.socket.emitWithAck('reply', reply)).toMatchObject({ ok: false, error: { code: 'internal' } });
    const retried = await op.socket.emitWithAck('reply', reply);
    expect(retried).toMatchObject({ ok: true, id, seq: expect.any(Number) });
    expect(retried.seq).toBeGreaterThan(0);
    const live = await shopper.recorder.until(() => shopper.recorder.responses.find((r) => r.id === id));
    expect(live).toMatchObject({ response: reply.text, provider: 'operator' });
    // A third try is the duplicate it is, with the reply's seq.
    expect(await op.socket.emitWithAck('reply', reply)).toEqual({ ok: true, id, seq: retried.seq, duplicate: true });
    const sync = await shopper.socket.emitWithAck('session-sync', { sessionId: shopper.sessionId, afterSeq: 0 });
    expect(sync.ok && sync.responses.filter((r: ChatResponse) => r.id === id)).toHaveLength(1);
  });
});
