import type { ChatResponse } from '../../protocol/index.js';
import type { LeasedMessage, SessionStore, ShopperMessage } from '../types.js';

export interface AnswerLeasesDeps {
  store: SessionStore;
  /** This process, as lease owner: unique per server instance. */
  owner: string;
  /** How long a lease lasts without renewal; renewed every third of it. */
  ttlMs: number;
  /** A lease this process held was taken over (it was too slow to renew): stop that answer. */
  onLost: (sessionId: string, messageId: string) => void;
  /** A lease held by another process will expire: look again then. */
  onRetry: (sessionId: string) => void;
  onError: (error: unknown, where: string) => void;
}

/**
 * Answer leases, so a message acknowledged by a process that dies (SIGKILL, a crash, a lost
 * machine) before its answer is stored still gets exactly one answer. Accepting a message leases
 * its answer to this process, with the message, in the same atomic step that remembers its id;
 * the lease is renewed while the answer is queued or produced and cleared in the same step that
 * stores the answer (and only if still held, so an answer taken over is never stored twice). A
 * process syncing the session takes over expired leases of unanswered messages, atomically, and
 * answers them. With a store that has no leases, this falls back to remembering ids only.
 */
export class AnswerLeases {
  /** Message ids this process is answering (queued or running), by session. */
  private readonly active = new Map<string, Set<string>>();
  private readonly retries = new Map<string, ReturnType<typeof setTimeout>>();
  private renewing: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(private readonly deps: AnswerLeasesDeps) {}

  get enabled(): boolean {
    const { store } = this.deps;
    return typeof store.acceptMessage === 'function' && typeof store.renewLease === 'function'
      && typeof store.completeAnswer === 'function' && typeof store.takeOverAnswers === 'function';
  }

  /** Remembers the id; when new, leases its answer here. Resolves false for an id already seen. */
  async accept(message: ShopperMessage): Promise<boolean> {
    const { store, owner, ttlMs } = this.deps;
    const fresh = this.enabled
      ? await store.acceptMessage!(message.sessionId, leasedCopy(message), owner, ttlMs)
      : await store.rememberMessage(message.sessionId, message.id);
    if (fresh) this.track(message.sessionId, message.id);
    return fresh;
  }

  /**
   * Stores the final response under the next seq, if this process still holds its lease. Returns
   * the seq, or 0 when another process took the message over (or answered it) meanwhile.
   */
  async complete(response: ChatResponse): Promise<number> {
    const { store, owner } = this.deps;
    if (this.enabled) return store.completeAnswer!(response.sessionId, response, owner);
    const seq = await store.nextSeq(response.sessionId);
    await store.appendResponse(response.sessionId, { ...response, seq });
    return seq;
  }

  /** The answer is stored (or given up): stop renewing its lease. */
  release(sessionId: string, messageId: string): void {
    const ids = this.active.get(sessionId);
    ids?.delete(messageId);
    if (ids?.size === 0) this.active.delete(sessionId);
    if (this.active.size === 0) this.stopRenewing();
  }

  /**
   * Takes over the session's expired leases of unanswered messages. What comes back is now this
   * process's to answer (and tracked as such); when another process holds a live lease, a look
   * again is scheduled for when it expires, so a crash is noticed even if nobody syncs again.
   */
  async takeOver(sessionId: string): Promise<LeasedMessage[]> {
    if (!this.enabled || this.closed) return [];
    const { store, owner, ttlMs } = this.deps;
    const taken = await store.takeOverAnswers!(sessionId, owner, ttlMs, [...(this.active.get(sessionId) ?? [])]);
    for (const message of taken.messages) this.track(sessionId, message.id);
    if (taken.retryInMs !== undefined && !this.closed) this.retryLater(sessionId, taken.retryInMs);
    return taken.messages;
  }

  /** Stops renewing and looking again. Leases still held expire and are taken over elsewhere. */
  close(): void {
    this.closed = true;
    this.stopRenewing();
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
  }

  private track(sessionId: string, messageId: string): void {
    let ids = this.active.get(sessionId);
    if (!ids) this.active.set(sessionId, (ids = new Set()));
    ids.add(messageId);
    if (this.enabled && !this.closed && this.renewing === undefined) {
      this.renewing = setInterval(() => void this.renewAll(), Math.max(1, Math.floor(this.deps.ttlMs / 3)));
    }
  }

  private stopRenewing(): void {
    if (this.renewing !== undefined) clearInterval(this.renewing);
    this.renewing = undefined;
  }

  private async renewAll(): Promise<void> {
    const { store, owner, ttlMs } = this.deps;
    let failure: unknown;
    await Promise.all([...this.active].flatMap(([sessionId, ids]) => [...ids].map(async (messageId) => {
      try {
        if (!(await store.renewLease!(sessionId, messageId, owner, ttlMs)) && this.active.get(sessionId)?.has(messageId)) {
          this.release(sessionId, messageId);
          this.deps.onLost(sessionId, messageId);
        }
      } catch (error) {
        failure ??= error;
      }
    })));
    // One report per round, not one per lease: a store that is down fails them all.
    if (failure !== undefined) this.deps.onError(failure, 'renewing answer leases');
  }

  private retryLater(sessionId: string, inMs: number): void {
    clearTimeout(this.retries.get(sessionId));
    // A little past the expiry, so the lease has certainly run out by Redis's clock too.
    const timer = setTimeout(() => {
      this.retries.delete(sessionId);
      this.deps.onRetry(sessionId);
    }, inMs + 50);
    timer.unref?.();
    this.retries.set(sessionId, timer);
  }
}

/** What a lease keeps of a message: never face attributes, only that it was a face analysis. */
function leasedCopy(message: ShopperMessage): LeasedMessage {
  const copy: LeasedMessage = { id: message.id, sessionId: message.sessionId, text: message.text, sentAt: message.sentAt };
  if (message.context !== undefined) copy.context = message.context;
  if (message.face !== undefined) copy.face = true;
  return copy;
}
