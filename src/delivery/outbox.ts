import { isPermanent, type ChatMessage, type MessageAck } from '../protocol/index.js';
import type { Backoff } from '../connection/backoff.js';
import type { Environment } from '../util/environment.js';
import { WidgetError } from '../util/errors.js';

export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed';

export interface SendResult {
  id: string;
  /** True when the server had already received this id (an earlier attempt got through). */
  duplicate: boolean;
}

/** Sends one message and resolves with the server's ack; rejects on timeout or a lost connection. */
export type Transport = (message: ChatMessage, timeoutMs: number) => Promise<MessageAck>;

export interface OutboxConfig {
  env: Environment;
  backoff: Backoff;
  /** How long to wait for the server's acknowledgement before sending again. */
  ackTimeoutMs: number;
  /** Most messages waiting at once; past it a new message fails at once, visibly. */
  maxPending: number;
  /** A message older than this when its turn comes is failed, not sent: the moment has passed. */
  maxAgeMs: number;
  /** Told about every state change, in order. */
  onChange: (message: ChatMessage, state: DeliveryState, error?: WidgetError) => void;
  /**
   * Resolves when what is queued is in storage. Nothing is sent before: a message the server has
   * seen must survive a reload, or the page would not know to expect its answer.
   */
  durable?: () => Promise<void>;
}

interface Entry {
  message: ChatMessage;
  attempts: number;
  resolve: (result: SendResult) => void;
  reject: (error: WidgetError) => void;
}

/**
 * Shopper messages waiting for an acknowledgement, sent strictly one after another in the order
 * written, so the assistant never reads the second question before the first. A message keeps its
 * id across retries; the server's idempotency makes a resend after a lost ack harmless.
 */
export class Outbox {
  private queue: Entry[] = [];
  private readonly failed = new Map<string, ChatMessage>();
  private transport: Transport | undefined;
  private sending: Entry | undefined;
  /** Bumped whenever the transport changes, so a reply to an abandoned attempt is ignored. */
  private generation = 0;
  private retryTimer: unknown;

  constructor(private readonly config: OutboxConfig) {}

  get pending(): number {
    return this.queue.length;
  }

  /** True while the message waits here or is being sent. */
  has(id: string): boolean {
    return this.queue.some((e) => e.message.id === id);
  }

  /** What is still waiting, in order: handed to another tab when this one closes. */
  pendingMessages(): ChatMessage[] {
    return this.queue.map((e) => e.message);
  }

  add(message: ChatMessage): Promise<SendResult> {
    return new Promise<SendResult>((resolve, reject) => {
      const entry = { message, attempts: 0, resolve, reject };
      if (this.queue.length >= this.config.maxPending) {
        // Never dropped silently: it is shown as failed, with the reason, and can be retried.
        this.fail(entry, new WidgetError('overflow', `${this.queue.length} messages are already waiting to be sent; try again once they are`));
        return;
      }
      this.queue.push(entry);
      this.config.onChange(message, 'queued');
      this.pump();
    });
  }

  /** Remembers a message that failed on an earlier page, so `retry()` can send it again. */
  addFailed(message: ChatMessage): void {
    this.failed.set(message.id, message);
  }

  /**
   * Fails a message that already left the queue as sent: a server that never acknowledges may or
   * may not have answered it, so it is not resent by itself; the shopper can press retry.
   */
  failSent(message: ChatMessage, error: WidgetError): void {
    this.failed.set(message.id, message);
    this.config.onChange(message, 'failed', error);
  }

  /** Sends a failed message again, with the same id. */
  retry(id: string): Promise<SendResult> | undefined {
    const message = this.failed.get(id);
    if (!message) return undefined;
    this.failed.delete(id);
    return this.add(message);
  }

  /** A live transport starts draining; `undefined` pauses and puts an unanswered send back. */
  setTransport(transport: Transport | undefined): void {
    this.transport = transport;
    this.generation++;
    this.clearRetry();
    if (this.sending) {
      this.config.onChange(this.sending.message, 'queued');
      this.sending = undefined;
    }
    this.pump();
  }

  /** Rejects everything still waiting; used by `destroy()`. */
  close(): void {
    this.transport = undefined;
    this.generation++;
    this.clearRetry();
    const entries = this.queue;
    this.queue = [];
    this.sending = undefined;
    this.failed.clear();
    for (const entry of entries) entry.reject(new WidgetError('destroyed', 'The widget was destroyed before this message was delivered'));
  }

  private pump(): void {
    const transport = this.transport;
    let entry = this.queue[0];
    if (!transport || !entry || this.sending || this.retryTimer !== undefined) return;
    while (entry && this.config.env.now() - entry.message.sentAt > this.config.maxAgeMs) {
      this.finish(entry);
      this.fail(entry, new WidgetError('expired', 'This message waited too long to be sent; send it again if it still matters'));
      entry = this.queue[0];
    }
    if (!entry) return;
    this.sending = entry;
    entry.attempts++;
    const generation = this.generation;
    // Asked before the 'sending' state is saved: only the write that holds the message matters.
    const stored = this.config.durable?.();
    this.config.onChange(entry.message, 'sending');
    const sent = entry;
    const send = () => transport(sent.message, this.config.ackTimeoutMs);
    // The transport changed while storage was writing: the new one sends it, not this one.
    (stored ? stored.then(() => (generation === this.generation ? send() : undefined)) : send()).then(
      (ack) => ack && generation === this.generation && this.settle(sent, ack),
      () => generation === this.generation && this.later(sent, undefined),
    );
  }

  private settle(entry: Entry, ack: MessageAck): void {
    if (ack.ok) {
      this.finish(entry);
      this.config.onChange(entry.message, 'sent');
      entry.resolve({ id: entry.message.id, duplicate: ack.duplicate === true });
    } else if (isPermanent(ack.error.code)) {
      this.finish(entry);
      this.fail(entry, new WidgetError(ack.error.code, ack.error.message));
    } else {
      this.later(entry, ack.error.retryAfterMs);
    }
    this.pump();
  }

  /** A retryable failure: the message stays at the head of the queue and is sent again later. */
  private later(entry: Entry, retryAfterMs: number | undefined): void {
    this.sending = undefined;
    this.config.onChange(entry.message, 'queued');
    const delay = retryAfterMs ?? this.config.backoff.delay(entry.attempts - 1);
    this.retryTimer = this.config.env.timers.setTimeout(() => {
      this.retryTimer = undefined;
      this.pump();
    }, delay);
  }

  private fail(entry: Entry, error: WidgetError): void {
    this.failed.set(entry.message.id, entry.message);
    this.config.onChange(entry.message, 'failed', error);
    entry.reject(error);
  }

  private finish(entry: Entry): void {
    this.sending = undefined;
    this.queue = this.queue.filter((e) => e !== entry);
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) {
      this.config.env.timers.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
  }
}
