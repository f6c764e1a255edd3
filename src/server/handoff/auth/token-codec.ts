import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A key of its own for each kind of token, derived from the configured secret: a signature made for
 * one purpose (a shopper's identity, say, signed with the same store secret) can then never check
 * out as another, whatever the signed text looks like.
 */
export function purposeKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`ai-discovery-widget ${purpose}`).digest();
}

export function hmacHex(key: Buffer | string, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/** Constant-time comparison of two hex signatures (false at once for different lengths, which are public). */
export function sameSignature(expectedHex: string, givenHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const given = Buffer.from(givenHex, 'hex');
  return expected.length === given.length && given.length > 0 && timingSafeEqual(expected, given);
}

export function toBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function fromBase64Url(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  return Buffer.from(text, 'base64url').toString('utf8');
}

/** A display name or id as tokens may carry it: not empty, bounded, without control characters. */
export function isCleanText(value: unknown, maxLength: number): value is string {
  // eslint-disable-next-line no-control-regex
  return typeof value === 'string' && value.trim() !== '' && value.length <= maxLength && !/[\u0000-\u001f\u007f]/.test(value);
}
