import { afterEach } from 'vitest';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { HandoffState, OperatorIdentity, ShopperPresence } from '../../../src/protocol/handoff';
import type { ChatResponse, ProtocolError } from '../../../src/protocol';
import type { ChatServerOptions, Responder, ShopperMessage } from '../../../src/server';
import type { OperatorAuthenticator, OperatorNotice, OperatorNotifier, OperatorSession } from '../../../src/server/handoff/contracts';
import type { HandoffOptions } from '../../../src/server/handoff/handoff-options';
import { Recorder, connected, startServer, uniqueId, type ClientSocket, type TestServer } from '../helpers';
import { waitFor } from '../../support/wait';

/**
 * Test stand-ins for the hand-off seams built elsewhere (sign-in, Web Push): an authenticator
 * over a table of tokens, and a notifier that records what it was asked to send.
 */
export class TokenTable implements OperatorAuthenticator {
  private readonly tokens = new Map<string, OperatorSession>();

  /** A token for `name` that expires `ttlMs` from now. */
  issue(name: string, ttlMs = 3_600_000): { token: string; operator: OperatorIdentity } {
    const token = uniqueId('tok');
    const operator = { id: `op:${name.toLowerCase()}`, name };
    this.tokens.set(token, { ...operator, expiresAt: Date.now() + ttlMs });
    return { token, operator };
  }

  async verify(token: string): Promise<OperatorSession | null> {
    return this.tokens.get(token) ?? null;
  }

  async login(): Promise<null> {
    return null;
  }
}

export class RecordingNotifier implements OperatorNotifier {
  readonly notices: OperatorNotice[] = [];
  async notify(notice: OperatorNotice): Promise<void> {
    this.notices.push(notice);
  }
  async close(): Promise<void> {}
}

/** A responder that answers "echo: <text>" and remembers each message and the history it was given. */
export function echoResponder() {
  const calls: { message: ShopperMessage; history: readonly ChatResponse[]; turns: readonly { role: string; text: string }[] }[] = [];
  const respond: Responder = async function* (message, ctx) {
    calls.push({ message, history: ctx.history, turns: ctx.turns ?? [] });
    yield `echo: ${message.text}`;
  };
  return { respond, calls };
}

export type OperatorSocket = Socket;

/** Everything the server sends one socket, by event name, beyond the chat Recorder's. */
export class Events {
  readonly seen: { event: string; payload: unknown }[] = [];
  constructor(socket: Socket) {
    socket.onAny((event: string, payload: unknown) => this.seen.push({ event, payload }));
  }
  of<T>(event: string): T[] {
    return this.seen.filter((e) => e.event === event).map((e) => e.payload as T);
  }
  until<T>(event: string, check: (payload: T) => boolean = () => true): Promise<T> {
    return waitFor(() => this.of<T>(event).find(check), `${event}`);
  }
}

export interface Shopper {
  socket: ClientSocket;
  /** The same socket, untyped: for the hand-off events and for what a client should not send. */
  loose: Socket;
  sessionId: string;
  recorder: Recorder;
  events: Events;
  /** Sends a chat message and returns its ack. */
  say(text: string, id?: string): Promise<{ ok: boolean; id: string; awaiting?: string; duplicate?: boolean; error?: ProtocolError }>;
  request(id?: string): Promise<{ ok: true; state: HandoffState } | { ok: false; error: ProtocolError }>;
}

/**
 * One chat server with hand-off on, shoppers and operators connected to it, all closed after the
 * test. The server's responder is an echo unless the options give one.
 */
export function deskHarness() {
  const open: { close(): unknown }[] = [];
  const h = {
    tokens: new TokenTable(),
    notifier: new RecordingNotifier(),
    async server(options: ChatServerOptions = {}, handoff: Partial<HandoffOptions> = {}): Promise<TestServer> {
      const t = await startServer({ handoff: { operators: h.tokens, notifier: h.notifier, ...handoff }, rateLimit: false, ...options });
      open.push({ close: () => t.server.close() });
      return t;
    },
    async shopper(url: string, sessionId = uniqueId('s')): Promise<Shopper> {
      const socket = connectClient(url, { auth: { sessionId, client: 'test' }, transports: ['websocket'], reconnection: false, forceNew: true }) as ClientSocket;
      const events = new Events(socket as unknown as Socket);
      const recorder = new Recorder(socket);
      open.unshift({ close: () => socket.disconnect() });
      await connected(socket);
      const loose = socket as unknown as Socket;
      return {
        socket, loose, sessionId, recorder, events,
        say: (text, id = uniqueId('m')) => loose.emitWithAck('chat-message', { id, sessionId, text, sentAt: Date.now() }),
        request: (id = uniqueId('h')) => loose.emitWithAck('handoff-request', { id, sessionId }),
      };
    },
    /** An operator socket on `/operators`, connected (or refused: see `refusedOperator`). */
    async operator(url: string, token: string): Promise<{ socket: OperatorSocket; events: Events }> {
      const socket = h.operatorSocket(url, token);
      const events = new Events(socket);
      await connected(socket as unknown as ClientSocket);
      return { socket, events };
    },
    operatorSocket(url: string, auth: unknown): OperatorSocket {
      const socket = connectClient(`${url}/operators`, { auth: (typeof auth === 'string' ? { token: auth } : auth) as Record<string, unknown>, transports: ['websocket'], reconnection: false, forceNew: true });
      open.unshift({ close: () => socket.disconnect() });
      return socket;
    },
  };
  afterEach(async () => {
    for (const item of open.splice(0)) await item.close();
    h.notifier.notices.length = 0;
  });
  return h;
}

/** Waits for the shopper's presence notice. */
export function presenceOf(events: Events): Promise<ShopperPresence> {
  return events.until<ShopperPresence>('presence');
}
