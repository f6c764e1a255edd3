import { parseMessageAck, type ChatMessage } from '../protocol/index.js';
import type { ChatSocket, ConnectionManager } from '../connection/connection-manager.js';
import type { ConnectionStatus } from '../util/connection-status.js';
import type { Outbox } from '../delivery/outbox.js';
import type { Disposables } from '../util/disposables.js';
import type { Environment } from '../util/environment.js';
import { WidgetError } from '../util/errors.js';
import type { AnswerWiring } from './answer-wiring.js';
import { wireHttpFallback } from './http-fallback.js';
import { listenToServer, malformed, syncSession, type InboundSink } from './inbound.js';
import type { WidgetOptions } from './options.js';

/**
 * The backend the options describe: 'http' (only `apiUrl`), 'v1' (this project's protocol),
 * 'legacy' (the integration guide's server) or 'mapped' (a vocabulary given as `events`).
 */
export type Dialect = 'http' | 'v1' | 'legacy' | 'mapped';

export function dialectOf(options: WidgetOptions): Dialect {
  if (options.apiUrl !== undefined && options.socketUrl === undefined) return 'http';
  if (options.events) return 'mapped';
  return options.protocol ?? 'v1';
}

export interface TransportWiringDeps {
  options: WidgetOptions;
  env: Environment;
  connection: ConnectionManager;
  outbox: Outbox;
  sink: InboundSink;
  answers: AnswerWiring;
  subs: Disposables;
  ackTimeoutMs: number;
  lastSeq(): number;
  fallback: { get(): boolean; set(fallback: boolean): void };
  setStatus(status: ConnectionStatus): void;
  alive(): boolean;
  onError(error: WidgetError): void;
}

/**
 * Connects the outbox and the inbound edge to the backend the options name. Called at mount, it
 * wires what reacts to the connection; the returned `start` opens it, once the saved conversation
 * (and so the session id) is known. Only v1 has acks, resume and the HTTP fallback; the other
 * Socket.IO dialects are loaded apart, so widgets that speak v1 do not carry them.
 */
export function wireTransport(d: TransportWiringDeps): { start(): void } {
  const { options, connection, outbox, sink, subs } = d;
  const dialect = dialectOf(options);
  subs.add(connection.on('connect', (socket) => {
    d.fallback.set(false);
    if (dialect !== 'v1') return;
    outbox.setTransport((message, timeoutMs) => transmit(socket, message, timeoutMs, d));
    void syncSession(socket, d.lastSeq(), d.ackTimeoutMs, sink);
    d.answers.connected();
  }));
  if (options.apiUrl && dialect === 'v1') {
    wireHttpFallback({
      apiUrl: options.apiUrl,
      token: options.token,
      after: options.httpFallbackAfter ?? 3,
      retrySocketAfterMs: options.reconnection?.maxDelayMs ?? 30_000,
      ackTimeoutMs: d.ackTimeoutMs,
      env: d.env,
      connection,
      outbox,
      sink,
      subs,
      lastSeq: d.lastSeq,
      fallback: d.fallback,
      alive: d.alive,
      onError: d.onError,
    });
  }
  return {
    start: () => {
      if (dialect === 'v1') {
        connection.start();
        return listenToServer(connection.socket!, subs, sink);
      }
      // The other dialects are loaded apart, so widgets that speak v1 (and so the core's size budget,
      // which the hand-off extension needed) do not carry them.
      const failed = (error: unknown) => d.onError(new WidgetError('unavailable', 'Could not load the code for this backend', error));
      if (dialect === 'http') {
        import('./http-only').then(({ wireHttpOnly }) => {
          if (d.alive()) wireHttpOnly({ apiUrl: options.apiUrl!, token: options.token, env: d.env, outbox, sink, subs, setStatus: d.setStatus, alive: d.alive, onError: d.onError });
        }, failed);
        return;
      }
      import('./mapped-wiring').then(({ wireMapped, LEGACY_EVENTS }) => {
        if (!d.alive()) return;
        wireMapped({ env: d.env, connection, outbox, sink, subs, ackTimeoutMs: d.ackTimeoutMs }, options.events ?? LEGACY_EVENTS);
        connection.start();
      }, failed);
    },
  };
}

async function transmit(socket: ChatSocket, message: ChatMessage, timeoutMs: number, d: TransportWiringDeps) {
  const raw: unknown = await socket.timeout(timeoutMs).emitWithAck('chat-message', message);
  const ack = parseMessageAck(raw);
  if (!ack.ok) {
    d.onError(malformed('acknowledgement', ack.error.message));
    throw ack.error;
  }
  if (ack.value.ok && ack.value.awaiting) d.answers.awaiting(message.id);
  return ack.value;
}
