import { afterEach } from 'vitest';
import { randomUUID } from 'node:crypto';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { AgentTyping, ChatResponse, ChatResponseChunk, ClientToServerEvents, ServerToClientEvents } from '../../src/protocol';
import { createChatServer, type ChatServer, type ChatServerOptions, type LogEntry, type Responder } from '../../src/server';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** For sending what a well-behaved client never would. */
export type LooseSocket = Socket;

export interface TestServer {
  server: ChatServer;
  url: string;
  errors: { error: unknown; where: string }[];
  /** Every log entry, debug and up. */
  logs: LogEntry[];
}

/** A fresh server on loopback, with failures and log entries collected instead of written out. */
/**
 * The server and client sockets of one test, closed after it: `h.start()` for a server,
 * `h.session()` for a server plus one connected client with a recorder, `h.sockets` to have more
 * clients disconnected afterwards.
 */
export function serverHarness() {
  const h = {
    t: undefined as TestServer | undefined,
    sockets: [] as ClientSocket[],
    async start(options: ChatServerOptions = {}): Promise<TestServer> {
      h.t = await startServer(options);
      return h.t;
    },
    async session(options: ChatServerOptions = {}) {
      const t = await h.start(options);
      const sessionId = uniqueId('s');
      const socket = await connectedClient(t.url, sessionId);
      h.sockets.push(socket);
      return { socket, sessionId, recorder: new Recorder(socket) };
    },
  };
  afterEach(async () => {
    for (const s of h.sockets.splice(0)) s.disconnect();
    await h.t?.server.close();
    h.t = undefined;
  });
  return h;
}

export async function startServer(options: ChatServerOptions = {}): Promise<TestServer> {
  const errors: TestServer['errors'] = [];
  const logs: LogEntry[] = [];
  const server = createChatServer({
    port: 0, host: '127.0.0.1', onError: (error, where) => errors.push({ error, where }), logger: (entry) => logs.push(entry), logLevel: 'debug', ...options,
  });
  await server.ready;
  return { server, url: `http://127.0.0.1:${server.port}`, errors, logs };
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

export function client(url: string, auth: unknown = { sessionId: uniqueId('s'), client: 'test' }): ClientSocket {
  return connectClient(url, { auth: auth as Record<string, unknown>, transports: ['websocket'], reconnection: false, forceNew: true });
}

export function connected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

export function rejected(socket: ClientSocket): Promise<Error & { data?: { code?: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, expected a refusal')));
    socket.once('connect_error', resolve);
  });
}

export async function connectedClient(url: string, sessionId = uniqueId('s')): Promise<ClientSocket> {
  const socket = client(url, { sessionId, client: 'test' });
  await connected(socket);
  return socket;
}

/** Everything the server pushes to one socket, with a way to wait for what a test expects. */
export class Recorder {
  readonly responses: ChatResponse[] = [];
  readonly chunks: ChatResponseChunk[] = [];
  readonly typing: AgentTyping[] = [];
  /** Event names in arrival order. */
  readonly order: string[] = [];
  private waiters = new Set<() => void>();

  constructor(socket: ClientSocket) {
    socket.on('chat-response', (r) => this.push('chat-response', () => this.responses.push(r)));
    socket.on('chat-response-chunk', (c) => this.push('chat-response-chunk', () => this.chunks.push(c)));
    socket.on('agent-typing', (t) => this.push('agent-typing', () => this.typing.push(t)));
  }

  /** Resolves with the response to `messageId` once it arrives. */
  responseTo(messageId: string): Promise<ChatResponse> {
    return this.until(() => this.responses.find((r) => r.replyTo === messageId));
  }

  until<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined) return;
        this.waiters.delete(attempt);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(attempt);
        reject(new Error('the expected event did not arrive'));
      }, timeoutMs);
      this.waiters.add(attempt);
      attempt();
    });
  }

  private push(name: string, record: () => void): void {
    record();
    this.order.push(name);
    for (const waiter of [...this.waiters]) waiter();
  }
}

export function message(sessionId: string, text: string, extra: Record<string, unknown> = {}) {
  return { id: uniqueId('m'), sessionId, text, sentAt: Date.now(), ...extra };
}

/** A promise with its resolve function outside, to hold a responder until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Resolves when the signal aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** A responder streaming fixed pieces, for exact assertions. */
export function fixed(...pieces: string[]): Responder {
  return async function* () {
    for (const piece of pieces) yield piece;
  };
}

/** Polls an async condition until it holds, or fails naming `what` after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
