import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuthHook } from '../types.js';

export interface ShopifyAppProxyOptions {
  /** The app's API secret key (the app proxy's shared secret). */
  secret: string;
  /** Requests whose `timestamp` is older than this are refused (replays). @default 300000 (5 minutes) */
  maxAgeMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Shopify signs a repeated key as its values joined by commas, so `shop=a&shop=b` is validly signed
 * yet `get()` reads only the first: whoever controls the query could choose which copy counts. These
 * parameters decide who the shopper is and whether the request is fresh, so each must appear once.
 */
const SINGLE_PARAMETERS = ['shop', 'logged_in_customer_id', 'path_prefix', 'timestamp', 'signature'] as const;

/** Shopify sends Unix seconds as plain digits; `Number()` would also take " 18e8 ", "0x1" or "1.8e9". */
const TIMESTAMP = /^\d{1,12}$/;

/**
 * An `auth` hook for requests that reach the server through a Shopify app proxy
 * (`https://{shop}/apps/...`): Shopify adds `shop`, `path_prefix`, `timestamp`,
 * `logged_in_customer_id` and `signature` to the query, the signature being the hex HMAC-SHA256,
 * with the app's secret, of every other parameter as `key=value` (repeated keys joined with
 * commas), sorted and concatenated without separators. A valid request from a logged-in customer
 * binds the session to `shopify:<shop>:<customer id>`; a logged-out one is anonymous. App proxies
 * carry HTTP only, so this suits the HTTP API and Socket.IO long-polling.
 *
 * @example
 * createChatServer({ auth: shopifyAppProxyVerifier({ secret: process.env.SHOPIFY_API_SECRET }) });
 */
export function shopifyAppProxyVerifier(options: ShopifyAppProxyOptions): AuthHook {
  if (typeof options.secret !== 'string' || options.secret === '') throw new TypeError('shopifyAppProxyVerifier: secret is required');
  const maxAgeMs = options.maxAgeMs ?? 300_000;
  const now = options.now ?? Date.now;

  return (_auth, request) => {
    const query = new URL(request.url ?? '/', 'http://proxy.invalid').searchParams;
    if (SINGLE_PARAMETERS.some((key) => query.getAll(key).length > 1)) return false;
    const signature = query.get('signature') ?? '';
    if (!/^[0-9a-f]{64}$/.test(signature)) return false;
    const expected = createHmac('sha256', options.secret).update(signedString(query)).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return false;
    const timestamp = query.get('timestamp') ?? '';
    if (!TIMESTAMP.test(timestamp)) return false;
    const age = now() - Number(timestamp) * 1000;
    if (!(age <= maxAgeMs && age >= -CLOCK_SKEW_MS)) return false;
    const shop = query.get('shop') ?? '';
    const customer = query.get('logged_in_customer_id') ?? '';
    return customer === '' ? true : { identity: `shopify:${shop}:${customer}` };
  };
}

/** Shopify's signed string: decoded `key=value` pairs (values of a repeated key joined by commas), sorted, concatenated. */
export function signedString(query: URLSearchParams): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (key === 'signature') continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  return [...values].map(([key, list]) => `${key}=${list.join(',')}`).sort().join('');
}
