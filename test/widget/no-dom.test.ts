import { describe, expect, it } from 'vitest';

describe('the core on a server (no DOM)', () => {
  it('imports and constructs without window or document, and mount() says what to do', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const { AIDiscoveryWidget } = await import('../../src/index');
    const widget = new AIDiscoveryWidget({ socketUrl: 'http://127.0.0.1:1' });
    expect(widget.status).toBe('idle');
    expect(widget.getSnapshot().conversation.entries).toEqual([]);
    expect(() => widget.mount()).toThrow(/needs a DOM/);
    widget.destroy();
  });

  it('rejects a socketUrl that is not a string at construction', async () => {
    const { AIDiscoveryWidget } = await import('../../src/index');
    expect(() => new AIDiscoveryWidget({ socketUrl: 42 as unknown as string })).toThrow(/socketUrl must be a string/);
  });
});
