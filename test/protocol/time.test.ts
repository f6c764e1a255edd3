import { describe, expect, it } from 'vitest';
import { parseChatMessage, parseChatResponse } from '../../src/protocol';

// Third-party clients and legacy backends write times as `new Date().toISOString()`; ours as epoch
// milliseconds. Both must read as the same instant, and nothing else may pass as a time.
describe('time fields accept epoch milliseconds and ISO 8601', () => {
  const iso = '2026-12-07T10:00:00.000Z';
  const ms = Date.parse(iso);

  it.each([
    [ms, ms],
    [iso, ms],
    ['2026-12-07T10:00:00Z', ms],
    ['2026-12-07T11:00:00+01:00', ms],
    ['2026-12-07T05:00:00.000-0500', ms],
    ['2026-12-07T10:00Z', ms],
  ])('chat-message.sentAt %j reads as %d', (sentAt, expected) => {
    const r = parseChatMessage({ id: 'm', sessionId: 's', text: 'hi', sentAt });
    expect(r.ok && r.value.sentAt).toBe(expected);
  });

  it.each([
    ['2026-12-07'], ['2026-12-07T10:00:00'], ['yesterday'], [' 2026-12-07T10:00:00Z'], ['2026-13-45T99:00:00Z'],
    ['1800000000'], [-1], [Number.NaN], [true], ['2026-12-07T10:00:00Z'.padEnd(60, '0')],
  ])('refuses %j as invalid', (sentAt) => {
    const r = parseChatMessage({ id: 'm', sessionId: 's', text: 'hi', sentAt });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('invalid');
    expect(!r.ok && r.error.message).toMatch(/chat-message\.sentAt/);
  });

  it('chat-response.timestamp takes an ISO string as well', () => {
    const r = parseChatResponse({ success: true, id: 'r', seq: 1, sessionId: 's', timestamp: iso, response: 'ok' });
    expect(r.ok && r.value.timestamp).toBe(ms);
  });
});
