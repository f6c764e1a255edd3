// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { EarlyLauncher } from '../../src/launcher/early-launcher';

function draw() {
  const touches: string[] = [];
  const early = new EarlyLauncher(document, {}, { touch: () => touches.push('touch'), open: () => {}, submit: () => {} }).mount();
  const button = document.querySelector('[data-early]')!.shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!;
  return { early, button, touches };
}

const press = (target: EventTarget, type: string, isPrimary = true) => target.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, isPrimary }));

describe('the early launcher', () => {
  it('knows a press is in progress from the primary pointer\'s press on its button until a release anywhere, or a cancel', () => {
    const { early, button, touches } = draw();
    expect(early.pressed).toBe(false);
    press(button, 'pointerdown', false);
    expect(early.pressed).toBe(false);
    press(button, 'pointerdown');
    expect(early.pressed).toBe(true);
    // The press fetches the widget, as before.
    expect(touches.length).toBeGreaterThan(0);
    press(document.body, 'pointerup');
    expect(early.pressed).toBe(false);
    press(button, 'pointerdown');
    press(document.body, 'pointercancel');
    expect(early.pressed).toBe(false);
    early.destroy();
  });

  it('destroy() removes its host and every listener it put on the document', () => {
    const added = vi.spyOn(document, 'addEventListener');
    const removed = vi.spyOn(document, 'removeEventListener');
    try {
      const { early, button } = draw();
      press(button, 'pointerdown');
      early.destroy();
      expect(early.pressed).toBe(false);
      expect(document.querySelector('[data-early]')).toBeNull();
      const key = (call: unknown[]) => `${String(call[0])} ${String(call[2])}`;
      expect(added.mock.calls.length).toBeGreaterThan(0);
      expect(removed.mock.calls.map(key).sort()).toEqual(added.mock.calls.map(key).sort());
      for (const call of added.mock.calls) expect(removed.mock.calls.some((r) => r[0] === call[0] && r[1] === call[1])).toBe(true);
    } finally {
      added.mockRestore();
      removed.mockRestore();
    }
  });
});
