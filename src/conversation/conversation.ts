import type { OperatorAuthor } from '../protocol/handoff.js';
import type { Block, ChatResponse, ChatResponseChunk, ProtocolError } from '../protocol/index.js';
import type { DeliveryState } from '../delivery/outbox.js';

export interface ShopperEntry {
  kind: 'shopper';
  id: string;
  text: string;
  sentAt: number;
  state: DeliveryState;
  error?: { code: string; message: string };
}

export interface AssistantEntry {
  kind: 'assistant';
  /** The response id: streamed chunks and the final response share it. */
  id: string;
  replyTo?: string;
  text: string;
  blocks: readonly Block[];
  /** True while chunks arrive and the final response has not. */
  streaming: boolean;
  success: boolean;
  seq?: number;
  timestamp: number;
  error?: ProtocolError;
  cancelled?: boolean;
  /** Shown, never saved on the device (an answer to a face analysis). */
  ephemeral?: boolean;
  requiresAuth?: boolean;
  authUrl?: string;
  /** Written by a person from the store (hand-off): shown under their name. */
  author?: OperatorAuthor;
}

export type ConversationEntry = ShopperEntry | AssistantEntry;

export interface ConversationSnapshot {
  readonly entries: readonly ConversationEntry[];
  readonly agentTyping: boolean;
  /**
   * Where session-sync resumes: every response up to this seq has been shown (or the server said
   * there is none). A response shown above a gap does not move it, so the gap is asked for again.
   */
  readonly lastSeq: number;
}

/**
 * The conversation as the shopper sees it. Immutable snapshots, so renderers can compare by
 * reference; de-duplicates responses by id, so a response seen live and again through
 * `session-sync` appears once.
 */
export class Conversation {
  private snapshot: ConversationSnapshot = { entries: [], agentTyping: false, lastSeq: 0 };
  /** Streamed parts by response id, kept apart so chunks may arrive out of order. */
  private parts = new Map<string, string[]>();
  private finished = new Set<string>();
  /** Seqs shown above `lastSeq`, waiting for the gap below them to close. */
  private ahead = new Set<number>();

  constructor(private readonly onChange: (snapshot: ConversationSnapshot) => void) {}

  get current(): ConversationSnapshot {
    return this.snapshot;
  }

  addShopper(entry: Omit<ShopperEntry, 'kind' | 'state'>, state: DeliveryState): void {
    if (this.snapshot.entries.some((e) => e.kind === 'shopper' && e.id === entry.id)) return;
    this.commit({ entries: [...this.snapshot.entries, { kind: 'shopper', ...entry, state }] });
  }

  setDelivery(id: string, state: DeliveryState, error?: { code: string; message: string }): void {
    this.replace(id, 'shopper', (e) => (error ? { ...e, state, error } : { ...e, state, error: undefined }));
  }

  /** Returns false when the chunk belongs to a response already complete (a late duplicate). */
  applyChunk(chunk: ChatResponseChunk, now: number): boolean {
    if (this.finished.has(chunk.id)) return false;
    let parts = this.parts.get(chunk.id);
    if (!parts) this.parts.set(chunk.id, (parts = []));
    if (parts[chunk.index] !== undefined) return false;
    parts[chunk.index] = chunk.delta;
    // Array.join reads holes as empty strings, so a missing chunk delays nothing after it.
    const text = parts.join('');
    const existing = this.find(chunk.id);
    if (existing) {
      // A stream paused by a lost connection resumes when recovery replays its chunks.
      this.replace(chunk.id, 'assistant', (e) => ({ ...e, text, streaming: true }));
    } else {
      const entry: AssistantEntry = { kind: 'assistant', id: chunk.id, replyTo: chunk.replyTo, text, blocks: [], streaming: true, success: true, timestamp: now };
      // A new stream for the same question means another server took it over: the half answer of
      // the one that died goes now, not when the new one finishes.
      const kept = this.snapshot.entries.filter((e) => !(e.kind === 'assistant' && e.replyTo === chunk.replyTo && !this.finished.has(e.id)));
      this.commit({ entries: this.insertAfterReply(kept, entry) });
    }
    return true;
  }

  /** Returns false for a response already shown. The final text replaces whatever was streamed. */
  applyResponse(response: ChatResponse): boolean {
    if (this.finished.has(response.id)) return false;
    this.finished.add(response.id);
    this.parts.delete(response.id);
    const entry: AssistantEntry = {
      kind: 'assistant',
      id: response.id,
      text: response.response ?? '',
      blocks: response.blocks ?? [],
      streaming: false,
      success: response.success,
      seq: response.seq,
      timestamp: response.timestamp,
      ...(response.replyTo !== undefined ? { replyTo: response.replyTo } : {}),
      ...(response.error !== undefined ? { error: response.error } : {}),
      ...(response.cancelled ? { cancelled: true } : {}),
      ...(response.ephemeral ? { ephemeral: true } : {}),
      author: response.author,
      ...(response.requiresAuth ? { requiresAuth: true, ...(response.authUrl ? { authUrl: response.authUrl } : {}) } : {}),
    };
    // A stream for the same question under another id died with the process that wrote it: the
    // final answer that did arrive takes its place.
    const kept = this.snapshot.entries.filter((e) =>
      !(e.kind === 'assistant' && e.id !== response.id && response.replyTo !== undefined && e.replyTo === response.replyTo && !this.finished.has(e.id)));
    const entries = kept.some((e) => e.kind === 'assistant' && e.id === response.id)
      ? kept.map((e) => (e.kind === 'assistant' && e.id === response.id ? entry : e))
      : this.insertAfterReply([...kept], entry);
    this.commit({ entries, lastSeq: this.advance(response.seq, false) });
    return true;
  }

  /**
   * A session-sync answered with everything the server has after the resume point, up to `seq`
   * (or a restore said so): nothing missing below it is still to come.
   */
  resumeAfter(seq: number): void {
    const lastSeq = this.advance(seq, true);
    if (lastSeq !== this.snapshot.lastSeq) this.commit({ lastSeq });
  }

  /** Moves the resume point over contiguous seqs only (or through `seq` when told nothing is missing). */
  private advance(seq: number, through: boolean): number {
    let last = this.snapshot.lastSeq;
    if (through) {
      last = Math.max(last, seq);
      for (const s of this.ahead) if (s <= last) this.ahead.delete(s);
    } else if (seq > last) {
      this.ahead.add(seq);
    }
    while (this.ahead.delete(last + 1)) last++;
    return last;
  }

  /**
   * The connection dropped: streams stop where they are. They resume if recovery replays the rest,
   * or are replaced when the final response comes by sync.
   */
  pauseStreams(): void {
    if (!this.snapshot.entries.some((e) => e.kind === 'assistant' && e.streaming)) return;
    this.commit({ entries: this.snapshot.entries.map((e) => (e.kind === 'assistant' && e.streaming ? { ...e, streaming: false } : e)) });
  }

  /**
   * After a sync on a new connection, a stream that is neither finished nor moving died with the
   * server that wrote it: say so, instead of leaving half an answer that looks complete.
   */
  failStalledStreams(message: string): void {
    const stalled = (e: ConversationEntry) => e.kind === 'assistant' && !e.streaming && !this.finished.has(e.id) && e.success;
    if (!this.snapshot.entries.some(stalled)) return;
    this.commit({
      entries: this.snapshot.entries.map((e) => (e.kind === 'assistant' && stalled(e) ? { ...e, success: false, error: { code: 'unavailable', message } } : e)),
    });
  }

  /** The question whose answer a "stop" would cancel: the one streaming, else the last one sent. */
  answerInProgress(): string | undefined {
    const entries = this.snapshot.entries;
    const streaming = entries.find((e) => e.kind === 'assistant' && e.streaming);
    if (streaming?.kind === 'assistant') return streaming.replyTo;
    const lastShopper = [...entries].reverse().find((e) => e.kind === 'shopper' && e.state === 'sent');
    return lastShopper?.id;
  }

  setAgentTyping(typing: boolean): void {
    if (this.snapshot.agentTyping !== typing) this.commit({ agentTyping: typing });
  }

  has(responseId: string): boolean {
    return this.finished.has(responseId);
  }

  private find(id: string): AssistantEntry | undefined {
    return this.snapshot.entries.find((e): e is AssistantEntry => e.kind === 'assistant' && e.id === id);
  }

  /**
   * Answers go after the question they answer and after earlier answers to it, so a reply that
   * arrives through sync after later messages still reads in order.
   */
  private insertAfterReply(entries: ConversationEntry[], entry: AssistantEntry): ConversationEntry[] {
    const question = entry.replyTo === undefined ? -1 : entries.findIndex((e) => e.kind === 'shopper' && e.id === entry.replyTo);
    if (question === -1) return [...entries, entry];
    let at = question + 1;
    while (at < entries.length && entries[at]!.kind === 'assistant') at++;
    entries.splice(at, 0, entry);
    return entries;
  }

  private replace<K extends ConversationEntry['kind']>(id: string, kind: K, update: (e: Extract<ConversationEntry, { kind: K }>) => ConversationEntry): void {
    let changed = false;
    const entries = this.snapshot.entries.map((e) => {
      if (e.kind !== kind || e.id !== id) return e;
      changed = true;
      return update(e as Extract<ConversationEntry, { kind: K }>);
    });
    if (changed) this.commit({ entries });
  }

  private commit(patch: Partial<ConversationSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.onChange(this.snapshot);
  }
}
