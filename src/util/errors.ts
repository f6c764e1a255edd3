import type { ErrorCode } from '../protocol/index.js';

/** Codes a widget error can carry: the contract's, plus failures that happen only in the browser. */
/** `origin_refused`: the chat server does not allow this page's origin (its `ALLOWED_ORIGINS`). */
export type WidgetErrorCode = ErrorCode | 'timeout' | 'destroyed' | 'malformed' | 'storage' | 'overflow' | 'expired' | 'origin_refused';

/** The one error class the widget rejects promises with and passes to `error` listeners. */
export class WidgetError extends Error {
  override readonly name = 'WidgetError';
  constructor(
    readonly code: WidgetErrorCode,
    message: string,
    /** Extra detail for logs: the payload path that failed validation, for example. */
    readonly detail?: unknown,
  ) {
    super(message);
  }
}
