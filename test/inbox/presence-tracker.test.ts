import { describe, expect, it } from 'vitest';
import { PresenceTracker, type PresenceDocument, type TabPresence } from '../../src/inbox/presence-tracker';
import type { Timers } from '../../src/util/environment';

/**
 * The inbox tab's presence with a driven clock and document: `away` when hidden and after two
 * idle minutes, `online` at the next sign of someone; only changes are reported.
 */

function fakePage() {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const clock: Timers = {
    setTimeout: (run, ms) => {
      timers.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const listeners = new Map<string, Set<() => void>>();
  const doc: PresenceDocument & { visibilityState: DocumentVisibilityState } = {
    visibilityState: 'visible',
    addEventListener: (type, listener) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(listener),
    removeEventListener: (type, listener) => void listeners.get(type)?.delete(listener),
  };
  return {
    doc,
    clock,
    now: () => now,
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = until;
    },
    fire: (type: string) => listeners.get(type)?.forEach((l) => l()),
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    pendingTimers: () => timers.size,
  };
}

describe('PresenceTracker', () => {
  it('goes away after two idle minutes, comes back on activity, and reports only changes', () => {
    const page = fakePage();
    const seen: TabPresence[] = [];
    const tracker = new PresenceTracker(page.doc, page.clock, page.now, 120_000, (s) => seen.push(s));
    tracker.start();
    page.advance(60_000);
    page.fire('pointermove');
    page.advance(119_000);
    // Activity a minute in moved the deadline: not idle yet.
    expect(seen).toEqual([]);
    page.advance(1_000);
    expect(seen).toEqual(['away']);
    page.fire('keydown');
    page.fire('keydown');
    expect(seen).toEqual(['away', 'online']);
    expect(tracker.current()).toBe('online');
  });

  it('goes away when the tab is hidden and online when it is shown again', () => {
    const page = fakePage();
    const seen: TabPresence[] = [];
    const tracker = new PresenceTracker(page.doc, page.clock, page.now, 120_000, (s) => seen.push(s));
    tracker.start();
    page.doc.visibilityState = 'hidden';
    page.fire('visibilitychange');
    // Events while hidden (a background scroll) do not bring it back.
    page.fire('wheel');
    expect(seen).toEqual(['away']);
    page.doc.visibilityState = 'visible';
    page.fire('visibilitychange');
    expect(seen).toEqual(['away', 'online']);
  });

  it('leaves no listener or timer behind after stop()', () => {
    const page = fakePage();
    const tracker = new PresenceTracker(page.doc, page.clock, page.now, 120_000, () => {});
    tracker.start();
    expect(page.listenerCount()).toBeGreaterThan(0);
    tracker.stop();
    expect(page.listenerCount()).toBe(0);
    expect(page.pendingTimers()).toBe(0);
  });
});
