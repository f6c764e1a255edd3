import { ERROR_CODES, type ChatMessage, type ErrorCode, type MessageAck } from '../protocol/index.js';
import type { Timers } from '../util/environment.js';
import type { Transport } from './outbox.js';

export interface HttpTransportConfig {
  /** The `apiUrl` option: `POST` takes a chat-message, `POST {url}/sync` a session-sync. */
  url: string;
  token: string | undefined;
  client: string;
  fetch: typeof fetch;
  timers: Timers;
  /** Every response body that is a `ChatResponse` goes here, to the same validation as socket events. */
  onResponse(raw: unknown, message: ChatMessage): void;
  /**
   * A unified `/api/chat` endpoint (HTTP-only mode): it reads `message`, and a `{ success: false }`
   * body is its answer whatever the status, except the statuses that ask to try again later.
   */
  unified?: boolean;
}

/** Statuses that mean "not now" rather than "this is my answer". */
const TRY_LATER = new Set([408, 429, 502, 503, 504]);

/** HTTP status to the contract's code, for servers that answer errors without a JSON body. */
function codeFor(status: number): ErrorCode {
  if (status === 400 || status === 415 || status === 422) return 'invalid';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  return status >= 500 && status !== 500 ? 'unavailable' : 'internal';
}

/**
 * The HTTP fallback of protocol v1, as an outbox transport: for networks where neither WebSocket
 * nor long-polling gets through. Same message, same id, same idempotency; the answer comes back in
 * the response body instead of as events, without streaming.
 */
export function httpTransport(config: HttpTransportConfig): Transport {
  return async (message: ChatMessage, timeoutMs: number): Promise<MessageAck> => {
    const { status, headers, body } = await post(config, config.url, config.unified ? { ...message, message: message.text } : message, timeoutMs);
    const answer = body !== null && typeof body === 'object' && 'success' in body;
    if ((status >= 200 && status < 300) || (config.unified && answer && !TRY_LATER.has(status))) {
      if (answer) {
        config.onResponse(body, message);
        return { ok: true, id: message.id };
      }
      const duplicate = (body as { duplicate?: unknown } | null)?.duplicate === true;
      return duplicate ? { ok: true, id: message.id, duplicate } : { ok: true, id: message.id };
    }
    const given = (body as { error?: { code?: unknown; message?: unknown; retryAfterMs?: unknown } } | null)?.error;
    const code = ERROR_CODES.includes(given?.code as ErrorCode) ? (given!.code as ErrorCode) : codeFor(status);
    const retryAfter = Number(headers.get('retry-after'));
    const retryAfterMs = typeof given?.retryAfterMs === 'number' ? given.retryAfterMs : Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
    const text = typeof given?.message === 'string' ? given.message.slice(0, 500) : `HTTP ${status}`;
    return { ok: false, id: message.id, error: retryAfterMs === undefined ? { code, message: text } : { code, message: text, retryAfterMs } };
  };
}

/** `POST {url}/sync`: the responses after `afterSeq`, as an unvalidated body for the inbound edge. */
export async function httpSync(config: HttpTransportConfig, sessionId: string, afterSeq: number, timeoutMs: number): Promise<unknown> {
  const { status, body } = await post(config, `${config.url.replace(/\/$/, '')}/sync`, { sessionId, afterSeq }, timeoutMs);
  if (status < 200 || status >= 300) throw new Error(`sync answered HTTP ${status}`);
  return body;
}

async function post(config: HttpTransportConfig, url: string, payload: unknown, timeoutMs: number) {
  const abort = new AbortController();
  const timer = config.timers.setTimeout(() => abort.abort(), timeoutMs);
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-ai-discovery-client': config.client };
    if (config.token) headers.authorization = `Bearer ${config.token}`;
    const response = await config.fetch(url, { method: 'POST', headers, body: JSON.stringify(payload), signal: abort.signal, credentials: 'omit' });
    // A body that is not JSON (a proxy's error page) is treated as no body at all.
    const body: unknown = await response.json().catch(() => null);
    return { status: response.status, headers: response.headers, body };
  } finally {
    config.timers.clearTimeout(timer);
  }
}
