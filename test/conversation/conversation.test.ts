import { describe, expect, it } from 'vitest';
import { Conversation, type ConversationSnapshot } from '../../src/conversation/conversation';
import type { ChatResponse } from '../../src/protocol';

const chunk = (index: number, delta: string, id = 'r1') => ({ id, replyTo: 'm1', sessionId: 's', index, delta });
const response = (over: Partial<ChatResponse> = {}): ChatResponse => ({ success: true, id: 'r1', seq: 1, replyTo: 'm1', sessionId: 's', response: 'Hello there', timestamp: 5, ...over });

function setup() {
  const snapshots: ConversationSnapshot[] = [];
  const c = new Conversation((s) => snapshots.push(s));
  c.addShopper({ id: 'm1', text: 'hi', sentAt: 1 }, 'queued');
  return { c, snapshots };
}

describe('Conversation', () => {
  it('assembles chunks by index, even out of order, and ignores repeated indexes', () => {
    const { c } = setup();
    c.applyChunk(chunk(1, 'there'), 0);
    c.applyChunk(chunk(0, 'Hello '), 0);
    expect(c.applyChunk(chunk(0, 'XXX'), 0)).toBe(false);
    const entry = c.current.entries[1];
    expect(entry).toMatchObject({ kind: 'assistant', id: 'r1', text: 'Hello there', streaming: true });
  });

  it('lets the final response replace the streamed text and drops it when it comes again', () => {
    const { c } = setup();
    c.applyChunk(chunk(0, 'Hel'), 0);
    expect(c.applyResponse(response({ response: 'Hello, final' }))).toBe(true);
    expect(c.applyResponse(response({ response: 'dup' }))).toBe(false);
    expect(c.applyChunk(chunk(1, 'late'), 0)).toBe(false);
    expect(c.current.entries).toHaveLength(2);
    expect(c.current.entries[1]).toMatchObject({ text: 'Hello, final', streaming: false, seq: 1 });
    expect(c.current.lastSeq).toBe(1);
  });

  it('places a synced answer after its question even when later messages exist', () => {
    const { c } = setup();
    c.addShopper({ id: 'm2', text: 'second', sentAt: 2 }, 'sent');
    c.applyResponse(response({ id: 'r1', replyTo: 'm1', seq: 1 }));
    expect(c.current.entries.map((e) => e.id)).toEqual(['m1', 'r1', 'm2']);
  });

  it('produces a new snapshot object on every change and keeps old ones intact', () => {
    const { c, snapshots } = setup();
    c.setDelivery('m1', 'sent');
    expect(snapshots).toHaveLength(2);
    expect(snapshots[0]!.entries[0]).toMatchObject({ state: 'queued' });
    expect(snapshots[1]!.entries[0]).toMatchObject({ state: 'sent' });
    c.setAgentTyping(false);
    expect(snapshots).toHaveLength(2);
  });
});

describe('an answer taken over by another server', () => {
  it('drops the half answer of the server that died as soon as the new stream starts', () => {
    const { c: conversation } = setup();
    conversation.applyChunk(chunk(0, 'Here are some'), 2);
    conversation.pauseStreams();
    conversation.failStalledStreams('cut off');
    expect(conversation.current.entries.map((e) => [e.id, e.kind === 'assistant' && e.success])).toEqual([['m1', false], ['r1', false]]);
    conversation.applyChunk(chunk(0, 'Three pairs', 'r2'), 3);
    expect(conversation.current.entries.map((e) => [e.id, e.kind === 'assistant' ? e.text : e.text])).toEqual([['m1', 'hi'], ['r2', 'Three pairs']]);
    // A finished answer to the same question is never removed by a later stream.
    conversation.applyResponse(response({ id: 'r2', seq: 1, response: 'Three pairs of sunglasses' }));
    conversation.applyChunk(chunk(0, 'late', 'r3'), 4);
    expect(conversation.current.entries.map((e) => e.id)).toEqual(['m1', 'r2', 'r3']);
  });
});
