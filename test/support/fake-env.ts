import type { Environment, NetworkMonitor, Timers } from '../../src/util/environment';

/** Timers the test advances by hand; records every delay asked for. */
export class ManualTimers implements Timers {
  private nextId = 1;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  readonly requested: number[] = [];

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { callback, ms });
    this.requested.push(ms);
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Runs the earliest-scheduled pending timer; returns its delay. */
  runNext(): number {
    const first = this.pending.entries().next();
    if (first.done) throw new Error('no timer pending');
    const [id, { callback, ms }] = first.value;
    this.pending.delete(id);
    callback();
    return ms;
  }
}

/** Online and visibility state the test flips, firing the same notifications a browser would. */
export class FakeNetwork implements NetworkMonitor {
  online = true;
  visible = true;
  private resume = new Set<() => void>();
  private offline = new Set<() => void>();

  isOnline(): boolean {
    return this.online;
  }
  isVisible(): boolean {
    return this.visible;
  }
  onResume(listener: () => void): () => void {
    this.resume.add(listener);
    return () => this.resume.delete(listener);
  }
  onOffline(listener: () => void): () => void {
    this.offline.add(listener);
    return () => this.offline.delete(listener);
  }
  goOffline(): void {
    this.online = false;
    for (const l of [...this.offline]) l();
  }
  goOnline(): void {
    this.online = true;
    for (const l of [...this.resume]) l();
  }
  becomeVisible(): void {
    this.visible = true;
    for (const l of [...this.resume]) l();
  }
  get listenerCount(): number {
    return this.resume.size + this.offline.size;
  }
}

export function fakeEnvironment(overrides: Partial<Environment> = {}): Environment & { timers: ManualTimers; network: FakeNetwork } {
  let n = 0;
  return {
    timers: new ManualTimers(),
    network: new FakeNetwork(),
    now: () => 1_700_000_000_000,
    random: () => 0.5,
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    ...overrides,
  } as Environment & { timers: ManualTimers; network: FakeNetwork };
}
