import { ProtocolFailure } from '../../protocol/index.js';
import { responderText } from '../answering/face-message.js';
import type { Responder, ResponseBody } from '../answering/responder-types.js';
import { UpstreamRefused, fetchFailure, upstreamFailure } from './upstream.js';

export interface HttpResponderOptions {
  /** The existing endpoint, e.g. `https://shop.example/api/chat`. */
  url: string;
  /** Give up (answering `unavailable`) when the whole answer takes longer. @default 15000 */
  timeoutMs?: number;
  /** Extra request headers, e.g. `{ authorization: 'Bearer …' }`. @default {} */
  headers?: Record<string, string>;
  /** The fetch to use (tests, proxies). @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Forwards each shopper message to an existing chat endpoint that answers in the unified shape
 * `{ success, response, provider?, blocks?, error? }`. The request body carries the message both
 * as a protocol `chat-message` (`id`, `sessionId`, `text`, `sentAt`, `context`) and as `message`
 * (the text), which is what most hand-written `/api/chat` handlers read. A face analysis arrives
 * as a sentence in both, plus `face` (the attributes).
 *
 * @example
 * createChatServer({ respond: httpResponder({ url: 'https://shop.example/api/chat', timeoutMs: 10000 }) });
 */
export function httpResponder(options: HttpResponderOptions): Responder {
  const url = new URL(options.url).toString();
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`httpResponder: timeoutMs must be positive, got ${timeoutMs}`);
  const doFetch = options.fetch ?? globalThis.fetch;
  // Shoppers see this name in error messages: no host, no path.
  const name = 'the chat API';

  return async (message, { sessionId, context, signal }): Promise<ResponseBody> => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const combined = AbortSignal.any([signal, deadline]);
    let body: unknown;
    try {
      const reply = await doFetch(url, {
        method: 'POST',
        headers: { ...options.headers, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(requestBody(message, sessionId, context)),
        signal: combined,
      });
      if (!reply.ok) {
        await reply.body?.cancel();
        throw upstreamFailure(name, reply.status, reply.headers.get('retry-after'));
      }
      body = await reply.json();
    } catch (error) {
      if (error instanceof ProtocolFailure || error instanceof UpstreamRefused) throw error;
      if (error instanceof SyntaxError) throw new ProtocolFailure('unavailable', `${name} answered something that is not JSON`);
      throw fetchFailure(name, error, signal, deadline);
    }
    return unified(body, name);
  };
}

/**
 * For a face analysis, `text` and `message` carry the attributes as a sentence (what a handler
 * written for typed questions can use) and `face` the attributes themselves.
 */
function requestBody(message: Parameters<Responder>[0], sessionId: string, context: Parameters<Responder>[1]['context']): Record<string, unknown> {
  const text = responderText(message);
  const body: Record<string, unknown> = { id: message.id, sessionId, text, message: text, sentAt: message.sentAt, context };
  if (message.face !== undefined) body.face = message.face;
  return body;
}

/** Reads the unified shape; the runner validates blocks and text like any responder's. */
function unified(body: unknown, name: string): ResponseBody {
  if (typeof body !== 'object' || body === null) throw new ProtocolFailure('unavailable', `${name} answered an unexpected shape`);
  const { success, response, provider, blocks, error } = body as Record<string, unknown>;
  // The upstream's own error text may hold internals; the shopper gets a plain retryable refusal.
  if (success === false) throw new ProtocolFailure('unavailable', `${name} could not answer${error === undefined ? '' : ' (it said success: false)'}`);
  if (typeof response !== 'string') throw new ProtocolFailure('unavailable', `${name} answered without a response text`);
  const out: ResponseBody = { response };
  if (typeof provider === 'string') out.provider = provider;
  if (Array.isArray(blocks)) out.blocks = blocks as ResponseBody['blocks'];
  return out;
}
