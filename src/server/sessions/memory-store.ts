import type { ChatContext, ChatResponse } from '../../protocol/index.js';
import { cutTurn } from './turns.js';
import { SessionOpenings } from './session-openings.js';
import { SessionStoreFull, type SessionOpening, type SessionWindowRule } from './session-store.js';
import type { ConversationTurn, LeasedMessage, SessionStore, StoredAnswer, TakenOver } from '../types.js';

export interface MemorySessionStoreOptions {
  /**
   * Sessions kept. When full, the least recently used session is forgotten to make room, but only
   * if it has been idle for `evictIdleAfterMs`; otherwise new sessions are refused until one is.
   * @default 10000
   */
  maxSessions?: number;
  /**
   * How long a session must go unused before it may be forgotten to make room for a new one. A
   * forgotten session loses its history and the ids it answered, so this should outlast a shopper's
   * visit. @default 1800000 (30 minutes)
   */
  evictIdleAfterMs?: number;
  /** Responses kept per session for `session-sync`. @default 200 */
  maxHistory?: number;
  /** Message ids remembered per session for duplicate detection. @default 1000 */
  maxMessageIds?: number;
  /** Conversation turns kept per session as responders' chat history. @default 20 */
  maxTurns?: number;
  /** Longest turn kept, in characters; longer ones are cut. @default 2000 */
  maxTurnLength?: number;
  /** The clock answer leases expire and sessions idle by. @default Date.now */
  now?: () => number;
}

interface Lease {
  owner: string;
  expiresAt: number;
  message: LeasedMessage;
}

interface SessionRecord {
  seq: number;
  // Message id to the seq of its answer (0 while unanswered). A Map keeps insertion order, so its
  // first entry is the oldest id.
  messageIds: Map<string, number>;
  responses: ChatResponse[];
  context: ChatContext;
  owner: string;
  turns: ConversationTurn[];
  /** Answer leases by message id, while the message is being answered. */
  leases: Map<string, Lease>;
  /** When the session was last read or written, by `now`. */
  usedAt: number;
}

/**
 * Sessions in this process's memory, bounded in every direction so hostile clients inventing
 * session ids cannot grow it without limit. Only a session idle for `evictIdleAfterMs` is ever
 * forgotten to make room: a flood of new sessions is refused (`SessionStoreFull`) rather than
 * allowed to wipe active shoppers' history and the ids already answered for them. An evicted
 * session starts again at seq 1, so size `maxSessions` well above the number of shoppers active
 * within `evictIdleAfterMs`; use a shared store for several processes.
 *
 * @example
 * const server = createChatServer({ store: new MemorySessionStore({ maxSessions: 50_000 }) });
 */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly maxSessions: number;
  private readonly maxHistory: number;
  private readonly maxMessageIds: number;
  private readonly maxTurns: number;
  private readonly maxTurnLength: number;
  private readonly evictIdleAfterMs: number;
  private readonly now: () => number;
  private readonly openings: SessionOpenings;

  constructor(options: MemorySessionStoreOptions = {}) {
    this.maxSessions = positive(options.maxSessions ?? 10_000, 'maxSessions');
    this.maxHistory = positive(options.maxHistory ?? 200, 'maxHistory');
    this.maxMessageIds = positive(options.maxMessageIds ?? 1000, 'maxMessageIds');
    this.maxTurns = positive(options.maxTurns ?? 20, 'maxTurns');
    this.maxTurnLength = positive(options.maxTurnLength ?? 2000, 'maxTurnLength');
    const idle = options.evictIdleAfterMs ?? 1_800_000;
    if (!(Number.isFinite(idle) && idle >= 0)) throw new RangeError(`MemorySessionStore: evictIdleAfterMs must be a number of milliseconds >= 0, got ${idle}`);
    this.evictIdleAfterMs = idle;
    this.now = options.now ?? Date.now;
    this.openings = new SessionOpenings(this.now);
  }

  async openSession(sessionId: string, address: string, rule: SessionWindowRule): Promise<SessionOpening> {
    return this.sessions.has(sessionId) ? { ok: true } : this.openings.open(address, sessionId, rule);
  }

  async rememberMessage(sessionId: string, messageId: string): Promise<boolean> {
    const record = this.session(sessionId);
    const ids = record.messageIds;
    if (ids.has(messageId)) return false;
    ids.set(messageId, 0);
    if (ids.size > this.maxMessageIds) {
      const oldest = ids.keys().next().value as string;
      ids.delete(oldest);
      record.leases.delete(oldest);
    }
    return true;
  }

  async acceptMessage(sessionId: string, message: LeasedMessage, owner: string, ttlMs: number): Promise<boolean> {
    if (!(await this.rememberMessage(sessionId, message.id))) return false;
    this.session(sessionId).leases.set(message.id, { owner, expiresAt: this.now() + ttlMs, message: structuredClone(message) });
    return true;
  }

  async renewLease(sessionId: string, messageId: string, owner: string, ttlMs: number): Promise<boolean> {
    const lease = this.peek(sessionId)?.leases.get(messageId);
    if (lease?.owner !== owner) return false;
    lease.expiresAt = this.now() + ttlMs;
    return true;
  }

  async completeAnswer(sessionId: string, response: ChatResponse, owner: string): Promise<number> {
    const record = this.session(sessionId);
    const replyTo = response.replyTo;
    if (replyTo !== undefined) {
      const lease = record.leases.get(replyTo);
      if ((lease !== undefined && lease.owner !== owner) || (record.messageIds.get(replyTo) ?? 0) > 0) return 0;
      record.leases.delete(replyTo);
    }
    const seq = ++record.seq;
    await this.appendResponse(sessionId, { ...response, seq });
    return seq;
  }

  async takeOverAnswers(sessionId: string, owner: string, ttlMs: number, exclude: readonly string[]): Promise<TakenOver> {
    const record = this.peek(sessionId);
    const out: TakenOver = { messages: [] };
    if (!record) return out;
    const now = this.now();
    for (const [id, lease] of record.leases) {
      if ((record.messageIds.get(id) ?? 1) > 0) record.leases.delete(id);
      else if (exclude.includes(id)) continue;
      else if (lease.expiresAt <= now) {
        lease.owner = owner;
        lease.expiresAt = now + ttlMs;
        out.messages.push(structuredClone(lease.message));
      } else if (lease.owner !== owner) {
        out.retryInMs = Math.min(out.retryInMs ?? Infinity, lease.expiresAt - now);
      }
    }
    return out;
  }

  async nextSeq(sessionId: string): Promise<number> {
    return ++this.session(sessionId).seq;
  }

  async appendResponse(sessionId: string, response: ChatResponse): Promise<void> {
    const record = this.session(sessionId);
    const responses = record.responses;
    if (response.replyTo !== undefined && record.messageIds.has(response.replyTo)) record.messageIds.set(response.replyTo, response.seq);
    responses.push(response);
    if (responses.length > this.maxHistory) responses.splice(0, responses.length - this.maxHistory);
  }

  async responsesAfter(sessionId: string, afterSeq: number, limit: number): Promise<ChatResponse[]> {
    const record = this.peek(sessionId);
    if (!record || limit <= 0) return [];
    return record.responses.filter((r) => r.seq > afterSeq).slice(0, limit);
  }

  async answerTo(sessionId: string, messageId: string): Promise<StoredAnswer> {
    const record = this.peek(sessionId);
    const seq = record?.messageIds.get(messageId);
    if (!record || !seq) return { status: 'unanswered' };
    const response = record.responses.find((r) => r.seq === seq);
    return response ? { status: 'answered', response } : { status: 'evicted' };
  }

  async getContext(sessionId: string): Promise<ChatContext> {
    return { ...this.peek(sessionId)?.context };
  }

  async setContext(sessionId: string, context: ChatContext): Promise<void> {
    this.session(sessionId).context = { ...context };
  }

  async claimSession(sessionId: string, identity: string): Promise<string> {
    if (identity === '') return this.peek(sessionId)?.owner ?? '';
    const record = this.session(sessionId);
    if (record.owner === '') record.owner = identity;
    return record.owner;
  }

  async appendTurns(sessionId: string, turns: readonly ConversationTurn[]): Promise<void> {
    const kept = this.session(sessionId).turns;
    for (const turn of turns) kept.push({ role: turn.role, text: cutTurn(turn.text, this.maxTurnLength) });
    if (kept.length > this.maxTurns) kept.splice(0, kept.length - this.maxTurns);
  }

  async recentTurns(sessionId: string, limit: number): Promise<ConversationTurn[]> {
    const turns = this.peek(sessionId)?.turns ?? [];
    return limit <= 0 ? [] : turns.slice(-limit).map((turn) => ({ ...turn }));
  }

  /** Reads without creating, so lookups of unknown ids cost no memory. */
  private peek(sessionId: string): SessionRecord | undefined {
    const record = this.sessions.get(sessionId);
    if (record) this.touch(sessionId, record);
    return record;
  }

  private session(sessionId: string): SessionRecord {
    let record = this.sessions.get(sessionId);
    if (!record) {
      if (this.sessions.size >= this.maxSessions) this.makeRoom();
      record = { seq: 0, messageIds: new Map(), responses: [], context: {}, owner: '', turns: [], leases: new Map(), usedAt: 0 };
    }
    this.touch(sessionId, record);
    return record;
  }

  /** Forgets the least recently used session if it is idle enough, else refuses the newcomer. */
  private makeRoom(): void {
    const [oldestId, oldest] = this.sessions.entries().next().value as [string, SessionRecord];
    const idleFor = this.now() - oldest.usedAt;
    if (idleFor < this.evictIdleAfterMs) throw new SessionStoreFull(this.evictIdleAfterMs - idleFor);
    this.sessions.delete(oldestId);
  }

  // Re-inserting moves the session to the end of the Map's order: the front is least recently used.
  private touch(sessionId: string, record: SessionRecord): void {
    record.usedAt = this.now();
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, record);
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`MemorySessionStore: ${name} must be a positive integer, got ${value}`);
  return value;
}
