/**
 * Why an answer stopped early; carried as the abort `reason` so responders can tell too.
 * `taken-over`: this process lost the message's answer lease to another, which answers it instead.
 */
export type AbortKind = 'cancelled' | 'timeout' | 'shutdown' | 'taken-over';

export class ResponseAborted extends Error {
  override readonly name = 'ResponseAborted';

  constructor(readonly kind: AbortKind) {
    super(`response ${kind}`);
  }
}

export function abortKind(signal: AbortSignal): AbortKind | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason instanceof ResponseAborted ? signal.reason.kind : 'cancelled';
}

interface SessionLine {
  tail: Promise<void>;
  /** Queued and running messages, by message id, in arrival order. */
  pending: Map<string, AbortController>;
}

/**
 * Answers the messages of one session one at a time, in arrival order, so responses (and their
 * seq) come out in the order the shopper asked. Each message gets its AbortController when it is
 * queued, so `chat-cancel` also works on a message still waiting its turn.
 */
export class SessionQueue {
  private readonly lines = new Map<string, SessionLine>();

  constructor(private readonly onError: (error: unknown, where: string) => void) {}

  pendingCount(sessionId: string): number {
    return this.lines.get(sessionId)?.pending.size ?? 0;
  }

  /** Whether the answer to `messageId` is queued or running in this process. */
  has(sessionId: string, messageId: string): boolean {
    return this.lines.get(sessionId)?.pending.has(messageId) ?? false;
  }

  enqueue(sessionId: string, messageId: string, task: (controller: AbortController) => Promise<void>): void {
    let line = this.lines.get(sessionId);
    if (!line) this.lines.set(sessionId, (line = { tail: Promise.resolve(), pending: new Map() }));
    const controller = new AbortController();
    const current = line;
    current.pending.set(messageId, controller);
    current.tail = current.tail
      .then(() => task(controller))
      // Tasks report their own failures; this only keeps a bug from ending the chain silently.
      .catch((error: unknown) => this.onError(error, 'session queue'))
      .finally(() => {
        current.pending.delete(messageId);
        if (current.pending.size === 0 && this.lines.get(sessionId) === current) this.lines.delete(sessionId);
      });
  }

  /** Aborts the answer to `messageId`, queued or running. Returns whether there was one. */
  cancel(sessionId: string, messageId: string): boolean {
    return this.abort(sessionId, messageId, 'cancelled');
  }

  /** Aborts the answer to `messageId` for `kind`. Returns whether there was one. */
  abort(sessionId: string, messageId: string, kind: AbortKind): boolean {
    const controller = this.lines.get(sessionId)?.pending.get(messageId);
    if (!controller) return false;
    controller.abort(new ResponseAborted(kind));
    return true;
  }

  abortAll(kind: AbortKind): void {
    for (const line of this.lines.values()) {
      for (const controller of line.pending.values()) controller.abort(new ResponseAborted(kind));
    }
  }

  /** Settles when every queued task has finished. */
  async idle(): Promise<void> {
    while (this.lines.size > 0) await Promise.all([...this.lines.values()].map((line) => line.tail));
  }
}
