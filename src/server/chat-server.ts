import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type Server as HttpServer } from 'node:http';
import { Server as IoServer, type ServerOptions } from 'socket.io';
import { withLimits, type ProtocolLimits } from '../protocol';
import { AnswerWaiters } from './answer-waiters';
import { catalogResponder } from './catalog/responder';
import { handshake } from './handshake';
import { HttpChatApi } from './http-api';
import { MemorySessionStore } from './memory-store';
import { MessageIntake } from './message-intake';
import { RedisScaleOut } from './redis-scale';
import { ResponseRunner } from './response-runner';
import { SessionQueue } from './session-queue';
import { ChatSocketHandler } from './socket-handler';
import type { ChatIoServer, ChatServer, ChatServerOptions } from './types';

/** Listeners Socket.IO (engine.io) adds to an http server it attaches to. */
const ATTACH_EVENTS = ['request', 'upgrade', 'close', 'listening'] as const;

/** How long a dropped client may come back and recover its connection state, by default. */
const RECOVERY_MS = 120_000;

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
  private readonly redis: RedisScaleOut | undefined;
  private readonly detach: () => void;
  private closing: Promise<void> | undefined;

  constructor(options: ChatServerOptions) {
    checkOptions(options);
    const limits = withLimits(options.limits);
    const onError = options.onError ?? reportToConsole;
    this.redis = options.redis ? new RedisScaleOut(options.redis, options.adapter === undefined, onError) : undefined;
    const store = options.store ?? this.redis?.store ?? new MemorySessionStore();
    this.owned = options.httpServer === undefined;
    this.httpServer = options.httpServer ?? createServer((_request, response) => {
      response.writeHead(404).end();
    });

    const recovery = options.connectionStateRecovery ?? {};
    const ioOptions: Partial<ServerOptions> = {
      path: options.path ?? '/socket.io',
      // The widget bundles its own client; serving one here would only widen the surface.
      serveClient: false,
      maxHttpBufferSize: bufferSizeFor(limits),
      // On a caller's server, other WebSocket endpoints may share the upgrade event: leave them be.
      destroyUpgrade: this.owned,
    };
    if (options.cors) ioOptions.cors = { origin: options.cors.origin, credentials: options.cors.credentials ?? false };
    // Middlewares run again on recovery, so a revoked token cannot ride a recovered session.
    if (recovery) ioOptions.connectionStateRecovery = { maxDisconnectionDuration: recovery.maxDisconnectionDurationMs ?? RECOVERY_MS, skipMiddlewares: false };
    const adapter = options.adapter ?? this.redis?.adapter;
    if (adapter) ioOptions.adapter = adapter;

    this.queue = new SessionQueue(onError);
    this.waiters = new AnswerWaiters(store, this.queue);
    const toRoom = (sessionId: string) => this.io.to(ChatSocketHandler.roomOf(sessionId));
    const runner = new ResponseRunner({
      respond: options.respond ?? catalogResponder(),
      store,
      limits,
      responseTimeoutMs: options.responseTimeoutMs ?? 30_000,
      sink: {
        chunk: (sessionId, chunk) => toRoom(sessionId).emit('chat-response-chunk', chunk),
        response: (sessionId, response) => {
          toRoom(sessionId).emit('chat-response', response);
          this.waiters.settle(response);
        },
        typing: (sessionId, notice) => toRoom(sessionId).emit('agent-typing', notice),
      },
      onError,
      now: Date.now,
      newId: randomUUID,
    });
    const isClosed = () => this.closing !== undefined;
    const intake = new MessageIntake({ store, queue: this.queue, runner, maxPendingPerSession: options.maxPendingPerSession ?? 20, isClosed, onError });

    const before = new Map(ATTACH_EVENTS.map((event) => [event, this.httpServer.listeners(event)]));
    const apiPath = options.httpApiPath ?? '/api/chat';
    if (apiPath !== false) {
      const api = new HttpChatApi({
        path: apiPath, store, intake, waiters: this.waiters, limits, maxBodyBytes: bufferSizeFor(limits),
        answerTimeoutMs: options.responseTimeoutMs ?? 30_000, cors: options.cors, auth: options.auth, isClosed, onError,
      });
      takeOverRequests(this.httpServer, (next) => api.listener(next));
    }
    this.io = new IoServer(this.httpServer, ioOptions);
    this.detach = detacher(this.httpServer, before);

    const deps = { store, queue: this.queue, intake, limits, onError };
    this.io.use(handshake(limits, options.auth, onError));
    this.io.on('connection', (socket) => new ChatSocketHandler(socket, deps).attach());

    this.listening = this.owned ? listen(this.httpServer, options.port ?? 0, options.host) : Promise.resolve();
    this.ready = Promise.all([this.listening, this.redis?.ready]).then(() => undefined);
    // Callers that never await `ready` must not crash the process with an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  get port(): number {
    const address = this.httpServer.address();
    return address !== null && typeof address === 'object' ? address.port : 0;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    // Not `ready`: a Redis that never answered must not keep the server from closing.
    await this.listening.catch(() => undefined);
    this.waiters.close();
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
    await this.redis?.close();
  }
}

function checkOptions(options: ChatServerOptions): void {
  if (options.httpServer !== undefined && options.port !== undefined) {
    throw new TypeError('createChatServer: pass either `httpServer` (you listen) or `port` (we listen), not both');
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0 && options.port <= 65535)) {
    throw new RangeError(`createChatServer: port must be an integer from 0 to 65535, got ${options.port}`);
  }
  const timeout = options.responseTimeoutMs;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    throw new RangeError(`createChatServer: responseTimeoutMs must be a positive number, got ${timeout}`);
  }
  const pending = options.maxPendingPerSession;
  if (pending !== undefined && !(Number.isInteger(pending) && pending > 0)) {
    throw new RangeError(`createChatServer: maxPendingPerSession must be a positive integer, got ${pending}`);
  }
  const recovery = options.connectionStateRecovery;
  const recoveryMs = recovery ? recovery.maxDisconnectionDurationMs : undefined;
  if (recoveryMs !== undefined && !(Number.isFinite(recoveryMs) && recoveryMs > 0)) {
    throw new RangeError(`createChatServer: connectionStateRecovery.maxDisconnectionDurationMs must be a positive number, got ${recoveryMs}`);
  }
  const api = options.httpApiPath;
  if (api !== undefined && api !== false) {
    if (typeof api !== 'string' || !/^\/[^?#]*[^/?#]$/.test(api)) {
      throw new TypeError(`createChatServer: httpApiPath must be a path such as '/api/chat' (or false), got ${String(api)}`);
    }
    const ioPath = (options.path ?? '/socket.io').replace(/\/$/, '');
    if (api === ioPath || api.startsWith(`${ioPath}/`)) {
      throw new TypeError(`createChatServer: httpApiPath ${api} lies under the Socket.IO path, which would never let it through`);
    }
  }
}

/**
 * Puts `wrap`'s listener in front of the server's request listeners: it answers its own requests
 * and passes the rest on to them, so the application never sees (or double-answers) ours.
 */
function takeOverRequests(server: HttpServer, wrap: (next: RequestListener) => RequestListener): void {
  const previous = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', wrap((request, response) => {
    for (const listener of previous) listener.call(server, request, response);
  }));
}

/**
 * Socket.IO's default buffer (1 MB) is far above any valid payload; this allows the largest valid
 * message with JSON escaping (up to 6 characters per code unit) and refuses the rest at the engine.
 */
function bufferSizeFor(limits: ProtocolLimits): number {
  return Math.max(64 * 1024, (limits.maxTextLength + limits.maxContextSize) * 6 + 16 * 1024);
}

function listen(server: HttpServer, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    if (host === undefined) server.listen(port, onListening);
    else server.listen(port, host, onListening);
  });
}

/** Returns a function that removes what attaching added and restores the caller's request handlers. */
function detacher(server: HttpServer, before: Map<string, Function[]>): () => void {
  const added = ATTACH_EVENTS.map((event) => {
    const previous = before.get(event) ?? [];
    return [event, server.listeners(event).filter((listener) => !previous.includes(listener))] as const;
  });
  return () => {
    for (const [event, listeners] of added) {
      for (const listener of listeners) server.off(event, listener as (...args: unknown[]) => void);
    }
    // engine.io took the caller's request handlers over to wrap them; give them back.
    for (const listener of before.get('request') ?? []) {
      if (!server.listeners('request').includes(listener)) server.on('request', listener as (...args: unknown[]) => void);
    }
  };
}

function reportToConsole(error: unknown, where: string): void {
  console.error(`[ai-discovery-widget/server] ${where}:`, error);
}
