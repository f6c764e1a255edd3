import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuthHook } from '../types.js';

export interface HmacIdentityOptions {
  /** The secret the store's backend signs with; at least 32 characters. */
  secret: string;
  /** Tokens older than this are refused, so a leaked token stops working. @default 86400000 (24 hours) */
  maxAgeMs?: number;
  /** Let shoppers without a token in (logged-out visitors), as anonymous. @default false */
  allowAnonymous?: boolean;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** How far in the future a token's timestamp may be, for clocks that disagree a little. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Makes the identity token the store's backend puts in the page for a logged-in customer:
 * `customerId.timestamp.signature`, where the signature is the hex HMAC-SHA256 of
 * `customerId.timestamp` (seconds) with the shared secret, as Intercom's identity verification
 * signs user ids, plus a timestamp so tokens expire.
 *
 * @example
 * const token = signIdentity(process.env.AUTH_SECRET, customer.id); // give it to the widget's auth token
 */
export function signIdentity(secret: string, customerId: string, nowMs: number = Date.now()): string {
  const payload = `${customerId}.${Math.floor(nowMs / 1000)}`;
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('hex')}`;
}

/**
 * An `auth` hook accepting tokens made by `signIdentity`: the session is then bound to
 * `customer:<id>`, and no other identity (nor an anonymous visitor) can open it again. Forged,
 * expired, future or malformed tokens are refused with `unauthorized`.
 *
 * @example
 * createChatServer({ auth: hmacIdentityVerifier({ secret: process.env.AUTH_SECRET }) });
 */
export function hmacIdentityVerifier(options: HmacIdentityOptions): AuthHook {
  if (typeof options.secret !== 'string' || options.secret.length < 32) throw new TypeError('hmacIdentityVerifier: secret must be a string of at least 32 characters');
  const maxAgeMs = options.maxAgeMs ?? 86_400_000;
  if (!(Number.isFinite(maxAgeMs) && maxAgeMs > 0)) throw new RangeError(`hmacIdentityVerifier: maxAgeMs must be positive, got ${maxAgeMs}`);
  const now = options.now ?? Date.now;
  const key = options.secret;

  return (auth) => {
    if (auth.token === undefined) return options.allowAnonymous === true;
    // Split from the right: customer ids may contain dots, timestamps and signatures never do.
    const match = /^(.+)\.(\d{1,12})\.([0-9a-f]{64})$/.exec(auth.token);
    if (!match) return false;
    const [, customerId, seconds, signature] = match as unknown as [string, string, string, string];
    const expected = createHmac('sha256', key).update(`${customerId}.${seconds}`).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return false;
    const age = now() - Number(seconds) * 1000;
    if (age > maxAgeMs || age < -CLOCK_SKEW_MS) return false;
    return { identity: `customer:${customerId}` };
  };
}
