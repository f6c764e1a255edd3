import { fields } from './readers.js';
import { ERROR_CODES, type ChatResponse } from './types.js';
import { parseChatResponse, type Parsed } from './validate.js';
import type { ProtocolLimits } from './limits.js';
import { ProtocolFailure } from './errors.js';

/** What the widget knows about a legacy answer that the answer itself does not say. */
export interface LegacyLocal {
  /** A stable id for the answer: the widget derives it from the message it answers. */
  id: string;
  sessionId: string;
  /** The message this answers (the oldest unanswered one), when there is one. */
  replyTo?: string;
  /** Used when the answer has no `timestamp`. */
  now: number;
}

/**
 * The integration guide's answer, `{ success, response, sessionId, provider, timestamp }` or
 * `{ success: false, error: 'text', timestamp }`, and the unified `/api/chat` body
 * `{ success, response, provider, blocks? }`. It has no id and no seq; this reader supplies them
 * from `local` (seq 0: such a server cannot resume) and turns a string `error` into the contract's
 * shape, then hands the result to v1's own validator, which stays as strict as it was.
 */
export function parseLegacyResponse(input: unknown, local: LegacyLocal, limits: Partial<ProtocolLimits> = {}): Parsed<ChatResponse> {
  let v1: Record<string, unknown>;
  try {
    const r = fields(input, 'chat-response', ['success', 'response', 'blocks', 'provider', 'timestamp', 'error', 'message', 'requiresAuth', 'authUrl']);
    // Their own sessionId is ignored: the answer came on this widget's socket or request, and a
    // guide server may echo something else (its socket id).
    v1 = { ...r, id: local.id, seq: 0, sessionId: local.sessionId, timestamp: r.timestamp ?? local.now, error: legacyError(r.error, r.message, r.success) };
  } catch (error) {
    return { ok: false, error: error instanceof ProtocolFailure ? error : new ProtocolFailure('invalid', 'chat-response: payload could not be read') };
  }
  if (local.replyTo !== undefined) v1.replyTo = local.replyTo;
  return parseChatResponse(v1, limits);
}

/** `error` as a string (`error.message` on the server) or as an object; a bare failure gets a generic one. */
function legacyError(error: unknown, message: unknown, success: unknown): unknown {
  if (typeof error === 'string') return { code: 'internal', message: error };
  if (error !== null && typeof error === 'object') {
    const e = fields(error, 'chat-response.error', ['code', 'message']);
    return { code: ERROR_CODES.includes(e.code as never) ? e.code : 'internal', message: typeof e.message === 'string' ? e.message : typeof message === 'string' ? message : 'The assistant could not answer' };
  }
  if (success === false) return { code: 'internal', message: typeof message === 'string' ? message : 'The assistant could not answer' };
  return undefined;
}
