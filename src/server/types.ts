import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { DefaultEventsMap, Server as IoServer, ServerOptions as IoServerOptions, Socket } from 'socket.io';
import type {
  Block, ChatContext, ChatMessage, ChatResponse, ClientToServerEvents, HandshakeAuth, ProtocolError,
  ProtocolLimits, ServerToClientEvents,
} from '../protocol';
import type { ChatLogger, LogLevel } from './logger';
import type { BucketRule } from './rate-limiter';

/**
 * What the server knows about a connected socket, set once by the handshake middleware.
 * Handlers read the session from here instead of trusting any payload's `sessionId`.
 */
export interface ChatSocketData {
  auth: HandshakeAuth;
  /** Who the `auth` hook said this is, when it said; the session is bound to it. */
  identity?: string;
}

/**
 * What an `auth` hook answers: `true` (let in, anonymous), `false` (refuse), or the verified
 * identity of the shopper (let in, and bind the session to it: no other identity, and no anonymous
 * connection, may open that session afterwards).
 */
export type AuthResult = boolean | { identity: string };

/** Decides whether a handshake (or HTTP API request) may go on; a throw is a refusal. */
export type AuthHook = (auth: HandshakeAuth, request: IncomingMessage) => AuthResult | Promise<AuthResult>;

export type ChatIoServer = IoServer<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, ChatSocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, ChatSocketData>;

export interface RespondContext {
  sessionId: string;
  /** The session's context (from `context-update`) overlaid with the message's own context. */
  context: ChatContext;
  /** Aborted when the shopper cancels, the responder is idle too long, or the server closes. */
  signal: AbortSignal;
  /** Earlier responses of this session, oldest first. */
  history: readonly ChatResponse[];
  /**
   * Facts for a model to answer from, one per line, added by composing responders (for example
   * `withCatalogContext`'s product list). @default undefined
   */
  knowledge?: readonly string[];
}

/** What a non-streaming responder resolves to. */
export interface ResponseBody {
  response?: string;
  blocks?: Block[];
  provider?: string;
  /** @default true unless `error` is set */
  success?: boolean;
  error?: ProtocolError;
}

/**
 * Answers one shopper message. Either an async iterable, whose strings are streamed as text deltas
 * and whose blocks are sent with the final response (an async generator may `return { provider }`),
 * or a promise of the whole body. Throw a `ProtocolFailure` to send its code to the shopper (for
 * example `rate_limited` with `retryAfterMs`); any other error becomes `internal`.
 *
 * @example
 * const echo: Responder = async function* (message) { yield `You said: ${message.text}`; };
 */
export type Responder = (message: ChatMessage, ctx: RespondContext) => AsyncIterable<string | Block> | Promise<ResponseBody>;

/**
 * What a store knows about the answer to one shopper message:
 * - `answered`: here it is;
 * - `evicted`: it was answered, but the response has left the bounded history;
 * - `unanswered`: no answer is stored: the message is still being answered (maybe by another
 *   process), was never seen, or its id has been forgotten.
 */
export type StoredAnswer = { status: 'answered'; response: ChatResponse } | { status: 'evicted' } | { status: 'unanswered' };

/**
 * Where sessions keep their state between messages. Every method is async so a shared store
 * (Redis) can serve several server processes.
 */
export interface SessionStore {
  /**
   * Returns true if newly recorded, false if the id was already seen. Must be atomic: of several
   * concurrent calls with one id, from any number of processes, exactly one gets true.
   */
  rememberMessage(sessionId: string, messageId: string): Promise<boolean>;
  /** The next `seq` of the session: 1, 2, 3... */
  nextSeq(sessionId: string): Promise<number>;
  /** Stores a response that already has its `seq`; its `replyTo` becomes answered. */
  appendResponse(sessionId: string, response: ChatResponse): Promise<void>;
  /** Responses with `seq > afterSeq`, oldest first, at most `limit`. */
  responsesAfter(sessionId: string, afterSeq: number, limit: number): Promise<ChatResponse[]>;
  /** The stored answer to a remembered message id (the HTTP fallback answers retries with it). */
  answerTo(sessionId: string, messageId: string): Promise<StoredAnswer>;
  /** The session's context, `{}` when none was set. */
  getContext(sessionId: string): Promise<ChatContext>;
  setContext(sessionId: string, context: ChatContext): Promise<void>;
  /**
   * Binds the session to `identity` if it has no owner yet and returns its owner (`''` for none);
   * with `identity` `''` it only reads. Must be atomic across processes. Optional for stores
   * written before identities: without it, owners are kept in this process only.
   */
  claimSession?(sessionId: string, identity: string): Promise<string>;
}

export interface ChatServerOptions {
  /** Attach to an existing server; the caller listens on it and owns it. @default undefined (create one) */
  httpServer?: HttpServer;
  /** Port of the server created when no `httpServer` is given (0 = any free port). @default 0 */
  port?: number;
  /** Listen host when the server is created here. @default undefined (all interfaces) */
  host?: string;
  /**
   * Passed to Socket.IO's `cors`. Browsers do not apply CORS to WebSocket connections, so use
   * `auth` to decide who may connect. @default undefined (no CORS headers: same origin only)
   */
  cors?: { origin: string | string[] | boolean; credentials?: boolean };
  /** Answers shopper messages. @default catalogResponder() */
  respond?: Responder;
  /** Session state. @default a RedisSessionStore when `redis` is set, else new MemorySessionStore() */
  store?: SessionStore;
  /**
   * Share sessions and broadcasts with other server processes through Redis: the server connects
   * its own clients to `url`, uses a `RedisSessionStore` (unless `store` is given) and the Socket.IO
   * Redis Streams adapter (unless `adapter` is given), and disconnects them on `close()`.
   * @default undefined (one process, sessions in memory)
   */
  redis?: RedisScaleOptions;
  /**
   * A Socket.IO adapter of your own (for example for a Redis cluster). Note that connection state
   * recovery across processes needs an adapter that supports it. @default Socket.IO's in-memory
   * adapter, or the Redis Streams adapter when `redis` is set
   */
  adapter?: IoServerOptions['adapter'];
  /**
   * Socket.IO connection state recovery: a client whose transport dropped for less than this long
   * gets back its socket id, rooms and every event it missed. Middlewares (the `auth` hook) still
   * run. `false` turns it off. @default { maxDisconnectionDurationMs: 120000 }
   */
  connectionStateRecovery?: { maxDisconnectionDurationMs?: number } | false;
  /**
   * Path of the HTTP fallback (`POST` a chat-message, `POST {path}/sync` a session-sync), served on
   * the same http server. Only these two paths are answered; everything else goes on to the app.
   * `false` turns it off. @default '/api/chat'
   */
  httpApiPath?: string | false;
  /**
   * Decides whether a handshake may connect; false or a throw rejects it with `unauthorized`, and
   * `{ identity }` binds the session to that identity (see `hmacIdentityVerifier`,
   * `shopifyAppProxyVerifier`). @default undefined (everyone, anonymous)
   */
  auth?: AuthHook;
  /** Passed to the protocol parsers. @default DEFAULT_LIMITS */
  limits?: Partial<ProtocolLimits>;
  /** Socket.IO path. @default '/socket.io' */
  path?: string;
  /** Abort a responder that produces nothing for this long, answering `unavailable`. @default 30000 */
  responseTimeoutMs?: number;
  /** Messages of one session waiting or running before new ones get `rate_limited`. @default 20 */
  maxPendingPerSession?: number;
  /**
   * Pages allowed to open a socket or call the HTTP API, as origins (`https://shop.example`), or
   * `'*'` for any page. Whatever the list, requests without an `Origin` header (servers, curl, apps:
   * not a page a shopper has open) and pages served from this server's own host (`Origin` matching
   * `Host`) are let in. Anything else cannot connect (the WebSocket or polling handshake is refused
   * with 403) and gets `403` `unauthorized` from the HTTP API.
   * @default the origins `cors.origin` lists (`'*'` when it is `true` or `'*'`); without `cors`, same origin only
   */
  allowedOrigins?: readonly string[] | '*';
  /** Open connections one client address may hold; `false` for no limit. @default 50 */
  maxConnectionsPerIp?: number | false;
  /**
   * Read the client address from the last `X-Forwarded-For` entry (set by your reverse proxy)
   * instead of the TCP peer. Only turn it on behind a proxy that sets it. @default false
   */
  trustProxy?: boolean;
  /**
   * Token-bucket limits; a refused event is acknowledged `rate_limited` with `retryAfterMs` (the
   * HTTP API answers 429 with `Retry-After`). `false` turns them off.
   * @default { perConnection: { burst: 60, perSecond: 10 }, perSession: { burst: 30, perSecond: 5 } }
   */
  rateLimit?: RateLimitOptions | false;
  /** Receives structured log entries (see `LogEntry`). @default jsonLogger(): JSON lines on stderr */
  logger?: ChatLogger;
  /** Least severe level logged. @default 'warn' */
  logLevel?: LogLevel;
  /** Put shoppers' message text in `message` log entries. Think of privacy law before turning it on. @default false */
  logMessageText?: boolean;
  /**
   * How long `close()` lets answers already being produced finish (and HTTP API requests get them)
   * before it aborts the rest. New connections and messages are refused (`unavailable`, which
   * clients retry, elsewhere) and `/readyz` says 503 as soon as `close()` is called. `0` aborts at once.
   * @default 0 (chatServerOptionsFromEnv: 10000)
   */
  shutdownGraceMs?: number;
  /** Liveness probe path on the server's http server (`200 ok` while the process serves); `false` turns it off. @default '/healthz' */
  healthPath?: string | false;
  /** Readiness probe path: `200` when listening, not closing and the session store answers, else `503`. @default '/readyz' */
  readyPath?: string | false;
  /** Prometheus metrics path (text format): open to anyone who reaches the server, so filter it at your proxy if that matters. @default '/metrics' */
  metricsPath?: string | false;
  /**
   * Told about failures the shopper only sees as `internal` (a throwing responder, a failing
   * store), so they are not lost. @default logs them as `error` entries through `logger`
   */
  onError?: (error: unknown, where: string) => void;
}

export interface RateLimitOptions {
  /** Every event one socket sends (messages, syncs, context updates, cancels, typing). @default { burst: 60, perSecond: 10 } */
  perConnection?: BucketRule;
  /**
   * Chat messages of one session, whichever socket or the HTTP API brought them. Counted per
   * process: with N processes behind a balancer a session may get up to N times this.
   * @default { burst: 30, perSecond: 5 }
   */
  perSession?: BucketRule;
}

export interface RedisScaleOptions {
  /** Redis URL, e.g. `redis://redis.internal:6379` (credentials and database may be in it). */
  url: string;
  /**
   * Prefix of every key and channel: session keys, the Socket.IO stream, recovery sessions and
   * pub/sub channels. Servers that serve one store share it. @default 'aidw:'
   */
  keyPrefix?: string;
  /** Idle sessions expire after this long. @default 86400000 (24 hours) */
  sessionTtlMs?: number;
}

export interface ChatServer {
  readonly io: ChatIoServer;
  readonly httpServer: HttpServer;
  /** Resolves when listening (at once when an `httpServer` was given); rejects if listening fails. */
  readonly ready: Promise<void>;
  /** The bound port once ready, 0 before. */
  readonly port: number;
  /**
   * Disconnects sockets, aborts in-flight responders and closes Socket.IO, and the http server only
   * if it was created here. Idempotent.
   *
   * @example
   * const server = createChatServer({ port: 0 });
   * await server.ready;
   * await server.close();
   */
  close(): Promise<void>;
}
