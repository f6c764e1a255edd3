import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { Server as IoServer, type ServerOptions } from 'socket.io';
import { withLimits, type ProtocolLimits } from '../protocol';
import { catalogResponder } from './catalog/responder';
import { handshake } from './handshake';
import { MemorySessionStore } from './memory-store';
import { ResponseRunner } from './response-runner';
import { SessionQueue } from './session-queue';
import { ChatSocketHandler } from './socket-handler';
import type { ChatIoServer, ChatServer, ChatServerOptions } from './types';

/** Listeners Socket.IO (engine.io) adds to an http server it attaches to. */
const ATTACH_EVENTS = ['request', 'upgrade', 'close', 'listening'] as const;

/**
 * Starts a protocol v1 chat server: on its own http server (`port`), or attached to the caller's
 * (`httpServer`), which it leaves open on `close()`.
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
  private readonly queue: SessionQueue;
  private readonly detach: () => void;
  private closing: Promise<void> | undefined;

  constructor(options: ChatServerOptions) {
    checkOptions(options);
    const limits = withLimits(options.limits);
    const onError = options.onError ?? reportToConsole;
    const store = options.store ?? new MemorySessionStore();
    this.owned = options.httpServer === undefined;
    this.httpServer = options.httpServer ?? createServer((_request, response) => {
      response.writeHead(404).end();
    });

    const ioOptions: Partial<ServerOptions> = {
      path: options.path ?? '/socket.io',
      // The widget bundles its own client; serving one here would only widen the surface.
      serveClient: false,
      maxHttpBufferSize: bufferSizeFor(limits),
      // On a caller's server, other WebSocket endpoints may share the upgrade event: leave them be.
      destroyUpgrade: this.owned,
    };
    if (options.cors) ioOptions.cors = { origin: options.cors.origin, credentials: options.cors.credentials ?? false };
    const before = new Map(ATTACH_EVENTS.map((event) => [event, this.httpServer.listeners(event)]));
    this.io = new IoServer(this.httpServer, ioOptions);
    this.detach = detacher(this.httpServer, before);

    this.queue = new SessionQueue(onError);
    const runner = new ResponseRunner({
      respond: options.respond ?? catalogResponder(),
      store,
      limits,
      responseTimeoutMs: options.responseTimeoutMs ?? 30_000,
      sink: {
        chunk: (sessionId, chunk) => this.io.to(ChatSocketHandler.roomOf(sessionId)).emit('chat-response-chunk', chunk),
        response: (sessionId, response) => this.io.to(ChatSocketHandler.roomOf(sessionId)).emit('chat-response', response),
        typing: (sessionId, notice) => this.io.to(ChatSocketHandler.roomOf(sessionId)).emit('agent-typing', notice),
      },
      onError,
      now: Date.now,
      newId: randomUUID,
    });
    const deps = {
      store, queue: this.queue, runner, limits, onError,
      maxPendingPerSession: options.maxPendingPerSession ?? 20,
      isClosed: () => this.closing !== undefined,
    };
    this.io.use(handshake(limits, options.auth, onError));
    this.io.on('connection', (socket) => new ChatSocketHandler(socket, deps).attach());

    this.ready = this.owned ? listen(this.httpServer, options.port ?? 0, options.host) : Promise.resolve();
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
    await this.ready.catch(() => undefined);
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
    await this.queue.idle();
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
