import type { ChatContext, ChatMessage, ChatResponse } from '../../protocol/index.js';

/**
 * One side of an exchange, as the session store keeps it for responders' history: the shopper's
 * text (for a face analysis, the neutral FACE_ANALYSIS_TEXT, never the attributes) or the text of
 * the answer. Never logged.
 */
export interface ConversationTurn {
  role: 'shopper' | 'assistant';
  text: string;
}

/**
 * A message as its answer lease keeps it, so another process can answer it if the one answering
 * dies: the `chat-message` fields, and for a face analysis only the fact (`face: true`), never the
 * attributes (a taken-over face analysis is answered "please try again").
 */
export interface LeasedMessage extends ChatMessage {
  face?: true;
}

/** What `takeOverAnswers` found: messages now leased to the caller, and when to look again. */
export interface TakenOver {
  messages: LeasedMessage[];
  /** Milliseconds until the earliest lease still held by a live process expires; absent when none. */
  retryInMs?: number;
}

/**
 * What a store knows about the answer to one shopper message:
 * - `answered`: here it is;
 * - `evicted`: it was answered, but the response has left the bounded history;
 * - `unanswered`: no answer is stored: the message is still being answered (maybe by another
 *   process), was never seen, or its id has been forgotten.
 */
export type StoredAnswer = { status: 'answered'; response: ChatResponse } | { status: 'evicted' } | { status: 'unanswered' };

/** At most `max` new sessions from one client address within any `windowMs`. */
export interface SessionWindowRule {
  max: number;
  windowMs: number;
}

/** What `openSession` says: go on, or wait `retryAfterMs` before this address opens another session. */
export type SessionOpening = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Thrown by a store that holds as many sessions as it may and will not forget an active one to
 * make room: forgetting would let a flood of new sessions wipe shoppers' history and answer their
 * old message ids twice. The server answers the newcomer `unavailable` with `retryAfterMs`.
 */
export class SessionStoreFull extends Error {
  override readonly name = 'SessionStoreFull';
  readonly code = 'sessions_full';

  constructor(readonly retryAfterMs: number) {
    super(`the session store is full of active sessions: try again in ${Math.ceil(retryAfterMs / 1000)} s, or give it a larger maxSessions`);
  }
}

/**
 * Where sessions keep their state between messages. Every method is async so a shared store
 * (Redis) can serve several server processes.
 */
export interface SessionStore {
  /**
   * Returns true if newly recorded, false if the id was already seen. Must be atomic: of several
   * concurrent calls with one id, from any number of processes, exactly one gets true.
   */
  rememberMessage(sessionId: string, messageId: string): Promise<boolean>;
  /** The next `seq` of the session: 1, 2, 3... */
  nextSeq(sessionId: string): Promise<number>;
  /** Stores a response that already has its `seq`; its `replyTo` becomes answered. */
  appendResponse(sessionId: string, response: ChatResponse): Promise<void>;
  /** Responses with `seq > afterSeq`, oldest first, at most `limit`. */
  responsesAfter(sessionId: string, afterSeq: number, limit: number): Promise<ChatResponse[]>;
  /** The stored answer to a remembered message id (the HTTP fallback answers retries with it). */
  answerTo(sessionId: string, messageId: string): Promise<StoredAnswer>;
  /** The session's context, `{}` when none was set. */
  getContext(sessionId: string): Promise<ChatContext>;
  setContext(sessionId: string, context: ChatContext): Promise<void>;
  /**
   * Binds the session to `identity` if it has no owner yet and returns its owner (`''` for none);
   * with `identity` `''` it only reads. Must be atomic across processes. Optional for stores
   * written before identities: without it, owners are kept in this process only.
   */
  claimSession?(sessionId: string, identity: string): Promise<string>;
  /**
   * Records turns of an exchange at the end of the session's turns, keeping the last `maxTurns`,
   * each cut to `maxTurnLength` characters. Optional: without it (and `recentTurns`), responders get
   * no chat history.
   */
  appendTurns?(sessionId: string, turns: readonly ConversationTurn[]): Promise<void>;
  /** The last `limit` turns, oldest first. */
  recentTurns?(sessionId: string, limit: number): Promise<ConversationTurn[]>;
  // Answer leases (optional; both built-in stores have them, and then use all four): how a message
  // acknowledged by a process that dies before its answer is stored still gets exactly one answer.
  /**
   * `rememberMessage` that also, for a new id, leases the answer to `owner` for `ttlMs`, keeping the
   * message so another process can answer it. Atomic like `rememberMessage`.
   */
  acceptMessage?(sessionId: string, message: LeasedMessage, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends `owner`'s lease on answering `messageId`; false when it is no longer `owner`'s. */
  renewLease?(sessionId: string, messageId: string, owner: string, ttlMs: number): Promise<boolean>;
  /**
   * Stores the answer under the session's next seq and clears its lease, in one atomic step, only
   * if `owner` still holds the lease (or there is none) and the message has no answer yet. Returns
   * the seq, or 0 when refused: another process took the message over, or answered it.
   */
  completeAnswer?(sessionId: string, response: ChatResponse, owner: string): Promise<number>;
  /**
   * Atomically leases to `owner` every expired lease of the session whose message has no answer,
   * except those in `exclude` (what `owner` is answering right now), and drops leases of answered
   * or forgotten messages. Of several processes calling at once, each message goes to one.
   */
  takeOverAnswers?(sessionId: string, owner: string, ttlMs: number, exclude: readonly string[]): Promise<TakenOver>;
  /**
   * Whether `address` may use the session: yes for a session the store already holds and for one
   * this address opened within the last `rule.windowMs`; any other session counts as new, and one
   * address gets at most `rule.max` of those in any window; the count must be atomic across processes
   * (the existence check need not be: a race there only counts a session twice). Optional: without
   * it the server counts new sessions per process.
   */
  openSession?(sessionId: string, address: string, rule: SessionWindowRule): Promise<SessionOpening>;
}
