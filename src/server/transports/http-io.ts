import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ErrorCode, ProtocolError } from '../../protocol/index.js';
import type { ChatServerOptions } from '../types.js';

/** The HTTP status that carries each protocol error code. */
export const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  invalid: 400,
  unauthorized: 401,
  too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** How far past the limit a body is still read (and dropped) to answer 413 cleanly. */
const DRAIN_FACTOR = 16;

export type Body = { ok: true; value: unknown } | { ok: false; status: number; error: ProtocolError };

/**
 * Reads a JSON request body of at most `maxBytes`. The byte limit is checked while reading, so a
 * client cannot make the server buffer more than that whatever its Content-Length says.
 */
export function readJson(request: IncomingMessage, maxBytes: number): Promise<Body | undefined> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  // Requiring JSON also means browsers preflight every cross-origin call, so no page can post
  // here with a plain form.
  if (type !== 'application/json') {
    request.resume();
    return Promise.resolve(failure(415, 'invalid', 'send the body as application/json'));
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    return Promise.resolve(tooLarge(maxBytes));
  }
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    request.on('data', (part: Buffer) => {
      size += part.length;
      if (size <= maxBytes) parts.push(part);
      // Past the limit the rest is read and dropped, so the client gets its 413 instead of a reset
      // connection; only a body far past any honest mistake is cut off.
      else if (size > maxBytes * DRAIN_FACTOR) request.destroy();
    });
    request.on('end', () => {
      if (size > maxBytes) return resolve(tooLarge(maxBytes));
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown });
      } catch {
        resolve(failure(400, 'invalid', 'the body is not valid JSON'));
      }
    });
    // Cut off, or the client went away: there is no one left to answer (a settled promise ignores
    // this after 'end').
    request.on('close', () => resolve(undefined));
    request.on('error', () => resolve(undefined));
  });
}

function tooLarge(maxBytes: number): Body {
  return failure(413, 'too_large', `the body is larger than ${maxBytes} bytes`);
}

function failure(status: number, code: ErrorCode, message: string): Body {
  return { ok: false, status, error: { code, message } };
}

/** Writes a JSON answer that no cache keeps, unless the client has already gone. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

/** An error answer in the contract's shape, with Retry-After when the error says when to retry. */
export function sendError(response: ServerResponse, status: number, error: ProtocolError, id: string | undefined, headers: OutgoingHttpHeaders): void {
  const extra: OutgoingHttpHeaders = { ...headers };
  if (error.retryAfterMs !== undefined) extra['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  sendJson(response, status, id === undefined ? { ok: false, error } : { ok: false, id, error }, extra);
}

/** Headers a browser needs to call the endpoint from another origin, following the `cors` option. */
export function corsHeaders(cors: ChatServerOptions['cors'], request: IncomingMessage): OutgoingHttpHeaders {
  if (!cors || cors.origin === false) return {};
  const origin = request.headers.origin;
  const credentials = cors.credentials ?? false;
  let allow: string | undefined;
  if (cors.origin === true) allow = origin;
  else if (typeof cors.origin === 'string') allow = cors.origin === '*' && credentials ? origin : cors.origin;
  else if (origin !== undefined && cors.origin.includes(origin)) allow = origin;
  const headers: OutgoingHttpHeaders = { vary: 'Origin' };
  if (allow === undefined) return headers;
  headers['access-control-allow-origin'] = allow;
  // Scripts may only read the headers listed here; the widget needs Retry-After to back off.
  headers['access-control-expose-headers'] = 'Retry-After';
  if (credentials) headers['access-control-allow-credentials'] = 'true';
  return headers;
}

/** The extra headers of an answer to a CORS preflight. */
export function preflightHeaders(): OutgoingHttpHeaders {
  return {
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'Content-Type, Authorization, X-AI-Discovery-Client',
    'access-control-max-age': '600',
  };
}
