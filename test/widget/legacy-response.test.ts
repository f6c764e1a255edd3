import { describe, expect, it } from 'vitest';
import { parseChatResponse, parseLegacyResponse } from '../../src/protocol/index';

const local = { id: 'm1:answer', sessionId: 's1', replyTo: 'm1', now: 1_000 };

describe('parseLegacyResponse: the guide and unified-endpoint answer shapes, at the edge', () => {
  it("reads the guide's success shape, with an ISO timestamp and its own sessionId ignored", () => {
    const parsed = parseLegacyResponse({ success: true, response: 'Hi', sessionId: 'socket-id', provider: 'openai', timestamp: '2026-12-07T10:00:00.000Z' }, local);
    expect(parsed.ok && parsed.value).toEqual({
      success: true, id: 'm1:answer', seq: 0, sessionId: 's1', replyTo: 'm1', response: 'Hi', provider: 'openai', timestamp: Date.parse('2026-12-07T10:00:00.000Z'),
    });
  });

  it('reads `error` as a string, as an object, or absent on a failure; a missing timestamp is the arrival time', () => {
    const text = parseLegacyResponse({ success: false, error: 'Provider down', timestamp: 5 }, local);
    expect(text.ok && [text.value.error, text.value.timestamp]).toEqual([{ code: 'internal', message: 'Provider down' }, 5]);
    const object = parseLegacyResponse({ success: false, error: { code: 'rate_limited', message: 'Slow down' } }, local);
    expect(object.ok && [object.value.error, object.value.timestamp]).toEqual([{ code: 'rate_limited', message: 'Slow down' }, 1_000]);
    const bare = parseLegacyResponse({ success: false }, local);
    expect(bare.ok && bare.value.error?.code).toBe('internal');
  });

  it('keeps v1 strict and still refuses what is not an answer', () => {
    expect(parseChatResponse({ success: true, response: 'Hi', timestamp: 1 }).ok).toBe(false);
    expect(parseLegacyResponse('Hi', local).ok).toBe(false);
    expect(parseLegacyResponse({ response: 'no success flag' }, local).ok).toBe(false);
    expect(parseLegacyResponse({ success: true, timestamp: 'yesterday' }, local).ok).toBe(false);
    expect(parseLegacyResponse({ success: false, error: ['x'] }, local).ok).toBe(false);
  });
});

describe('the protocol option', () => {
  it('throws at once, saying what is allowed, for a dialect the widget does not speak', async () => {
    const { AIDiscoveryWidget } = await import('../../src/index');
    expect(() => new AIDiscoveryWidget({ protocol: 'v2' as never })).toThrow('protocol must be "v1" or "legacy"');
    expect(() => new AIDiscoveryWidget({ protocol: 'legacy' })).not.toThrow();
  });
});
