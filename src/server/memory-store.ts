import type { ChatContext, ChatResponse } from '../protocol';
import type { SessionStore, StoredAnswer } from './types';

export interface MemorySessionStoreOptions {
  /** Sessions kept; the least recently used is forgotten first. @default 10000 */
  maxSessions?: number;
  /** Responses kept per session for `session-sync`. @default 200 */
  maxHistory?: number;
  /** Message ids remembered per session for duplicate detection. @default 1000 */
  maxMessageIds?: number;
}

interface SessionRecord {
  seq: number;
  // Message id to the seq of its answer (0 while unanswered). A Map keeps insertion order, so its
  // first entry is the oldest id.
  messageIds: Map<string, number>;
  responses: ChatResponse[];
  context: ChatContext;
  owner: string;
}

/**
 * Sessions in this process's memory, bounded in every direction so hostile clients inventing
 * session ids cannot grow it without limit. An evicted session starts again at seq 1, so size
 * `maxSessions` well above the number of concurrent shoppers; use a shared store for several
 * processes.
 *
 * @example
 * const server = createChatServer({ store: new MemorySessionStore({ maxSessions: 50_000 }) });
 */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly maxSessions: number;
  private readonly maxHistory: number;
  private readonly maxMessageIds: number;

  constructor(options: MemorySessionStoreOptions = {}) {
    this.maxSessions = positive(options.maxSessions ?? 10_000, 'maxSessions');
    this.maxHistory = positive(options.maxHistory ?? 200, 'maxHistory');
    this.maxMessageIds = positive(options.maxMessageIds ?? 1000, 'maxMessageIds');
  }

  async rememberMessage(sessionId: string, messageId: string): Promise<boolean> {
    const ids = this.session(sessionId).messageIds;
    if (ids.has(messageId)) return false;
    ids.set(messageId, 0);
    if (ids.size > this.maxMessageIds) ids.delete(ids.keys().next().value as string);
    return true;
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

  /** Reads without creating, so lookups of unknown ids cost no memory. */
  private peek(sessionId: string): SessionRecord | undefined {
    const record = this.sessions.get(sessionId);
    if (record) this.touch(sessionId, record);
    return record;
  }

  private session(sessionId: string): SessionRecord {
    let record = this.sessions.get(sessionId);
    if (!record) {
      record = { seq: 0, messageIds: new Map(), responses: [], context: {}, owner: '' };
      if (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value as string);
    }
    this.touch(sessionId, record);
    return record;
  }

  // Re-inserting moves the session to the end of the Map's order: the front is least recently used.
  private touch(sessionId: string, record: SessionRecord): void {
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, record);
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`MemorySessionStore: ${name} must be a positive integer, got ${value}`);
  return value;
}
