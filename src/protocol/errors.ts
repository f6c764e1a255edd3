import { PERMANENT_ERROR_CODES, type ErrorCode, type ProtocolError } from './types.js';

/** A failure that crossed, or would cross, the wire. `code` is one of the contract's codes. */
export class ProtocolFailure extends Error {
  override readonly name = 'ProtocolFailure';
  readonly code: ErrorCode;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, retryAfterMs?: number) {
    super(message);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  toJSON(): ProtocolError {
    return this.retryAfterMs === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}

export function isPermanent(code: ErrorCode): boolean {
  return PERMANENT_ERROR_CODES.includes(code);
}
