import type { ChatMessage } from '../protocol/index.js';
import type { Timers } from '../util/environment.js';

/** When to look for an answer that has not come; see `answerCheck` in the widget's options. */
export interface AnswerCheckOptions {
  /** How long an acknowledged message may go without any part of its answer before the first check. @default 15000 */
  delayMs?: number;
  /** Each further check waits twice as long as the one before, up to this. @default 120000 */
  maxDelayMs?: number;
  /** Checks per message; after the last one, the widget reports the missing answer and stops. @default 5 */
  maxChecks?: number;
}

export interface AnswerWatchConfig extends AnswerCheckOptions {
  timers: Timers;
  /** Asks the server about `message` (the `check`th time, from 1). */
  check(message: ChatMessage, check: number): void;
  /** The last check went by and still nothing came. */
  gaveUp(message: ChatMessage): void;
}

interface Watched {
  message: ChatMessage;
  /** Checks made so far. */
  checks: number;
  timer: unknown;
}

/**
 * Acknowledged messages whose answer has not arrived yet. An ack means the server took the message,
 * not that its answer will reach this page: the process answering it may have failed to store the
 * answer (Redis briefly down), or died and left it to a lease that is only taken over when someone
 * asks. A page that stays connected would otherwise never ask, so after a quiet while it does, a
 * few times, further apart each time.
 *
 * Any part of the answer (a chunk) starts the wait over; the final answer ends it. While the
 * connection is down nothing is checked: reconnecting syncs by itself, and the waits start over.
 */
export class AnswerWatch {
  private readonly watched = new Map<string, Watched>();
  private paused = true;
  private readonly delayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxChecks: number;

  constructor(private readonly config: AnswerWatchConfig) {
    this.delayMs = config.delayMs ?? 15_000;
    this.maxDelayMs = config.maxDelayMs ?? 120_000;
    this.maxChecks = config.maxChecks ?? 5;
  }

  /** The message was acknowledged and its answer is not here: wait for it. */
  expect(message: ChatMessage): void {
    this.stop(message.id);
    const watched: Watched = { message, checks: 0, timer: undefined };
    this.watched.set(message.id, watched);
    this.arm(watched);
  }

  /** Part of the answer to `replyTo` arrived: it is on its way, so the wait starts over. */
  progress(replyTo: string): void {
    const watched = this.watched.get(replyTo);
    if (!watched) return;
    watched.checks = 0;
    this.arm(watched);
  }

  /** The final answer to `replyTo` arrived. */
  answered(replyTo: string): void {
    this.stop(replyTo);
  }

  /** The connection is down: no checks until it is back. */
  pause(): void {
    this.paused = true;
    for (const watched of this.watched.values()) this.disarm(watched);
  }

  /** The connection is back (and has just synced): every wait starts over. */
  resume(): void {
    this.paused = false;
    for (const watched of this.watched.values()) {
      watched.checks = 0;
      this.arm(watched);
    }
  }

  close(): void {
    this.pause();
    this.watched.clear();
  }

  private arm(watched: Watched): void {
    this.disarm(watched);
    if (this.paused) return;
    const delay = Math.min(this.delayMs * 2 ** watched.checks, this.maxDelayMs);
    watched.timer = this.config.timers.setTimeout(() => this.due(watched), delay);
  }

  private due(watched: Watched): void {
    watched.timer = undefined;
    if (this.watched.get(watched.message.id) !== watched) return;
    if (watched.checks >= this.maxChecks) {
      this.watched.delete(watched.message.id);
      return this.config.gaveUp(watched.message);
    }
    watched.checks++;
    this.config.check(watched.message, watched.checks);
    this.arm(watched);
  }

  private disarm(watched: Watched): void {
    if (watched.timer === undefined) return;
    this.config.timers.clearTimeout(watched.timer);
    watched.timer = undefined;
  }

  private stop(id: string): void {
    const watched = this.watched.get(id);
    if (!watched) return;
    this.disarm(watched);
    this.watched.delete(id);
  }
}
