import { createECDH } from 'node:crypto';
import webpush from 'web-push';

/** The server's VAPID identity (RFC 8292): push services check it, so only this server can push to its subscriptions. */
export interface VapidOptions {
  /** The public key, base64url (65 bytes decoded): the inbox subscribes with it. Proposed env: `VAPID_PUBLIC_KEY`. */
  publicKey: string;
  /** The matching private key, base64url (32 bytes decoded). Keep it secret. Proposed env: `VAPID_PRIVATE_KEY`. */
  privateKey: string;
  /**
   * How the push service can reach the store: `mailto:ops@shop.example` or an https URL. Proposed
   * env: `VAPID_SUBJECT`.
   */
  subject: string;
}

/** A VAPID key pair, base64url, as `npx web-push generate-vapid-keys` prints it. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const HOW = 'make a pair with generateVapidKeys() or `npx web-push generate-vapid-keys`';

/**
 * A new VAPID key pair. Generate it once and keep it in configuration: changing it invalidates
 * every operator's subscription (their inbox subscribes again when next opened).
 *
 * @example
 * const { publicKey, privateKey } = generateVapidKeys();
 */
export function generateVapidKeys(): VapidKeys {
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  return { publicKey, privateKey };
}

/**
 * Checks VAPID options at construction, so a bad key fails at start-up with what to do rather than
 * at the first hand-off with a push service's 403: both keys well formed, the private key the
 * public key's pair, and a subject push services accept.
 */
export function checkVapid(vapid: VapidOptions | undefined, owner: string): VapidOptions {
  if (vapid === undefined || vapid === null || typeof vapid !== 'object') throw new TypeError(`${owner}: pass vapid: { publicKey, privateKey, subject }; ${HOW}`);
  const publicKey = decode(vapid.publicKey, 65, `${owner}: vapid.publicKey`);
  if (publicKey[0] !== 0x04) throw new TypeError(`${owner}: vapid.publicKey is not an uncompressed P-256 public key; ${HOW}`);
  const privateKey = decode(vapid.privateKey, 32, `${owner}: vapid.privateKey`);
  const ecdh = createECDH('prime256v1');
  try {
    ecdh.setPrivateKey(privateKey);
  } catch {
    throw new TypeError(`${owner}: vapid.privateKey is not a valid P-256 private key; ${HOW}`);
  }
  if (!ecdh.getPublicKey().equals(publicKey)) {
    throw new TypeError(`${owner}: vapid.privateKey does not belong to vapid.publicKey (a key from another pair?); set both from the same pair`);
  }
  checkSubject(vapid.subject, owner);
  return { publicKey: vapid.publicKey, privateKey: vapid.privateKey, subject: vapid.subject };
}

function decode(value: unknown, bytes: number, what: string): Buffer {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${what} is missing; ${HOW}`);
  if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new TypeError(`${what} must be base64url without padding ("=", "+" or "/" are not allowed); ${HOW}`);
  const decoded = Buffer.from(value, 'base64url');
  if (decoded.length !== bytes) throw new TypeError(`${what} must be ${bytes} bytes once decoded (got ${decoded.length}); ${HOW}`);
  return decoded;
}

function checkSubject(subject: unknown, owner: string): void {
  const hint = 'use mailto:you@shop.example or an https: URL of the store';
  if (typeof subject !== 'string' || subject === '') throw new TypeError(`${owner}: vapid.subject is missing; ${hint}`);
  let url: URL;
  try {
    url = new URL(subject);
  } catch {
    throw new TypeError(`${owner}: vapid.subject "${subject}" is not a URL; ${hint}`);
  }
  if (url.protocol === 'mailto:' ? !url.pathname.includes('@') : url.protocol !== 'https:') throw new TypeError(`${owner}: vapid.subject "${subject}" is neither a mailto: address nor an https: URL; ${hint}`);
  // Apple's push service refuses a localhost subject with 403 BadJwtToken.
  if (url.protocol === 'https:' && (url.hostname === 'localhost' || url.hostname.endsWith('.localhost'))) throw new TypeError(`${owner}: vapid.subject must not be a localhost URL (push services refuse it); ${hint}`);
}
