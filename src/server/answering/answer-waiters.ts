import type { ChatResponse } from '../../protocol/index.js';
import type { SessionQueue } from './session-queue.js';
import type { SessionStore, StoredAnswer } from '../types.js';

/** Pause between store reads while another process answers: doubles from the first to the last. */
const FIRST_POLL_MS = 50;
const MAX_POLL_MS = 1000;

/** How a wait ended: with what the store knows, or without an answer. */
export type AwaitedAnswer = StoredAnswer | { status: 'timeout' } | { status: 'closed' };

export interface AnswerWatch {
  /** Waits for the answer; never longer than `timeoutMs`, and ends early when `signal` aborts. */
  wait(timeoutMs: number, signal: AbortSignal): Promise<AwaitedAnswer>;
  /** Stops listening without waiting (the message was refused). */
  stop(): void;
}

/**
 * Lets HTTP requests wait for the final response to one message, wherever it is produced:
 * - in this process: the response sink calls `settle`, and the wait ends at once;
 * - in another process sharing the store (the first attempt went to another server and this is a
 *   retry): the store is read with a growing pause until the answer is there.
 * Every wait ends by its timeout, when its request goes away, or on `close()`.
 */
export class AnswerWaiters {
  private readonly listeners = new Map<string, Set<(response: ChatResponse) => void>>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  constructor(private readonly store: SessionStore, private readonly queue: SessionQueue) {}

  /** Called with every final response this process produces. */
  settle(response: ChatResponse): void {
    if (response.replyTo === undefined) return;
    for (const listener of [...(this.listeners.get(keyOf(response.sessionId, response.replyTo)) ?? [])]) listener(response);
  }

  /**
   * Starts listening for the answer at once, so watching before the message is queued means a
   * fast answer cannot slip past between queueing and waiting.
   */
  watch(sessionId: string, messageId: string): AnswerWatch {
    const key = keyOf(sessionId, messageId);
    let local: ChatResponse | undefined;
    let wake: (() => void) | undefined;
    const listener = (response: ChatResponse) => {
      local = response;
      wake?.();
    };
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    const stop = () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
    };

    const wait = async (timeoutMs: number, signal: AbortSignal): Promise<AwaitedAnswer> => {
      const deadline = Date.now() + timeoutMs;
      let pause = FIRST_POLL_MS;
      try {
        for (;;) {
          if (local) return { status: 'answered', response: local };
          if (this.closed || signal.aborted) return { status: 'closed' };
          // An answer being produced here arrives through settle(); only one produced elsewhere
          // (or before this request came) needs the store.
          const elsewhere = !this.queue.has(sessionId, messageId);
          if (elsewhere) {
            const stored = await this.store.answerTo(sessionId, messageId);
            if (stored.status !== 'unanswered') return stored;
            if (local) continue;
          }
          const left = deadline - Date.now();
          if (left <= 0) return { status: 'timeout' };
          await this.sleep(elsewhere ? Math.min(pause, left) : left, signal, (w) => (wake = w));
          pause = Math.min(pause * 2, MAX_POLL_MS);
        }
      } finally {
        stop();
      }
    };
    return { wait, stop };
  }

  /** Ends every wait (as `closed`) and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const wakeUp of [...this.sleepers]) wakeUp();
  }

  /** Resolves after `ms`, or earlier when woken, aborted or closed; leaves no timer behind. */
  private sleep(ms: number, signal: AbortSignal, onWake: (wake: () => void) => void): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.sleepers.delete(done);
        onWake(() => undefined);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.sleepers.add(done);
      onWake(done);
    });
  }
}

function keyOf(sessionId: string, messageId: string): string {
  return `${sessionId}\n${messageId}`;
}
