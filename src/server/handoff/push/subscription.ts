import { BlockList, isIP } from 'node:net';

/**
 * A browser's Web Push subscription as `PushSubscription.toJSON()` gives it, once validated: where
 * the push service takes messages for one device, and the keys that encrypt them for it.
 */
export interface PushSubscriptionRecord {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** Epoch milliseconds after which the push service stops taking messages, when it says. */
  expirationTime?: number;
}

/** One device of one operator. */
export interface OperatorSubscription {
  operatorId: string;
  subscription: PushSubscriptionRecord;
}

export interface SubscriptionRules {
  /**
   * Accept endpoints on loopback and private addresses (`https://127.0.0.1:…`): for tests with a
   * push service of their own. Real push services are public hosts, and an endpoint is a URL the
   * server will POST to, so by default an operator cannot point it at the store's own network.
   * @default false
   */
  allowPrivateHosts?: boolean;
}

/** Real push services' endpoints are a few hundred characters; this leaves room and bounds storage. */
export const MAX_ENDPOINT_LENGTH = 1024;
/** An uncompressed P-256 point, base64url: 65 bytes. */
const P256DH_BYTES = 65;
/** The auth secret of RFC 8291: 16 bytes. */
const AUTH_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Validates what an operator's browser posted (untrusted) into a subscription the notifier can use:
 * an https endpoint on a public host, a P-256 public key and a 16-byte auth secret. Unknown fields
 * are dropped.
 */
export function parsePushSubscription(input: unknown, rules: SubscriptionRules = {}): Parsed<PushSubscriptionRecord> {
  if (!isObject(input)) return fail('send the PushSubscription as JSON: { endpoint, keys: { p256dh, auth } }');
  const endpoint = parseEndpoint(input.endpoint, rules);
  if (!endpoint.ok) return endpoint;
  const keys = input.keys;
  if (!isObject(keys)) return fail('keys is missing: send PushSubscription.toJSON(), which has keys.p256dh and keys.auth');
  const p256dh = key(keys.p256dh, P256DH_BYTES);
  if (p256dh === undefined || Buffer.from(p256dh, 'base64url')[0] !== 0x04) return fail('keys.p256dh must be an uncompressed P-256 public key (65 bytes, base64url)');
  const auth = key(keys.auth, AUTH_BYTES);
  if (auth === undefined) return fail('keys.auth must be 16 bytes, base64url');
  const value: PushSubscriptionRecord = { endpoint: endpoint.value, keys: { p256dh, auth } };
  const expiration = input.expirationTime;
  if (expiration !== undefined && expiration !== null) {
    if (typeof expiration !== 'number' || !Number.isFinite(expiration) || expiration < 0) return fail('expirationTime must be null or epoch milliseconds');
    value.expirationTime = expiration;
  }
  return { ok: true, value };
}

/** Validates an endpoint on its own (a DELETE names only the endpoint). */
export function parseEndpoint(input: unknown, rules: SubscriptionRules = {}): Parsed<string> {
  if (typeof input !== 'string' || input.length === 0) return fail('endpoint must be the push service URL the browser gave');
  if (input.length > MAX_ENDPOINT_LENGTH) return fail(`endpoint is longer than ${MAX_ENDPOINT_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return fail('endpoint is not a URL');
  }
  // web-push sends over https only; an http endpoint could never be delivered to.
  if (url.protocol !== 'https:') return fail('endpoint must be an https: URL');
  if (url.username !== '' || url.password !== '') return fail('endpoint must not carry credentials');
  if (!(rules.allowPrivateHosts ?? false) && isPrivateHost(url.hostname)) return fail('endpoint must be on a public host (a push service), not a loopback or private address');
  return { ok: true, value: url.href };
}

function key(input: unknown, bytes: number): string | undefined {
  // base64url of n bytes is ceil(4n/3) characters without padding; some browsers pad, so strip it.
  if (typeof input !== 'string') return undefined;
  const text = input.replace(/=+$/, '');
  if (text.length !== Math.ceil((bytes * 4) / 3) || !BASE64URL.test(text)) return undefined;
  return Buffer.from(text, 'base64url').length === bytes ? text : undefined;
}

function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  const family = isIP(host);
  if (family === 0) return false;
  return privateRanges().check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** Built per call: no module state, and it is only consulted when an operator subscribes. */
function privateRanges(): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) {
    list.addSubnet(net, prefix, 'ipv4');
  }
  for (const [net, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['::ffff:0:0', 96]] as const) list.addSubnet(net, prefix, 'ipv6');
  return list;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
