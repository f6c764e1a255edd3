import { fromBase64Url, hmacHex, isCleanText, purposeKey, sameSignature, toBase64Url } from './token-codec.js';

/** What a store-signed operator token names: its id (any text, dots included) and display name. */
export interface StoreOperator {
  id: string;
  name: string;
}

const PREFIX = 'op.';
const PURPOSE = 'operator token v1';
const MAX_ID = 200;
const MAX_NAME = 80;

/**
 * Makes the token the store's backend gives a member of staff for the inbox, with the scheme of
 * `signIdentity` (an HMAC-SHA256 in hex over the text and a timestamp in seconds) kept apart from
 * it twice: the text starts `op.`, and the HMAC key is derived for operators, as
 * `HMAC-SHA256(storeSecret, 'ai-discovery-widget operator token v1')`, so no shopper identity
 * signed with the same secret is ever an operator token. The token is
 * `op.<id>.<base64url(name)>.<seconds>.<hex HMAC of everything before the last dot>`; the
 * operator's id on the server is `op:<id>`.
 *
 * @example
 * const token = signOperatorToken(process.env.OPERATOR_STORE_SECRET, { id: staff.id, name: staff.firstName });
 */
export function signOperatorToken(storeSecret: string, operator: StoreOperator, nowMs: number = Date.now()): string {
  if (typeof storeSecret !== 'string' || storeSecret.length < 32) throw new TypeError('signOperatorToken: storeSecret must be a string of at least 32 characters');
  if (!isCleanText(operator?.id, MAX_ID)) throw new TypeError(`signOperatorToken: id must be 1 to ${MAX_ID} characters without control characters`);
  if (!isCleanText(operator.name, MAX_NAME)) throw new TypeError(`signOperatorToken: name must be 1 to ${MAX_NAME} characters without control characters`);
  const payload = `${PREFIX}${operator.id}.${toBase64Url(operator.name)}.${Math.floor(nowMs / 1000)}`;
  return `${payload}.${hmacHex(purposeKey(storeSecret, PURPOSE), payload)}`;
}

/** Checks store-signed operator tokens: the signature, then the age (with some clock skew). */
export class StoreTokenVerifier {
  private readonly key: Buffer;

  constructor(storeSecret: string, private readonly maxAgeMs: number, private readonly skewMs: number) {
    this.key = purposeKey(storeSecret, PURPOSE);
  }

  /** The operator and when the token expires, or undefined for anything else. */
  verify(token: string, nowMs: number): (StoreOperator & { expiresAt: number }) | undefined {
    if (!token.startsWith(PREFIX)) return undefined;
    // From the right: ids may contain dots; names (base64url), seconds and signatures never do.
    const match = /^op\.(.+)\.([A-Za-z0-9_-]+)\.(\d{1,12})\.([0-9a-f]{64})$/.exec(token);
    if (!match) return undefined;
    const [, id, name64, seconds, signature] = match as unknown as [string, string, string, string, string];
    if (!sameSignature(hmacHex(this.key, token.slice(0, token.lastIndexOf('.'))), signature)) return undefined;
    const issuedAt = Number(seconds) * 1000;
    const expiresAt = issuedAt + this.maxAgeMs;
    if (nowMs >= expiresAt || issuedAt - nowMs > this.skewMs) return undefined;
    const name = fromBase64Url(name64);
    if (!isCleanText(id, MAX_ID) || !isCleanText(name, MAX_NAME)) return undefined;
    return { id, name, expiresAt };
  }
}
