import type { HandoffMode, TranscriptEntry } from '../../protocol/handoff.js';

/**
 * Where a session stands with the operators. One record per session that was ever handed off;
 * written only by compare-and-set on `version`, so every transition (claim above all) is atomic
 * across processes: of two writers that read the same version, exactly one succeeds.
 */
export interface ConversationRecord {
  sessionId: string;
  /** Incremented by each write; 1 for a new record. */
  version: number;
  mode: HandoffMode;
  /** Operator id of the claimant, in `operator` mode. */
  assignee?: string;
  assigneeName?: string;
  /** Epoch ms of the hand-off that started the current wait (kept while claimed, for the list's order). */
  handedOffAt?: number;
  reason?: string;
  /** The shopper's email, when they left one: operators only, never sent to the page. */
  contact?: string;
  /** Shopper entries ever recorded, so unread counts are a subtraction. */
  shopperMessages: number;
  /** Operator id -> `shopperMessages` when they last marked it read. */
  readBy: Record<string, number>;
  /** Highest response seq the shopper reported seeing. */
  shopperSeenSeq: number;
  /** Epoch ms of the last entry or change. */
  lastAt: number;
  /** Short text of the last entry. */
  preview: string;
}

/** What `appendEntry` did: stored `entry`, or found `existing` already stored under the same key. */
export type AppendResult = { fresh: true } | { fresh: false; existing: TranscriptEntry };

/**
 * The hand-off desk's state: records and transcripts. Both built-in stores bound what they keep
 * (entries per transcript, idempotency keys, conversations) and say how in their options.
 */
export interface ConversationStore {
  read(sessionId: string): Promise<ConversationRecord | undefined>;
  /**
   * Writes `next` only if the stored record's version is `next.version - 1` (none stored counts as
   * version 0). Returns false when another writer got there first: read again and decide again.
   */
  write(next: ConversationRecord): Promise<boolean>;
  /**
   * Appends `entry` to the session's transcript unless an entry was already stored under `key`
   * (a shopper message id, an operator reply id): retries add nothing.
   */
  appendEntry(sessionId: string, key: string, entry: TranscriptEntry): Promise<AppendResult>;
  /** The last `limit` entries, oldest first. */
  entries(sessionId: string, limit: number): Promise<TranscriptEntry[]>;
  /** Records of the most recently active conversations, newest first, at most `limit`. */
  list(limit: number): Promise<ConversationRecord[]>;
}

/** A fresh record for a session first handed off now. */
export function newRecord(sessionId: string, now: number): ConversationRecord {
  return { sessionId, version: 0, mode: 'assistant', shopperMessages: 0, readBy: {}, shopperSeenSeq: 0, lastAt: now, preview: '' };
}
