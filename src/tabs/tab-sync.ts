import type { ShopperEntry } from '../conversation/conversation.js';
import type { DeliveryState } from '../delivery/outbox.js';

/** What tabs of one store tell each other. */
export type TabMessage =
  | { t: 'shopper'; entry: Omit<ShopperEntry, 'kind'> }
  | { t: 'delivery'; id: string; state: DeliveryState; error?: { code: string; message: string } }
  | { t: 'read' }
  /** A tab that just started: the others answer 'here' and tell it what it may have missed. */
  | { t: 'hello' }
  | { t: 'here' }
  /** A closing tab hands over messages it could not deliver, for another tab to send (same ids). */
  | { t: 'handoff'; messages: { id: string; text: string; sentAt: number }[] };

export interface TabSyncConfig {
  /** One channel and one lock per store and session. */
  name: string;
  win: (Window & typeof globalThis) | undefined;
  onMessage(message: TabMessage): void;
  /** Called once this tab is the one that drains what other tabs left behind. */
  onLeader(): void;
}

/**
 * Keeps the tabs of one store in step: one conversation on screen in all of them (BroadcastChannel)
 * and one tab at a time sending what was queued before a reload or left by a closed tab (Web Locks:
 * the lock is held for the tab's life and passes on when it closes). Without Web Locks every tab is
 * its own leader; the server's idempotency keeps that harmless, only less tidy.
 */
export class TabSync {
  private channel: BroadcastChannel | undefined;
  private releaseLock: (() => void) | undefined;
  private closed = false;
  /**
   * Whether another tab has been heard from. Until then nothing is posted: a lone tab (the usual
   * case) would pay a structured clone per message state for no reader. A tab that opens later
   * says hello, and the others replay what it may have missed between its read of storage and now.
   */
  private peers = false;

  constructor(private readonly config: TabSyncConfig) {}

  start(): void {
    const { win, name } = this.config;
    const Channel = win?.BroadcastChannel ?? (globalThis.BroadcastChannel as typeof BroadcastChannel | undefined);
    if (Channel) {
      this.channel = new Channel(name);
      this.channel.onmessage = (event: MessageEvent) => this.receive(event.data);
      this.send({ t: 'hello' });
    }
    const locks = win?.navigator?.locks;
    if (!locks) {
      this.config.onLeader();
      return;
    }
    const released = new Promise<void>((resolve) => (this.releaseLock = resolve));
    locks
      .request(`${name}:leader`, () => {
        if (this.closed) return undefined;
        this.config.onLeader();
        return released;
      })
      .catch(() => {
        // A refused lock (a sandboxed frame) leaves this tab a follower; the leader still drains.
      });
  }

  post(message: TabMessage): void {
    // A handoff is for whichever tab comes next, so it goes out even before any tab answered.
    if (this.peers || message.t === 'handoff') this.send(message);
  }

  private send(message: TabMessage): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // A closed or torn-down channel: the other tabs catch up from storage on their next load.
    }
  }

  close(): void {
    this.closed = true;
    this.releaseLock?.();
    this.channel?.close();
    this.channel = undefined;
  }

  /** Other tabs are the same code, but a message is still checked before it is trusted. */
  private receive(data: unknown): void {
    if (data === null || typeof data !== 'object') return;
    const m = data as Record<string, unknown>;
    this.peers = true;
    if (m.t === 'hello') {
      this.send({ t: 'here' });
      return this.config.onMessage({ t: 'hello' });
    }
    const id = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(v);
    if (m.t === 'read') return this.config.onMessage({ t: 'read' });
    if (m.t === 'delivery' && id(m.id) && typeof m.state === 'string' && ['queued', 'sending', 'sent', 'failed'].includes(m.state)) {
      const e = m.error as { code?: unknown; message?: unknown } | undefined;
      const error = e && typeof e.code === 'string' && typeof e.message === 'string' ? { code: e.code, message: e.message } : undefined;
      return this.config.onMessage({ t: 'delivery', id: m.id as string, state: m.state as DeliveryState, ...(error ? { error } : {}) });
    }
    const entry = m.entry as Record<string, unknown> | undefined;
    if (m.t === 'shopper' && entry && id(entry.id) && typeof entry.text === 'string' && typeof entry.sentAt === 'number' && typeof entry.state === 'string') {
      return this.config.onMessage({ t: 'shopper', entry: { id: entry.id as string, text: entry.text, sentAt: entry.sentAt, state: entry.state as DeliveryState } });
    }
    if (m.t === 'handoff' && Array.isArray(m.messages)) {
      const messages = m.messages.filter((x): x is { id: string; text: string; sentAt: number } =>
        x !== null && typeof x === 'object' && id(x.id) && typeof x.text === 'string' && typeof x.sentAt === 'number');
      return this.config.onMessage({ t: 'handoff', messages });
    }
  }
}
