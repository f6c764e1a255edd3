import type { TranscriptEntry } from '../../protocol/handoff.js';
import type { AppendResult, ConversationRecord, ConversationStore } from './conversation-store.js';

export interface MemoryConversationStoreOptions {
  /** Transcript entries kept per session; the oldest go first. @default 500 */
  maxEntries?: number;
  /** Sessions kept (transcripts and records); the least recently active goes first. @default 10000 */
  maxConversations?: number;
}

interface Held {
  record: ConversationRecord | undefined;
  entries: { key: string; entry: TranscriptEntry }[];
  keys: Map<string, TranscriptEntry>;
}

/**
 * Conversations in this process's memory: lost on restart and not shared, like MemorySessionStore.
 * A Map in insertion order doubles as the recency list (an entry is moved to the end when touched).
 * Idempotency keys live as long as their entry: a retry after the entry left the transcript is
 * stored again, which at 500 entries per conversation does not happen to a live retry.
 */
export class MemoryConversationStore implements ConversationStore {
  private readonly sessions = new Map<string, Held>();
  private readonly maxEntries: number;
  private readonly maxConversations: number;

  constructor(options: MemoryConversationStoreOptions = {}) {
    this.maxEntries = positive(options.maxEntries ?? 500, 'maxEntries');
    this.maxConversations = positive(options.maxConversations ?? 10_000, 'maxConversations');
  }

  async read(sessionId: string): Promise<ConversationRecord | undefined> {
    const record = this.sessions.get(sessionId)?.record;
    return record && structuredClone(record);
  }

  async write(next: ConversationRecord): Promise<boolean> {
    const held = this.touch(next.sessionId);
    if ((held.record?.version ?? 0) !== next.version - 1) return false;
    held.record = structuredClone(next);
    return true;
  }

  async appendEntry(sessionId: string, key: string, entry: TranscriptEntry): Promise<AppendResult> {
    const held = this.touch(sessionId);
    const existing = held.keys.get(key);
    if (existing !== undefined) return { fresh: false, existing: structuredClone(existing) };
    const copy = structuredClone(entry);
    held.entries.push({ key, entry: copy });
    held.keys.set(key, copy);
    for (const dropped of held.entries.splice(0, Math.max(0, held.entries.length - this.maxEntries))) held.keys.delete(dropped.key);
    return { fresh: true };
  }

  async entries(sessionId: string, limit: number): Promise<TranscriptEntry[]> {
    const held = this.sessions.get(sessionId)?.entries ?? [];
    return limit <= 0 ? [] : held.slice(-limit).map(({ entry }) => structuredClone(entry));
  }

  async list(limit: number): Promise<ConversationRecord[]> {
    const records = [...this.sessions.values()].flatMap(({ record }) => (record ? [record] : []));
    return records.sort((a, b) => b.lastAt - a.lastAt).slice(0, Math.max(0, limit)).map((record) => structuredClone(record));
  }

  private touch(sessionId: string): Held {
    const held = this.sessions.get(sessionId) ?? { record: undefined, entries: [], keys: new Map() };
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, held);
    if (this.sessions.size > this.maxConversations) this.sessions.delete(this.sessions.keys().next().value as string);
    return held;
  }
}

function positive(value: number, name: string): number {
  if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`MemoryConversationStore: ${name} must be a positive integer, got ${value}`);
  return value;
}
