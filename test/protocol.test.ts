import { describe, expect, it } from 'vitest';
import { parseChatMessage, parseChatResponse, safeUrl } from '../src/protocol';

describe('protocol validators', () => {
  it('accepts a well-formed message and drops unknown fields', () => {
    const r = parseChatMessage({ id: 'a1b2c3d4', sessionId: 's-1', text: 'hi', sentAt: 1, extra: 'x' });
    expect(r.ok && r.value).toEqual({ id: 'a1b2c3d4', sessionId: 's-1', text: 'hi', sentAt: 1 });
  });

  it('rejects wrong types with invalid and long text with too_large', () => {
    const wrong = parseChatMessage({ id: 1, sessionId: 's', text: 'hi', sentAt: 1 });
    expect(!wrong.ok && wrong.error.code).toBe('invalid');
    const long = parseChatMessage({ id: 'm1', sessionId: 's', text: 'x'.repeat(5000), sentAt: 1 });
    expect(!long.ok && long.error.code).toBe('too_large');
  });

  it('refuses prototype keys and deep nesting in context', () => {
    const proto = parseChatMessage(JSON.parse('{"id":"m1","sessionId":"s","text":"hi","sentAt":1,"context":{"__proto__":{"x":1}}}'));
    expect(!proto.ok && proto.error.message).toMatch(/forbidden key/);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const nested = parseChatMessage({ id: 'm1', sessionId: 's', text: 'hi', sentAt: 1, context: deep });
    expect(!nested.ok && nested.error.message).toMatch(/nested deeper/);
  });

  it('keeps good product cards and reports the bad ones', () => {
    const r = parseChatResponse({
      success: true, id: 'r1', seq: 1, sessionId: 's', timestamp: 1,
      blocks: [{ type: 'products', items: [
        { id: 'p1', title: 'Ok', url: 'https://shop.test/p1', price: { amount: '12.50', currency: 'usd' } },
        { id: 'p2', title: 'Bad', url: 'javascript:alert(1)' },
      ] }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.blocks).toEqual([{ type: 'products', items: [{ id: 'p1', title: 'Ok', url: 'https://shop.test/p1', price: { amount: 12.5, currency: 'USD' } }] }]);
    expect(r.dropped).toEqual([expect.stringMatching(/items\[1\]\.url/)]);
  });

  it.each([
    ['javascript:alert(1)', undefined],
    ['  JaVa\tScRiPt:alert(1)', undefined],
    ['data:text/html,<script>', undefined],
    ['\\\\evil.test/x', undefined],
    ['vbscript:x', undefined],
    ['https://shop.test/a?b=1', 'https://shop.test/a?b=1'],
    ['/products/1', '/products/1'],
    ['mailto:help@shop.test', 'mailto:help@shop.test'],
  ])('safeUrl(%j) for links', (input, expected) => {
    expect(safeUrl(input, 'link')).toBe(expected);
  });

  it('does not allow mailto for images', () => {
    expect(safeUrl('mailto:a@b.c', 'image')).toBeUndefined();
  });
});
