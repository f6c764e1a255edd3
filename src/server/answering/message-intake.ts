import { ProtocolFailure, type MessageAck, type ProtocolError } from '../../protocol/index.js';
import type { AnswerLeases } from './answer-leases.js';
import type { ChatLogger } from '../operations/logger.js';
import type { RateLimiter } from '../guards/rate-limiter.js';
import type { ResponseRunner } from './response-runner.js';
import type { SessionQueue } from './session-queue.js';
import { SessionStoreFull } from '../sessions/session-store.js';
import type { Responder, SessionStore, ShopperMessage } from '../types.js';

export interface MessageIntakeDeps {
  store: SessionStore;
  queue: SessionQueue;
  runner: ResponseRunner;
  maxPendingPerSession: number;
  isClosed: () => boolean;
  onError: (error: unknown, where: string) => void;
  log: ChatLogger;
  /** Messages per session; undefined when rate limits are off. */
  perSession: RateLimiter | undefined;
  /** Messages per client address, whatever the transport; undefined when rate limits are off. */
  perAddress: RateLimiter | undefined;
  logMessageText: boolean;
  leases: AnswerLeases;
  /** The hand-off desk, when hand-off is on: it may take a message away from the responder. */
  handoff?: HandoffIntake;
}

/** What the intake asks of the hand-off desk (see HandoffMessages). */
export interface HandoffIntake {
  /** The ack (and what to do after it) for a message the operators take; undefined for the responder's. */
  take(message: ShopperMessage): Promise<{ ack: MessageAck; after?: () => Promise<void> } | undefined>;
  /** A message the responder answers, for the operators' transcript. */
  observe(message: ShopperMessage): Promise<void>;
}

export const CLOSING: ProtocolError = { code: 'unavailable', message: 'the server is shutting down' };
export const STORE_DOWN: ProtocolError = { code: 'unavailable', message: 'session store unavailable' };

/** How long a rate-limited client should wait before retrying. */
const RATE_LIMIT_RETRY_MS = 2000;
/** Longest wait a full store asks for: room may come sooner, when a session goes idle. */
const FULL_RETRY_MAX_MS = 60_000;

/** A face analysis taken over after a crash: its attributes were never stored, so it cannot be redone here. */
const interruptedFace: Responder = async () => {
  throw new ProtocolFailure('unavailable', 'The face analysis was interrupted. Please try it again.');
};

/**
 * Accepts a validated shopper message for answering, the same way whichever transport brought it
 * (Socket.IO or the HTTP fallback): refuses while closing or when the session has too much
 * waiting, remembers the id (the idempotency key) and queues the answer. A repeated id is
 * acknowledged as a duplicate and never queued again.
 */
export class MessageIntake {
  constructor(private readonly deps: MessageIntakeDeps) {}

  /**
   * Calls `acknowledge` exactly once, and for a fresh message queues its answer right after, so
   * the acknowledgement goes out before the first event of the answer. `address` is the client's,
   * whose messages share one bucket across sessions and transports.
   */
  async accept(message: ShopperMessage, acknowledge: (ack: MessageAck) => void, address: string): Promise<void> {
    const answer = (ack: MessageAck) => {
      this.logged(message, ack);
      acknowledge(ack);
    };
    const { id, sessionId } = message;
    if (this.deps.isClosed()) return answer({ ok: false, id, error: CLOSING });
    // Both checked before the id is remembered, so the client can retry the same id later.
    const allowed = this.deps.perSession?.take(sessionId) ?? { ok: true };
    if (!allowed.ok) {
      return answer({ ok: false, id, error: { code: 'rate_limited', message: 'too many messages in this session: slow down', retryAfterMs: allowed.retryAfterMs } });
    }
    const fromAddress = this.deps.perAddress?.take(address) ?? { ok: true };
    if (!fromAddress.ok) {
      // Once per flood, however long it lasts; each refusal still has its `message` entry.
      if (fromAddress.firstOfFlood) this.deps.log({ level: 'warn', event: 'rate_limited', scope: 'ip', address, sessionId });
      return answer({ ok: false, id, error: { code: 'rate_limited', message: 'too many messages from this address: slow down', retryAfterMs: fromAddress.retryAfterMs } });
    }
    if (this.deps.queue.pendingCount(sessionId) >= this.deps.maxPendingPerSession) {
      return answer({ ok: false, id, error: { code: 'rate_limited', message: 'too many messages waiting for an answer', retryAfterMs: RATE_LIMIT_RETRY_MS } });
    }
    const handoff = this.deps.handoff;
    if (handoff !== undefined) {
      let taken;
      try {
        taken = await handoff.take(message);
      } catch (error) {
        this.deps.onError(error, 'handoff desk');
        return answer({ ok: false, id, error: STORE_DOWN });
      }
      if (taken !== undefined) {
        answer(taken.ack);
        return taken.after?.().catch((error: unknown) => this.deps.onError(error, 'handoff desk'));
      }
    }
    let fresh: boolean;
    try {
      fresh = await this.deps.leases.accept(message);
    } catch (error) {
      if (error instanceof SessionStoreFull) {
        // Load shedding, not a failure: the store keeps its active shoppers and turns newcomers away.
        this.deps.log({ level: 'warn', event: 'sessions_full', sessionId });
        const retryAfterMs = Math.min(FULL_RETRY_MAX_MS, Math.max(1000, Math.ceil(error.retryAfterMs)));
        return answer({ ok: false, id, error: { code: 'unavailable', message: 'the server is busy: try again later', retryAfterMs } });
      }
      this.deps.onError(error, 'session store');
      return answer({ ok: false, id, error: STORE_DOWN });
    }
    if (!fresh) {
      answer({ ok: true, id, duplicate: true });
      // A resend may mean the process that accepted it died before answering.
      return this.recover(sessionId);
    }
    answer({ ok: true, id });
    handoff?.observe(message).catch((error: unknown) => this.deps.onError(error, 'handoff desk'));
    this.deps.queue.enqueue(sessionId, id, (controller) => this.deps.runner.run(message, controller));
  }

  /**
   * Answers the session's messages whose answering process died: called when a client syncs (it
   * has just come from another process, maybe a dead one) or resends an id. Each such message is
   * taken over by exactly one process, here or elsewhere, and answered once.
   */
  async recover(sessionId: string): Promise<void> {
    if (this.deps.isClosed()) return;
    let taken;
    try {
      taken = await this.deps.leases.takeOver(sessionId);
    } catch (error) {
      this.deps.onError(error, 'session store');
      return;
    }
    for (const { face, ...message } of taken) {
      this.deps.log({ level: 'info', event: 'takeover', sessionId, messageId: message.id });
      this.deps.queue.enqueue(sessionId, message.id, (controller) => this.deps.runner.run(message, controller, face ? interruptedFace : undefined));
    }
  }

  /**
   * One `message` entry per decision: ids, size and outcome; the text only when asked for. Face
   * attributes never: the entry says a face analysis came, not what it found (their text is the
   * neutral FACE_ANALYSIS_TEXT).
   */
  private logged(message: ShopperMessage, ack: MessageAck): void {
    const outcome = ack.ok ? (ack.duplicate ? 'duplicate' : 'accepted') : ack.error.code;
    const base = { level: 'info', event: 'message', sessionId: message.sessionId, messageId: message.id, length: message.text.length, outcome } as const;
    const entry = message.face === undefined ? base : { ...base, kind: 'face-analysis' };
    this.deps.log(this.deps.logMessageText ? { ...entry, text: message.text } : entry);
  }
}
