import type { ChatMessage, MessageAck } from '../protocol/index.js';
import type { ChatSocket, ConnectionManager } from '../connection/connection-manager.js';
import type { Outbox } from '../delivery/outbox.js';
import type { Disposables } from '../util/disposables.js';
import type { Environment } from '../util/environment.js';
import { WidgetError } from '../util/errors.js';
import { receiveLegacyResponse, type InboundSink } from './inbound.js';

export interface LegacyDeps {
  env: Environment;
  connection: ConnectionManager;
  outbox: Outbox;
  sink: InboundSink;
  subs: Disposables;
}

/**
 * `protocol: 'legacy'`: a Socket.IO server built as the integration guide shows, which reads
 * `message`, answers `chat-response` without id or seq, and never acknowledges. A message counts
 * as delivered once emitted on a connected socket; each answer belongs to the oldest message not
 * yet answered (such a handler answers in order). What the connection loses unanswered is failed,
 * not resent: the server may have answered it to the socket that died, and the shopper can retry.
 */
export function wireLegacy(d: LegacyDeps): void {
  // Lives with this mount only: per-widget state, not module state.
  let unanswered: ChatMessage[] = [];
  const listen = (socket: ChatSocket) => {
    const onResponse = (raw: unknown) => receiveLegacyResponse(raw, d.sink, unanswered.shift()?.id, d.env);
    socket.on('chat-response', onResponse);
    d.subs.add(() => socket.off('chat-response', onResponse));
  };
  const transmit = (socket: ChatSocket, message: ChatMessage): Promise<MessageAck> => {
    if (!socket.connected) return Promise.reject(new WidgetError('unavailable', 'Not connected'));
    // No acknowledgement callback: such a server never calls one, and the payload carries the text
    // also as `message`, which is what its handler reads.
    (socket as unknown as { emit(event: string, payload: unknown): void }).emit('chat-message', { ...message, message: message.text });
    unanswered.push(message);
    return Promise.resolve({ ok: true, id: message.id });
  };
  let listening = false;
  d.subs.add(d.connection.on('connect', (socket) => {
    if (!listening) listen(socket);
    listening = true;
    d.outbox.setTransport((message) => transmit(socket, message));
  }));
  d.subs.add(d.connection.on('disconnect', () => {
    d.outbox.setTransport(undefined);
    const lost = unanswered;
    unanswered = [];
    for (const message of lost) {
      d.outbox.failSent(message, new WidgetError('unavailable', 'The connection dropped before the answer came; press retry to ask again'));
    }
  }));
}
