import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { DefaultEventsMap, Server as IoServer, ServerOptions as IoServerOptions, Socket } from 'socket.io';
import type {
  ClientToServerEvents, HandshakeAuth, ProtocolLimits, ServerToClientEvents,
} from '../protocol/index.js';
import type { ChatLogger, LogLevel } from './operations/logger.js';
import type { BucketRule } from './guards/rate-limiter.js';
import type { ConversationTurn, SessionStore, SessionWindowRule } from './sessions/session-store.js';
import type { FaqEntry } from './catalog/faq.js';
import type { ServerCatalogOptions } from './catalog/sync/server-catalog.js';
import type { HandoffOptions } from './handoff/handoff-options.js';

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

import type { Responder } from './answering/responder-types.js';
export type { RespondContext, Responder, ResponseBody, ShopperMessage } from './answering/responder-types.js';

export type { ConversationTurn, LeasedMessage, SessionOpening, SessionStore, SessionWindowRule, StoredAnswer, TakenOver } from './sessions/session-store.js';

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
  /** Answers shopper messages. @default catalogResponder() over `catalog`, else over the demo catalog */
  respond?: Responder;
  /**
   * The store's own catalog: synced at start (`ready` waits for the first sync) and every
   * `refreshMs`, through Redis by one process when `redis` is set; `/readyz` says 503 until one
   * catalog is loaded and `/metrics` reports it. @default none (the demo catalog)
   */
  catalog?: ServerCatalogOptions;
  /** Store policies (returns, shipping, opening hours) the built-in catalog responder answers from: `loadFaqFile('faq.md')`. @default [] */
  faq?: readonly FaqEntry[];
  /**
   * The chat server's public origin (`https://chat.example.com`), where it serves the demo
   * catalog's images: what the demo cards link to behind a proxy. @default the address it listens on
   */
  publicUrl?: string;
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
   * How long a process's lease on answering a message lasts without renewal (it renews every third
   * of it while the message is queued or answered). If the process dies before storing the answer,
   * another process sharing the store answers the message once the lease has run out, when a client
   * of the session syncs there (or at the expiry, if one synced earlier). @default 10000
   */
  answerLeaseMs?: number;
  /**
   * Pages allowed to open a socket or call the HTTP API, as origins (`https://shop.example`), or
   * `'*'` for any page. Whatever the list, requests without an `Origin` header (servers, curl, apps:
   * not a page a shopper has open) and pages served from this server's own host (`Origin` matching
   * `Host`) are let in. Anything else cannot connect (the WebSocket or polling handshake is refused
   * with 403) and gets `403` `unauthorized` from the HTTP API.
   * @default the origins `cors.origin` lists (`'*'` when it is `true` or `'*'`); without `cors`, same origin only
   */
  allowedOrigins?: readonly string[] | '*';
  /** Open Socket.IO connections one client address may hold; `false` for no limit. @default 50 */
  maxConnectionsPerIp?: number | false;
  /**
   * Open TCP connections one client address may hold on the http server createChatServer creates
   * (sockets, polling requests, HTTP API calls, probes, half-sent requests); the one past it is
   * closed at once, before any byte is read. Counted by the TCP peer, so behind a reverse proxy
   * (`trustProxy`) it is off unless set: cap connections per client at the proxy. Not available
   * with your own `httpServer`. @default 120 (false with trustProxy)
   */
  maxHttpConnectionsPerIp?: number | false;
  /**
   * Longest wait for a request's headers on the http server createChatServer creates (Node's
   * `headersTimeout`). With your own `httpServer`, set its `headersTimeout` yourself. @default 10000
   */
  headersTimeoutMs?: number;
  /**
   * Longest wait for a whole request, headers and body, on the http server createChatServer
   * creates (Node's `requestTimeout`): a client sending its body slowly is answered 408 and cut off
   * then. It does not limit how long an answer takes. With your own `httpServer`, set its
   * `requestTimeout` yourself. @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * How long an idle keep-alive connection stays open on the http server createChatServer creates
   * (Node's `keepAliveTimeout`). @default 5000
   */
  keepAliveTimeoutMs?: number;
  /**
   * Read the client address from the last `X-Forwarded-For` entry (set by your reverse proxy)
   * instead of the TCP peer. Only turn it on behind a proxy that sets it. @default false
   */
  trustProxy?: boolean;
  /**
   * Token-bucket limits; a refused event is acknowledged `rate_limited` with `retryAfterMs` (the
   * HTTP API answers 429 with `Retry-After`). `false` turns them off.
   * @default { perConnection: { burst: 60, perSecond: 10 }, perSession: { burst: 30, perSecond: 5 }, perIp: { burst: 60, perSecond: 10 }, messagesPerIp: { burst: 60, perSecond: 1 }, sessionsPerIp: { max: 30, windowMs: 600000 } }
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * Hand-off to the store's team (docs/HANDOFF.md): shoppers can ask for a person, operators answer
   * on the `/operators` namespace of this server. @default undefined (no hand-off, no `/operators`)
   */
  handoff?: HandoffOptions;
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
  /**
   * HTTP requests other than chat messages from one client address (see `trustProxy`): the HTTP
   * API's sync, its preflights, `/readyz` and `/metrics`; `/healthz` is never limited. A refusal is
   * `429` with `Retry-After`. @default { burst: 60, perSecond: 10 }
   */
  perIp?: BucketRule;
  /**
   * Chat messages (and face analyses) from one client address, over all its sockets and the HTTP
   * API together: what one machine can make the responder (a paid model, perhaps) answer. Counted
   * per process. @default { burst: 60, perSecond: 1 }
   */
  messagesPerIp?: BucketRule;
  /**
   * New sessions one client address may open per window, by socket handshake or HTTP API message;
   * sessions the store already holds, and those the address opened within the window, are free.
   * Counted in the session store (across processes with Redis). A refused handshake gets
   * `connect_error` `rate_limited`, a refused HTTP message `429`. @default { max: 30, windowMs: 600000 }
   */
  sessionsPerIp?: SessionWindowRule;
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
  /**
   * Check at start that Redis persists its data (`CONFIG GET appendonly` and `save`): without any
   * persistence `ready` rejects with a `RedisPersistenceError` (code `redis_not_persistent`), since
   * a Redis restart would lose acknowledged messages; snapshots only, or a Redis that hides
   * `CONFIG`, start with a warning. `false` skips the check. @default true
   */
  requirePersistence?: boolean;
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
