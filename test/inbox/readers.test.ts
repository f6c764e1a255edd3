import { describe, expect, it } from 'vitest';
import { ProtocolFailure } from '../../src/protocol/errors';
import {
  readAck, readCatalogItems, readDetail, readEntry, readInboxList, readLogin, readPresence, readSummary, readSummaryAck,
} from '../../src/inbox/readers';
import { summary } from './fixtures';

/** What the inbox accepts from the `/operators` namespace and the login endpoint, and what it drops. */

describe('inbox readers', () => {
  it('reads a summary into a fresh copy without unknown fields, and refuses a bad mode or id', () => {
    const read = readSummary({ ...summary('s-1', { mode: 'waiting', handedOffAt: 5, context: { page: { title: 'Hats' } } }), extra: '<b>' });
    expect(read).toEqual({ sessionId: 's-1', mode: 'waiting', handedOffAt: 5, lastAt: summary('s').lastAt, preview: '', unread: 0, shopperSeenSeq: 0, context: { page: { title: 'Hats' } } });
    expect(() => readSummary({ ...summary('s-1'), mode: 'admin' })).toThrow(ProtocolFailure);
    expect(() => readSummary({ ...summary('s-1'), sessionId: '<img>' })).toThrow(/sessionId/);
    expect(() => readSummary({ ...summary('s-1'), unread: -1 })).toThrow(/unread/);
    expect(() => readSummary({ ...summary('s-1'), context: { deep: 'x'.repeat(9000) } })).toThrow(ProtocolFailure);
  });

  it('keeps the readable lines of a history and drops unsafe links from cards', () => {
    const detail = readDetail({
      summary: summary('s-1'),
      entries: [
        { kind: 'shopper', id: 'm1', text: 'hi', at: 1 },
        { kind: 'shopper', id: 'm2', text: 42, at: 1 },
        { kind: 'nonsense' },
        {
          kind: 'assistant',
          response: {
            success: true, id: 'r1', seq: 1, sessionId: 's-1', timestamp: 1,
            blocks: [{ type: 'products', items: [{ id: 'a', title: 'A', url: 'javascript:alert(1)' }, { id: 'b', title: 'B', url: 'https://shop.example/b' }] }],
          },
        },
      ],
    });
    expect(detail.entries.map((e) => e.kind)).toEqual(['shopper', 'assistant']);
    const assistant = detail.entries[1]!;
    expect(assistant.kind === 'assistant' && assistant.response.blocks).toEqual([{ type: 'products', items: [{ id: 'b', title: 'B', url: 'https://shop.example/b' }] }]);
    expect(() => readEntry({ kind: 'event', at: 1, event: 'deleted-everything' })).toThrow(/event/);
  });

  it('reads catalog results by the card rules, and acks with their error', () => {
    expect(readCatalogItems({ items: [{ id: 'a', title: 'A', url: 'data:text/html,x' }, { id: 'b', title: 'B', url: '/p/b', price: { amount: 5, currency: 'usd' } }] })).toEqual([
      { id: 'b', title: 'B', url: '/p/b', price: { amount: 5, currency: 'USD' } },
    ]);
    expect(readCatalogItems({ items: [] })).toEqual([]);
    expect(readAck({ ok: false, error: { code: 'unauthorized', message: 'no' } }, readSummaryAck)).toEqual({ ok: false, error: { code: 'unauthorized', message: 'no' } });
    expect(readAck({ ok: false, error: { code: 'made-up' } }, readSummaryAck)).toEqual({ ok: false, error: { code: 'internal', message: 'internal' } });
    expect(() => readAck({ ok: 'yes' }, readSummaryAck)).toThrow(/ack.ok/);
  });

  it('reads the list, presence and the login answer', () => {
    const list = readInboxList({ conversations: [summary('s-1')], operators: [{ operatorId: 'op:a', name: 'A', state: 'away', since: 1 }], me: { id: 'op:a', name: 'A' } });
    expect(list.me).toEqual({ id: 'op:a', name: 'A' });
    expect(() => readPresence({ operatorId: 'op:a', name: 'A', state: 'busy', since: 1 })).toThrow(/state/);
    expect(readLogin({ token: 't', operator: { id: 'op:a', name: 'A' }, expiresAt: 10 })).toEqual({ token: 't', operator: { id: 'op:a', name: 'A' }, expiresAt: 10 });
    expect(() => readLogin({ token: '', operator: { id: 'op:a', name: 'A' }, expiresAt: 10 })).toThrow(/token/);
  });
});
