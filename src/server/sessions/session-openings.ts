import type { SessionOpening, SessionWindowRule } from './session-store.js';

/**
 * New sessions per client address in a sliding window, in this process's memory: the count a
 * `MemorySessionStore` keeps, and the one the server keeps for stores without `openSession`.
 * Session ids are chosen by clients, so without it one address could invent sessions without end,
 * each a fresh rate-limit bucket and a slot in the store.
 */
export class SessionOpenings {
  // Per address, session id to when it was opened; a Map keeps insertion order, oldest first.
  private readonly byAddress = new Map<string, Map<string, number>>();
  private sweepAt = 1024;

  constructor(private readonly now: () => number) {}

  open(address: string, sessionId: string, rule: SessionWindowRule): SessionOpening {
    const now = this.now();
    let opened = this.byAddress.get(address);
    if (opened) expire(opened, now - rule.windowMs);
    // Reconnects and retries of a session this address opened are not new sessions.
    if (opened?.has(sessionId)) return { ok: true };
    if (opened && opened.size >= rule.max) {
      const oldest = opened.values().next().value as number;
      return { ok: false, retryAfterMs: Math.max(1, oldest + rule.windowMs - now) };
    }
    if (!opened) {
      opened = new Map();
      this.byAddress.set(address, opened);
      if (this.byAddress.size >= this.sweepAt) this.sweep(now - rule.windowMs);
    }
    opened.set(sessionId, now);
    return { ok: true };
  }

  /** Forgets addresses whose sessions all left the window, so one-off addresses cost nothing for long. */
  private sweep(before: number): void {
    for (const [address, opened] of this.byAddress) {
      expire(opened, before);
      if (opened.size === 0) this.byAddress.delete(address);
    }
    // Doubling keeps sweeps rare when most addresses really are active.
    this.sweepAt = Math.max(1024, this.byAddress.size * 2);
  }
}

function expire(opened: Map<string, number>, before: number): void {
  for (const [sessionId, at] of opened) {
    if (at > before) return;
    opened.delete(sessionId);
  }
}
