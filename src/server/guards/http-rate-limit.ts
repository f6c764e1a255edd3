import type { IncomingMessage } from 'node:http';
import { clientAddress } from './ip-connection-limit.js';
import type { ChatLogger } from '../operations/logger.js';
import { RateLimiter, type BucketRule, type Take } from './rate-limiter.js';

/**
 * One token bucket per client address for the HTTP requests that are not shopper messages (the
 * HTTP API's sync, preflights and wrong methods, `/readyz`, `/metrics`). Messages have their own
 * limits (per session, pending answers); `/healthz` has none, since answering it costs less than
 * refusing it and a refused liveness probe gets a healthy server restarted.
 */
export class HttpRequestLimit {
  private readonly buckets: RateLimiter;

  constructor(rule: BucketRule, private readonly trustProxy: boolean, private readonly log: ChatLogger, now: () => number) {
    this.buckets = new RateLimiter(rule, now);
  }

  /** Takes a token for the request's address; a refusal says how long to wait. */
  take(request: IncomingMessage, path: string): Take {
    const address = clientAddress(request, this.trustProxy);
    const taken = this.buckets.take(address);
    if (taken.ok) return taken;
    this.log({ level: 'debug', event: 'refused', code: 'rate_limited', scope: 'ip', address, path });
    // Once per flood, however long it lasts.
    if (taken.firstOfFlood) this.log({ level: 'warn', event: 'rate_limited', scope: 'ip', address });
    return taken;
  }
}
