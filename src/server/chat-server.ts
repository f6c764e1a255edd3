import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { Server as IoServer, type ServerOptions } from 'socket.io';
import { AnswerLeases } from './answering/answer-leases.js';
import { AnswerWaiters } from './answering/answer-waiters.js';
import { MessageIntake } from './answering/message-intake.js';
import { ResponseRunner } from './answering/response-runner.js';
import { SessionQueue } from './answering/session-queue.js';
import { DemoImages } from './catalog/demo/demo-images.js';
import { catalogResponder } from './catalog/responder.js';
import { ServerCatalog } from './catalog/sync/server-catalog.js';
import { bufferSizeFor, resolveOptions, type HttpTimeouts } from './config/server-options.js';
import { ConnectionGate } from './guards/connection-gate.js';
import { handshake } from './guards/handshake.js';
import { HttpRequestLimit } from './guards/http-rate-limit.js';
import { RateLimiter } from './guards/rate-limiter.js';
import { HandoffServer } from './handoff/handoff-server.js';
import { serverCatalogSearch } from './handoff/operator-catalog.js';
import { SessionAdmission } from './guards/session-admission.js';
import { TcpConnectionCap } from './guards/tcp-connection-cap.js';
import type { ChatLogger } from './operations/logger.js';
import { ChatMetrics } from './operations/metrics.js';
import { OpsEndpoints } from './operations/ops-endpoints.js';
import { MemorySessionStore } from './sessions/memory-store.js';
import { RedisScaleOut } from './sessions/redis-scale.js';
import { SessionOwners } from './sessions/session-owners.js';
import { STORE_RETRY_DELAYS_MS, StoreRetry } from './sessions/store-retry.js';
import { HttpChatApi } from './transports/http-api.js';
import { ATTACH_EVENTS, detacher, listen, takeOverRequests } from './transports/http-attach.js';
import { ChatSocketHandler } from './transports/socket-handler.js';
import { TransportDrain } from './transports/transport-drain.js';
import type { ChatIoServer, ChatServer, ChatServerOptions } from './types.js';

/** How long a dropped client may come back and recover its connection state, by default. */
const RECOVERY_MS = 120_000;
/** Longest wait, within the grace period, for transports to write out the last answers. */
const FLUSH_MS = 1000;
/** How long `/readyz` waits for the session store before saying 503. */
const READY_PROBE_MS = 2000;
/** The session `/readyz` reads; a read creates nothing in either store. */
const READY_PROBE_SESSION = 'aidw-readyz-probe';

/**
 * Starts a protocol v1 chat server: on its own http server (`port`), or attached to the caller's
 * (`httpServer`), which it leaves open on `close()`. It serves Socket.IO and, beside it, the HTTP
 * fallback (`httpApiPath`); with `redis` it shares sessions and broadcasts with other processes.
 *
 * @example
 * const server = createChatServer({ port: 3000, cors: { origin: 'https://shop.example' } });
 * await server.ready;
 */
export function createChatServer(options: ChatServerOptions = {}): ChatServer {
  return new SocketChatServer(options);
}

class SocketChatServer implements ChatServer {
  readonly io: ChatIoServer;
  readonly httpServer: HttpServer;
  readonly ready: Promise<void>;
  private readonly owned: boolean;
  private readonly listening: Promise<void>;
  private readonly queue: SessionQueue;
  private readonly waiters: AnswerWaiters;
  private readonly leases: AnswerLeases;
  private readonly redis: RedisScaleOut | undefined;
  private readonly catalog: ServerCatalog | undefined;
  private readonly handoff: HandoffServer | undefined;
  private readonly detach: () => void;
  private closing: Promise<void> | undefined;
  private started = false;
  private readonly drain = new TransportDrain();
  /** Aborted once answers under way are given up at shutdown: no more waiting for the store. */
  private readonly retries = new AbortController();
  private readonly graceMs: number;

  constructor(options: ChatServerOptions) {
    const resolved = resolveOptions(options);
    const { limits } = resolved;
    // Metrics count every entry; the logger only sees those at its level.
    const metrics = new ChatMetrics();
    const log: ChatLogger = (entry) => {
      metrics.observe(entry);
      resolved.log(entry);
    };
    const onError = (error: unknown, where: string) => {
      metrics.observe({ level: 'error', event: 'error', where });
      resolved.onError(error, where);
    };
    this.graceMs = resolved.shutdownGraceMs;
    if (options.handoff) HandoffServer.check(options.handoff);
    // A hand-off without a presence registry of its own shares presence through Redis (one more connection).
    this.redis = options.redis ? new RedisScaleOut(options.redis, options.adapter === undefined, onError, log, options.handoff !== undefined && options.handoff.presence === undefined) : undefined;
    const store = options.store ?? this.redis?.store ?? new MemorySessionStore();
    const redisState = this.redis && { client: this.redis.commands, ...(options.redis?.keyPrefix !== undefined && { keyPrefix: options.redis.keyPrefix }) };
    this.catalog = options.catalog ? new ServerCatalog(options.catalog, { log, ...(redisState && { redis: redisState }) }) : undefined;
    const publicUrl = options.publicUrl ?? (() => this.ownOrigin());
    this.handoff = options.handoff && new HandoffServer({
      options: options.handoff, sessions: store, redis: redisState, presenceSubscriber: this.redis?.subscriber, limits, roomOf: ChatSocketHandler.roomOf, now: Date.now, newId: randomUUID,
      search: serverCatalogSearch(this.catalog, publicUrl), onError, socketPath: options.path ?? '/socket.io', trustProxy: options.trustProxy ?? false, log,
    });
    const handoff = this.handoff;
    this.owned = options.httpServer === undefined;
    this.httpServer = options.httpServer ?? ownHttpServer(resolved.http);
    if (this.owned && resolved.maxHttpConnectionsPerIp !== false) new TcpConnectionCap(resolved.maxHttpConnectionsPerIp, log).attach(this.httpServer);

    const isClosed = () => this.closing !== undefined;
    const gate = new ConnectionGate(resolved.origins, resolved.maxConnectionsPerIp, options.trustProxy ?? false, log, isClosed);
    const addressOf = gate.addressOf.bind(gate);
    const recovery = options.connectionStateRecovery ?? {};
    const ioOptions: Partial<ServerOptions> = {
      path: options.path ?? '/socket.io',
      // The widget bundles its own client; serving one here would only widen the surface.
      serveClient: false,
      maxHttpBufferSize: bufferSizeFor(limits),
      // On a caller's server, other WebSocket endpoints may share the upgrade event: leave them be.
      destroyUpgrade: this.owned,
      allowRequest: gate.allowRequest,
    };
    if (options.cors) ioOptions.cors = { origin: options.cors.origin, credentials: options.cors.credentials ?? false };
    // Middlewares run again on recovery, so a revoked token cannot ride a recovered session.
    if (recovery) ioOptions.connectionStateRecovery = { maxDisconnectionDuration: recovery.maxDisconnectionDurationMs ?? RECOVERY_MS, skipMiddlewares: false };
    const adapter = options.adapter ?? this.redis?.adapter;
    if (adapter) ioOptions.adapter = adapter;

    this.queue = new SessionQueue(onError);
    this.waiters = new AnswerWaiters(store, this.queue);
    // Assigned below; the lease keeper only calls back into it after construction.
    let intake: MessageIntake | undefined;
    this.leases = new AnswerLeases({
      store, owner: randomUUID(), ttlMs: resolved.answerLeaseMs, onError,
      onLost: (sessionId, messageId) => this.queue.abort(sessionId, messageId, 'taken-over'),
      onRetry: (sessionId) => void intake?.recover(sessionId),
    });
    const toRoom = (sessionId: string) => this.io.to(ChatSocketHandler.roomOf(sessionId));
    const runner = new ResponseRunner({
      // Until told its public origin, the demo catalog's cards point at the address it listens on.
      respond: options.respond ?? this.catalog?.responder(options.faq)
        ?? catalogResponder({ publicUrl, ...(options.faq && { faq: options.faq }) }),
      store,
      leases: this.leases,
      retry: new StoreRetry(STORE_RETRY_DELAYS_MS, this.retries.signal),
      limits,
      responseTimeoutMs: resolved.responseTimeoutMs,
      sink: {
        chunk: (sessionId, chunk) => toRoom(sessionId).emit('chat-response-chunk', chunk),
        response: (sessionId, response) => {
          toRoom(sessionId).emit('chat-response', response);
          this.waiters.settle(response);
          handoff?.answered(response);
        },
        typing: (sessionId, notice) => toRoom(sessionId).emit('agent-typing', notice),
      },
      onError,
      log,
      now: Date.now,
      newId: randomUUID,
      ...(this.catalog && { catalog: () => this.catalog!.source.current(), catalogSearch: this.catalog.search }),
      ...(handoff && { onHandoff: handoff.responderHandoff.bind(handoff) }),
    });
    const owners = new SessionOwners(store, options.auth, onError);
    const rate = resolved.rate;
    const admission = new SessionAdmission({ store, rule: rate ? rate.sessionsPerIp : undefined, addressOf, log, onError, now: Date.now });
    intake = new MessageIntake({
      store, queue: this.queue, runner, maxPendingPerSession: resolved.maxPendingPerSession, isClosed, onError, log,
      perSession: rate ? new RateLimiter(rate.perSession, performance.now.bind(performance)) : undefined,
      perAddress: rate ? new RateLimiter(rate.messagesPerIp, performance.now.bind(performance)) : undefined,
      logMessageText: options.logMessageText ?? false,
      leases: this.leases,
      ...(handoff && { handoff: handoff.messages }),
    });

    const perIp = rate ? new HttpRequestLimit(rate.perIp, options.trustProxy ?? false, log, performance.now.bind(performance)) : undefined;
    const before = new Map(ATTACH_EVENTS.map((event) => [event, this.httpServer.listeners(event)]));
    const apiPath = options.httpApiPath ?? '/api/chat';
    if (apiPath !== false) {
      const api = new HttpChatApi({
        path: apiPath, store, intake, waiters: this.waiters, limits, maxBodyBytes: bufferSizeFor(limits),
        answerTimeoutMs: resolved.responseTimeoutMs, cors: options.cors, owners, isClosed, onError,
        origins: resolved.origins, perIp, admission, addressOf,
      });
      takeOverRequests(this.httpServer, (next) => api.listener(next));
    }
    const ops = new OpsEndpoints({
      healthPath: options.healthPath ?? '/healthz',
      readyPath: options.readyPath ?? '/readyz',
      metricsPath: options.metricsPath ?? '/metrics',
      isReady: () => this.isReady(store),
      metrics: () => metrics.render(this.io.engine.clientsCount) + (this.catalog?.metrics(Date.now()) ?? ''),
      perIp,
    });
    takeOverRequests(this.httpServer, (next) => ops.listener(next));
    if (this.catalog) takeOverRequests(this.httpServer, (next) => this.catalog!.listener(next));
    const images = new DemoImages();
    takeOverRequests(this.httpServer, (next) => images.listener(next));
    if (handoff) takeOverRequests(this.httpServer, (next) => handoff.listener(next));
    this.io = new IoServer(this.httpServer, ioOptions);
    gate.guard(this.httpServer, ioOptions.path!);
    this.detach = detacher(this.httpServer, before);

    gate.attach(this.io.engine);
    this.drain.attach(this.io.engine);
    const perConnection = rate ? new RateLimiter(rate.perConnection, performance.now.bind(performance)) : undefined;
    const deps = { store, queue: this.queue, intake, limits, onError, log, perConnection, addressOf, ...(handoff && { handoff: handoff.shopper }) };
    this.io.use(handshake(limits, owners, onError));
    this.io.use(admission.middleware);
    this.io.on('connection', (socket) => new ChatSocketHandler(socket, deps).attach());
    handoff?.attach(this.io);

    this.listening = this.owned ? listen(this.httpServer, options.port ?? 0, options.host) : Promise.resolve();
    this.ready = Promise.all([this.listening, this.redis?.ready]).then(() => this.handoff?.start()).then(() => this.catalog?.start());
    // Callers that never await `ready` must not crash the process with an unhandled rejection.
    this.ready.then(() => (this.started = true), () => undefined);
  }

  get port(): number {
    const address = this.httpServer.address();
    return address !== null && typeof address === 'object' ? address.port : 0;
  }

  private ownOrigin(): string {
    const address = this.httpServer.address();
    const host = address !== null && typeof address === 'object' && !['0.0.0.0', '::'].includes(address.address) ? address.address : 'localhost';
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async isReady(store: { getContext(sessionId: string): Promise<unknown> }): Promise<boolean> {
    if (!this.started || this.closing !== undefined || this.catalog?.ready() === false) return false;
    // Any read will do: it proves the store (Redis) answers, within a probe's patience.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READY_PROBE_MS)));
    try {
      return await Promise.race([store.getContext(READY_PROBE_SESSION).then(() => true, () => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async shutdown(): Promise<void> {
    // Not `ready`: a Redis that never answered must not keep the server from closing.
    await this.listening.catch(() => undefined);
    // New messages and connections are refused from here on (isClosed); answers under way get the
    // grace period to finish, so their shoppers see them live rather than an error.
    if (this.graceMs > 0) {
      const deadline = Date.now() + this.graceMs;
      await this.queueIdle(this.graceMs);
      // Closing discards what transports have not written yet: the last answers would be lost.
      await this.drain.drained(Math.min(FLUSH_MS, Math.max(0, deadline - Date.now())));
    }
    this.waiters.close();
    this.retries.abort();
    this.queue.abortAll('shutdown');
    // Connections are cut rather than sent a Socket.IO disconnect, which clients read as "do not
    // reconnect": after a restart or deploy, widgets should come back and resume on their own.
    if (this.owned) {
      await this.io.close();
    } else {
      // io.close() would also close the caller's http server, so take apart only what we added.
      this.io.engine.close();
      await this.io.of('/').adapter.close();
      this.detach();
    }
    // Aborted answers still store their final response: Redis goes last.
    await this.queue.idle();
    this.leases.close();
    await this.handoff?.close();
    await this.catalog?.close();
    await this.redis?.close();
  }

  /** Resolves when the queue is idle or after `ms`, whichever is first, leaving no timer behind. */
  private async queueIdle(ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.queue.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }
}

/**
 * The http server createChatServer listens on when not given one: Node's defaults let a client
 * take 60 s to send its headers and 5 minutes to send a body, long enough for slow requests from a
 * few machines to hold every connection the process can keep.
 */
function ownHttpServer(timeouts: HttpTimeouts): HttpServer {
  const server = createServer({
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    // Node checks the two timeouts on this interval (30 s by default), so a short timeout needs it shorter.
    connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(timeouts.headersTimeoutMs / 4))),
  }, (_request, response) => {
    response.writeHead(404).end();
  });
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  return server;
}
