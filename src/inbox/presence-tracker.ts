import type { Timers } from '../util/environment.js';

export type TabPresence = 'online' | 'away';

/** What the tracker reads from the page: `document`'s shape. */
export interface PresenceDocument {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void;
  removeEventListener(type: string, listener: () => void, options?: EventListenerOptions): void;
}

/** Any of these means a person is at this tab. */
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focusin'] as const;

/**
 * This tab's presence: `away` while the tab is hidden or after `idleMs` without a key, pointer or
 * touch; `online` again at the first sign of someone. Reports changes only, so the server is not
 * told about every mouse move.
 */
export class PresenceTracker {
  private state: TabPresence = 'online';
  private idleTimer: unknown;
  private lastActivity = 0;
  private readonly subs: (() => void)[] = [];

  constructor(
    private readonly doc: PresenceDocument,
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly idleMs: number,
    private readonly onChange: (state: TabPresence) => void,
  ) {}

  current(): TabPresence {
    return this.state;
  }

  start(): void {
    const onVisibility = () => (this.doc.visibilityState === 'hidden' ? this.set('away') : this.activity());
    const onActivity = () => this.activity();
    this.doc.addEventListener('visibilitychange', onVisibility);
    this.subs.push(() => this.doc.removeEventListener('visibilitychange', onVisibility));
    for (const type of ACTIVITY) {
      this.doc.addEventListener(type, onActivity, { passive: true, capture: true });
      this.subs.push(() => this.doc.removeEventListener(type, onActivity, { capture: true }));
    }
    this.state = this.doc.visibilityState === 'hidden' ? 'away' : 'online';
    this.lastActivity = this.now();
    this.arm(this.idleMs);
  }

  stop(): void {
    for (const undo of this.subs.splice(0)) undo();
    this.timers.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private activity(): void {
    this.lastActivity = this.now();
    if (this.doc.visibilityState === 'hidden') return;
    this.set('online');
    // One timer, not one per event: a pointer move resets it by moving `lastActivity` only.
    if (this.idleTimer === undefined) this.arm(this.idleMs);
  }

  private arm(ms: number): void {
    this.idleTimer = this.timers.setTimeout(() => {
      this.idleTimer = undefined;
      const idle = this.now() - this.lastActivity;
      if (idle >= this.idleMs) this.set('away');
      else this.arm(this.idleMs - idle);
    }, ms);
  }

  private set(state: TabPresence): void {
    if (state === this.state) return;
    this.state = state;
    this.onChange(state);
  }
}
