import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { ChatLogger } from '../../operations/logger.js';
import type { OperatorNotice, OperatorNotifier } from '../contracts.js';
import { pushPayload, pushTopic } from './payload.js';
import type { OperatorSubscription } from './subscription.js';
import type { PushSubscriptionStore } from './subscription-store.js';
import { checkVapid, type VapidOptions } from './vapid.js';

export type PushUrgency = 'very-low' | 'low' | 'normal' | 'high';

export interface WebPushNotifierOptions {
  /** The server's VAPID keys and contact (see `generateVapidKeys`). */
  vapid: VapidOptions;
  /** Where operators' devices are kept: `MemoryPushSubscriptions` or `RedisPushSubscriptions`. */
  subscriptions: PushSubscriptionStore;
  /**
   * Put the shopper's words (the notice's preview, cut to 140 characters) in the notification.
   * Off by default: the text would pass through the browser vendor's push service and show on
   * lock screens; without it the operator sees "A shopper is waiting" or "New message".
   * @default false
   */
  preview?: boolean;
  /**
   * How long a push service keeps a message for a device that is off, seconds. A shopper rarely
   * waits longer; a later message of the same conversation replaces it anyway (Topic header).
   * @default 600
   */
  ttlSeconds?: number;
  /** Urgency header: `high` wakes a phone at once, as a waiting shopper deserves. @default 'high' */
  urgency?: PushUrgency;
  /** Requests to push services at the same time, per notice. @default 8 */
  concurrency?: number;
  /** Time allowed for one push service request, milliseconds. @default 10000 */
  timeoutMs?: number;
  /** Receives `push_failed` (warn) and `push_gone` (info) entries. @default no logging */
  logger?: ChatLogger;
  /** The HTTPS agent for push service requests (a proxy's, or one trusting a test CA). @default Node's global agent */
  agent?: Agent;
  /** The clock, for subscriptions' expirationTime. @default Date.now */
  now?: () => number;
}

const GONE = new Set([404, 410]);

/**
 * Tells operators through Web Push, so one whose inbox is closed still learns that a shopper is
 * waiting or wrote. Each notice goes to every device of the operators it names (or of all), a few
 * at a time; a device the push service says is gone (404, 410) is forgotten; any other failure is
 * logged and the device kept. `notify` never rejects, so the desk can call it without awaiting.
 *
 * @example
 * const notifier = webPushNotifier({
 *   vapid: { publicKey, privateKey, subject: 'mailto:ops@shop.example' },
 *   subscriptions: new MemoryPushSubscriptions(),
 * });
 */
export function webPushNotifier(options: WebPushNotifierOptions): OperatorNotifier {
  return new WebPushNotifier(options);
}

class WebPushNotifier implements OperatorNotifier {
  private readonly vapid: VapidOptions;
  private readonly store: PushSubscriptionStore;
  private readonly preview: boolean;
  private readonly ttl: number;
  private readonly urgency: PushUrgency;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly log: ChatLogger;
  private readonly agent: Agent | undefined;
  private readonly now: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(options: WebPushNotifierOptions) {
    const owner = 'webPushNotifier';
    this.vapid = checkVapid(options?.vapid, owner);
    if (typeof options.subscriptions?.list !== 'function') throw new TypeError(`${owner}: pass subscriptions, a MemoryPushSubscriptions or RedisPushSubscriptions`);
    this.store = options.subscriptions;
    this.preview = options.preview ?? false;
    this.ttl = whole(options.ttlSeconds ?? 600, 0, `${owner}: ttlSeconds`);
    this.urgency = options.urgency ?? 'high';
    if (!['very-low', 'low', 'normal', 'high'].includes(this.urgency)) throw new TypeError(`${owner}: urgency must be 'very-low', 'low', 'normal' or 'high'`);
    this.concurrency = whole(options.concurrency ?? 8, 1, `${owner}: concurrency`);
    this.timeoutMs = whole(options.timeoutMs ?? 10_000, 1, `${owner}: timeoutMs`);
    this.log = options.logger ?? (() => undefined);
    this.agent = options.agent;
    this.now = options.now ?? Date.now;
  }

  notify(notice: OperatorNotice): Promise<void> {
    // A desk shutting down may still hand off; a closed notifier drops the notice quietly rather
    // than reject into a caller that does not await.
    if (this.closed) return Promise.resolve();
    const sending = this.send(notice).catch((error: unknown) => {
      this.log({ level: 'error', event: 'push_failed', sessionId: notice.sessionId, error });
    });
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
    return sending;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.inFlight]);
  }

  private async send(notice: OperatorNotice): Promise<void> {
    const devices = await this.store.list(notice.operatorIds);
    const payload = JSON.stringify(pushPayload(notice, this.preview));
    const topic = pushTopic(notice.sessionId);
    let next = 0;
    const worker = async () => {
      while (next < devices.length) {
        const device = devices[next++]!;
        // One device's trouble (its store removal failing too) must not stop the others.
        await this.deliver(device, payload, topic, notice.sessionId).catch((error: unknown) => {
          this.log({ level: 'error', event: 'push_failed', operatorId: device.operatorId, sessionId: notice.sessionId, error });
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, devices.length) }, worker));
  }

  private async deliver({ operatorId, subscription }: OperatorSubscription, payload: string, topic: string, sessionId: string): Promise<void> {
    if (subscription.expirationTime !== undefined && subscription.expirationTime <= this.now()) {
      await this.forget(operatorId, subscription.endpoint, 'expired');
      return;
    }
    try {
      await webpush.sendNotification(subscription, payload, {
        vapidDetails: this.vapid,
        TTL: this.ttl,
        urgency: this.urgency,
        topic,
        timeout: this.timeoutMs,
        contentEncoding: 'aes128gcm',
        ...(this.agent ? { agent: this.agent } : {}),
      });
    } catch (error) {
      const status = error instanceof webpush.WebPushError ? error.statusCode : undefined;
      if (status !== undefined && GONE.has(status)) {
        await this.forget(operatorId, subscription.endpoint, `status ${status}`);
        return;
      }
      // The endpoint is a bearer capability for the device: log its host only.
      this.log({ level: 'warn', event: 'push_failed', operatorId, sessionId, pushService: hostOf(subscription.endpoint), status, message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async forget(operatorId: string, endpoint: string, why: string): Promise<void> {
    await this.store.remove(endpoint, operatorId);
    this.log({ level: 'info', event: 'push_gone', operatorId, pushService: hostOf(endpoint), why });
  }
}

function whole(value: number, min: number, what: string): number {
  if (!Number.isInteger(value) || value < min) throw new TypeError(`${what} must be a whole number, ${min} or more (got ${String(value)})`);
  return value;
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return 'unknown';
  }
}
