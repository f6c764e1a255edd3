import type { ShopperEntry } from '../conversation/conversation.js';
import type { KeyValueStorage } from '../storage/key-value.js';

/** A shopper message kept in the journal: enough to show it again and send it with its id. */
export interface PendingMessage {
  sessionId: string;
  id: string;
  text: string;
  sentAt: number;
}

const VERSION = 1;

/**
 * Shopper messages shown as waiting whose write to the asynchronous store (IndexedDB) has not
 * committed yet, kept in synchronous storage (localStorage) meanwhile. An IndexedDB transaction
 * takes a few milliseconds, or longer behind another tab's; a reload or a closed tab in that
 * moment aborts it, and a message the shopper saw accepted would be gone. localStorage is written
 * before `send()` returns, so it is there for the next page whatever happens after.
 *
 * Tabs of one store share it: each adds what it shows and removes only what a write it saw
 * commit holds, so one tab never drops another's message before it is stored.
 */
export class PendingJournal {
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string,
  ) {}

  /** Adds the messages not there yet; writes only when something was added. */
  add(sessionId: string, entries: readonly ShopperEntry[]): void {
    const kept = this.read();
    const known = new Set(kept.map((m) => `${m.sessionId}\n${m.id}`));
    const added = entries.filter((e) => !known.has(`${sessionId}\n${e.id}`)).map(({ id, text, sentAt }) => ({ sessionId, id, text, sentAt }));
    if (added.length > 0) this.write([...kept, ...added]);
  }

  /** Forgets the messages a committed write holds: from now on the asynchronous store has them. */
  settle(sessionId: string, stored: ReadonlySet<string>): void {
    const kept = this.read();
    const left = kept.filter((m) => m.sessionId !== sessionId || !stored.has(m.id));
    if (left.length !== kept.length) this.write(left);
  }

  /** What is waiting, oldest first. Validated like any storage: another script may have written here. */
  read(): PendingMessage[] {
    let raw: string | null;
    try {
      raw = this.storage.getItem(this.key);
    } catch {
      return [];
    }
    if (raw === null) return [];
    try {
      const data = JSON.parse(raw) as { v?: unknown; messages?: unknown };
      if (data.v !== VERSION || !Array.isArray(data.messages)) return [];
      return data.messages.filter(isPendingMessage).sort((a, b) => a.sentAt - b.sentAt);
    } catch {
      return [];
    }
  }

  private write(messages: PendingMessage[]): void {
    try {
      if (messages.length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify({ v: VERSION, messages }));
    } catch {
      // A full or refused localStorage: the IndexedDB write is still on its way, and only its last
      // milliseconds go uncovered. The main store reports its own failures.
    }
  }
}

function isPendingMessage(value: unknown): value is PendingMessage {
  if (value === null || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  const id = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(v);
  return id(m.id) && typeof m.sessionId === 'string' && m.sessionId.length <= 256 && typeof m.text === 'string' && m.text.length <= 10_000 &&
    typeof m.sentAt === 'number' && Number.isFinite(m.sentAt);
}
