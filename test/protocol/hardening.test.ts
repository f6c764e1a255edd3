import { describe, expect, it } from 'vitest';
import { parseChatMessage, parseChatResponse, parseContextUpdate } from '../../src/protocol';

/** The cases the property tests found, kept as plain examples so they read as documentation. */
describe('validators against objects no JSON decoder makes', () => {
  it('refuses holes in free-form JSON instead of passing them on', () => {
    // eslint-disable-next-line no-sparse-arrays
    const r = parseContextUpdate({ sessionId: 's', context: { list: [1, , 3] } });
    expect(!r.ok && r.error.message).toMatch(/context\.list\[1\]: a hole/);
  });

  it('copies an Array subclass into a plain array', () => {
    class Tagged<T> extends Array<T> {}
    const r = parseContextUpdate({ sessionId: 's', context: { list: Tagged.from(['a', 'b']) } });
    expect(r.ok && Object.getPrototypeOf(r.value.context.list)).toBe(Array.prototype);
  });

  it('reads each field once, so a getter cannot swap a checked value for another', () => {
    let reads = 0;
    const error = { message: 'x', get code() { return reads++ === 0 ? 'invalid' : { evil: true }; } };
    const r = parseChatResponse({ success: false, id: 'r', seq: 1, sessionId: 's', timestamp: 1, error });
    expect(r.ok && r.value.error).toEqual({ code: 'invalid', message: 'x' });
    expect(reads).toBe(1);
  });

  it('ignores fields a polluted Object.prototype would supply', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.text = 'from the prototype';
    try {
      const r = parseChatMessage({ id: 'm', sessionId: 's', sentAt: 1 });
      expect(!r.ok && r.error.message).toMatch(/chat-message\.text: expected a string/);
    } finally {
      delete proto.text;
    }
  });
});
