import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import {
  parseChatMessage, parseHandshakeAuth, parseSessionSync,
  type HandshakeAuth, type MessageAck, type ProtocolError, type ProtocolLimits,
} from '../../protocol/index.js';
import type { AnswerWaiters } from '../answering/answer-waiters.js';
import type { HttpRequestLimit } from '../guards/http-rate-limit.js';
import { CLOSING, STORE_DOWN, type MessageIntake } from '../answering/message-intake.js';
import { STATUS_OF, corsHeaders, preflightHeaders, readJson, sendError, sendJson } from './http-io.js';
import type { OriginPolicy } from '../guards/origin-policy.js';
import type { SessionAdmission } from '../guards/session-admission.js';
import type { SessionOwners } from '../sessions/session-owners.js';
import type { ChatServerOptions, SessionStore } from '../types.js';

export interface HttpApiDeps {
  /** `POST path` takes a chat-message, `POST path/sync` a session-sync. */
  path: string;
  store: SessionStore;
  intake: MessageIntake;
  waiters: AnswerWaiters;
  limits: ProtocolLimits;
  maxBodyBytes: number;
  /** Longest wait for an answer before telling the client to retry. */
  answerTimeoutMs: number;
  cors: ChatServerOptions['cors'];
  owners: SessionOwners;
  /** Pages that may call the API at all (CORS only decides whether they may read the answer). */
  origins: OriginPolicy;
  isClosed: () => boolean;
  onError: (error: unknown, where: string) => void;
  /** Requests other than messages, per client address; undefined when rate limits are off. */
  perIp: HttpRequestLimit | undefined;
  /** New sessions per client address (messages per address are the intake's). */
  admission: SessionAdmission;
  addressOf: (request: IncomingMessage) => string;
}

const NOT_READY: ProtocolError = { code: 'unavailable', message: 'the answer is not ready yet: send the same id again to get it', retryAfterMs: 1000 };
const UNAUTHORIZED: ProtocolError = { code: 'unauthorized', message: 'not authorized' };
const FOREIGN_ORIGIN: ProtocolError = { code: 'unauthorized', message: 'this page is not allowed to use the chat' };
const INTERNAL: ProtocolError = { code: 'internal', message: 'internal error' };

/**
 * The HTTP fallback of protocol v1, for networks where neither WebSocket nor long-polling gets
 * through. A message posted here goes through the same intake, queue, seq and history as one sent
 * over Socket.IO (sockets of the session see the answer live), and the request is answered with
 * the final `ChatResponse`. A repeated id never runs the responder again: it is answered with the
 * response already produced for it, waiting for it if it is still on its way. It takes typed
 * messages only: a `face-analysis` needs the widget's camera flow, which runs with a socket, so the
 * fallback has no route for it (a widget on the fallback asks the shopper to type instead).
 */
export class HttpChatApi {
  constructor(private readonly deps: HttpApiDeps) {}

  /**
   * A request listener that answers this API's paths and hands every other request to `next`, so
   * it can sit in front of the application's own handlers.
   */
  listener(next: RequestListener): RequestListener {
    const { path } = this.deps;
    const sync = `${path}/sync`;
    return (request, response) => {
      const pathname = (request.url ?? '').split('?')[0];
      if (pathname !== path && pathname !== sync) {
        next(request, response);
        return;
      }
      // Messages have their own limits (per session, per address, new sessions per address, answers
      // pending); everything else here shares one bucket per address.
      if (pathname === sync || request.method !== 'POST') {
        const taken = this.deps.perIp?.take(request, pathname) ?? { ok: true };
        if (!taken.ok) {
          request.resume();
          sendError(response, 429, { code: 'rate_limited', message: 'too many requests from this address: slow down', retryAfterMs: taken.retryAfterMs }, undefined, corsHeaders(this.deps.cors, request));
          return;
        }
      }
      this.route(request, response, pathname === sync).catch((error: unknown) => {
        this.deps.onError(error, 'http api');
        sendError(response, 500, INTERNAL, undefined, corsHeaders(this.deps.cors, request));
      });
    };
  }

  private async route(request: IncomingMessage, response: ServerResponse, isSync: boolean): Promise<void> {
    const cors = corsHeaders(this.deps.cors, request);
    if (request.method === 'OPTIONS') {
      request.resume();
      response.writeHead(204, 'access-control-allow-origin' in cors ? { ...cors, ...preflightHeaders() } : cors).end();
      return;
    }
    // Refused before the body is read: a disallowed page's post must not reach the responder even
    // though its answer could not be read (a "simple" request is sent without a preflight).
    if (!this.deps.origins.allows(request)) {
      request.resume();
      sendError(response, 403, FOREIGN_ORIGIN, undefined, cors);
      return;
    }
    if (request.method !== 'POST') {
      request.resume();
      sendError(response, 405, { code: 'invalid', message: 'use POST' }, undefined, { ...cors, allow: 'POST, OPTIONS' });
      return;
    }
    if (this.deps.isClosed()) {
      request.resume();
      sendError(response, 503, CLOSING, undefined, cors);
      return;
    }
    const body = await readJson(request, this.deps.maxBodyBytes);
    if (body === undefined) return;
    if (!body.ok) return sendError(response, body.status, body.error, undefined, cors);
    if (isSync) await this.sync(body.value, request, response, cors);
    else await this.message(body.value, request, response, cors);
  }

  private async message(raw: unknown, request: IncomingMessage, response: ServerResponse, cors: OutgoingHttpHeaders): Promise<void> {
    const parsed = parseChatMessage(raw, this.deps.limits);
    if (!parsed.ok) return sendError(response, STATUS_OF[parsed.error.code], parsed.error.toJSON(), rawId(raw), cors);
    const message = parsed.value;
    const { id, sessionId } = message;
    if (!(await this.authorized(sessionId, request))) return sendError(response, 401, UNAUTHORIZED, id, cors);
    const opening = await this.deps.admission.open(sessionId, request);
    if (!opening.ok) {
      return sendError(response, 429, { code: 'rate_limited', message: 'too many new sessions from this address: try again later', retryAfterMs: opening.retryAfterMs }, id, cors);
    }

    // Listening starts before the message is queued, so even an instant answer is caught.
    const watch = this.deps.waiters.watch(sessionId, id);
    let ack: MessageAck | undefined;
    try {
      await this.deps.intake.accept(message, (value) => (ack = value), this.deps.addressOf(request));
    } finally {
      if (!ack?.ok) watch.stop();
    }
    if (!ack?.ok) {
      const error = ack?.error ?? INTERNAL;
      return sendError(response, STATUS_OF[error.code], error, id, cors);
    }
    // Taken for the store's team (hand-off): no automatic answer will come to wait for.
    if (ack.awaiting !== undefined) {
      watch.stop();
      return sendJson(response, 202, ack, cors);
    }
    const gone = new AbortController();
    response.once('close', () => gone.abort());
    let answer;
    try {
      answer = await watch.wait(this.deps.answerTimeoutMs, gone.signal);
    } catch (error) {
      this.deps.onError(error, 'session store');
      return sendError(response, 503, STORE_DOWN, id, cors);
    }
    switch (answer.status) {
      case 'answered':
        return sendJson(response, 200, answer.response, cors);
      case 'evicted':
        // Answered so long ago that the response left the history: it was delivered back then.
        return sendJson(response, 200, { ok: true, id, duplicate: true }, cors);
      case 'closed':
        return sendError(response, 503, CLOSING, id, cors);
      default:
        // Accepted, so a retry with the same id is answered once the response exists.
        return sendError(response, 503, NOT_READY, id, cors);
    }
  }

  private async sync(raw: unknown, request: IncomingMessage, response: ServerResponse, cors: OutgoingHttpHeaders): Promise<void> {
    const parsed = parseSessionSync(raw);
    if (!parsed.ok) return sendError(response, STATUS_OF[parsed.error.code], parsed.error.toJSON(), undefined, cors);
    const { sessionId, afterSeq } = parsed.value;
    if (!(await this.authorized(sessionId, request))) return sendError(response, 401, UNAUTHORIZED, undefined, cors);
    try {
      const responses = await this.deps.store.responsesAfter(sessionId, afterSeq, this.deps.limits.maxSyncResponses);
      sendJson(response, 200, { ok: true, responses }, cors);
      await this.deps.intake.recover(sessionId);
    } catch (error) {
      this.deps.onError(error, 'session store');
      sendError(response, 503, STORE_DOWN, undefined, cors);
    }
  }

  /**
   * Asks the same `auth` hook as the Socket.IO handshake, with the handshake the request stands
   * for: the body's session, the bearer token and the client header.
   */
  private async authorized(sessionId: string, request: IncomingMessage): Promise<boolean> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    const client = request.headers['x-ai-discovery-client'];
    const parsed = parseHandshakeAuth({ sessionId, token: bearer, client: typeof client === 'string' ? client.slice(0, 100) : 'http' }, this.deps.limits);
    if (!parsed.ok) return false;
    const auth: HandshakeAuth = parsed.value;
    // A store failing here throws on to the route's catch: a 500, not a wrongful 401.
    return (await this.deps.owners.admit(auth, request)).ok;
  }
}

/** The id to echo in a refusal: the client's own if it sent a string, so it can match the answer. */
function rawId(raw: unknown): string | undefined {
  try {
    const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id.slice(0, 128) : undefined;
  } catch {
    return undefined;
  }
}
