import { parseAgentTyping, parseChunk, readers, type ChatMessage, type MessageAck } from '../protocol/index.js';
import type { ChatSocket, ConnectionManager } from '../connection/connection-manager.js';
import type { Outbox } from '../delivery/outbox.js';
import type { Disposables } from '../util/disposables.js';
import type { Environment } from '../util/environment.js';
import { WidgetError } from '../util/errors.js';
import type { EventMapping } from './event-mapping.js';
import { malformed, receiveLegacyResponse, type InboundSink } from './inbound.js';

export { LEGACY_EVENTS } from './legacy-wiring.js';

export interface MappedDeps {
  env: Environment;
  connection: ConnectionManager;
  outbox: Outbox;
  sink: InboundSink;
  subs: Disposables;
  ackTimeoutMs: number;
}

/** What a guide-style handler reads: our message, with the text also as `message`. */
export const withMessageField = (message: ChatMessage): unknown => ({ ...message, message: message.text });

/** The socket as a backend with its own event names sees it. */
interface BackendSocket {
  readonly connected: boolean;
  emit(event: string, payload: unknown): void;
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
  on(event: string, listener: (payload: unknown) => void): void;
  off(event: string, listener: (payload: unknown) => void): void;
}

const RESPONSE_FIELDS = ['success', 'response', 'blocks', 'provider', 'timestamp', 'error', 'message', 'requiresAuth', 'authUrl'] as const;

/**
 * A Socket.IO backend with its own vocabulary (option `events`, and `protocol: 'legacy'`, which is
 * one such vocabulary). It has no seq and no resume, so: a message counts as delivered once emitted
 * on a connected socket (or acknowledged, when the mapping says the backend acks); an answer
 * belongs to the message whose id it carries, else to the oldest one not yet answered (such
 * handlers answer in order); what the connection loses unanswered is failed, not resent, since the
 * backend may have answered it to the socket that died, and the shopper can press retry.
 */
export function wireMapped(d: MappedDeps, mapping: EventMapping): void {
  // Lives with this mount only: per-widget state, not module state.
  let unanswered: ChatMessage[] = [];
  // Retries after a lost connection, per message id: each gets a fresh answer id, so the half answer
  // streamed before is replaced rather than merged with the new one. A resend for a lost ack keeps
  // the id: if the backend answers both copies, the second is the same answer, shown once.
  const retries = new Map<string, number>();
  // Emitted, ack not yet in (`acks: true`): a lost connection puts these back in the outbox's queue.
  const unacked = new Set<string>();
  // Pieces streamed per answer id: the next index when the backend numbers none, and the answer
  // when its completion carries no text.
  const streamed = new Map<string, string[]>();
  const answerId = (id: string) => {
    const n = retries.get(id) ?? 0;
    return n > 0 ? `${id}:answer:${n + 1}` : `${id}:answer`;
  };
  // A late piece or a repeat of an answer already complete finds no message, and is dropped.
  const waiting = (replyTo: unknown) => (replyTo === undefined ? unanswered[0] : unanswered.find((m) => m.id === replyTo));

  const receive = (name: string, raw: unknown) => {
    const bad = (detail: string) => d.sink.error(malformed(`${name} (mapped by events.on)`, detail));
    let out: unknown;
    try {
      out = mapping.on[name]!(raw);
    } catch (error) {
      return bad(`the mapper threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (out === null || out === undefined) return;
    let r: Record<(typeof RESPONSE_FIELDS)[number] | 'type' | 'replyTo' | 'delta' | 'index' | 'typing', unknown>;
    try {
      r = readers.fields(out, name, [...RESPONSE_FIELDS, 'type', 'replyTo', 'delta', 'index', 'typing']);
    } catch (error) {
      return bad((error as Error).message);
    }
    if (r.type === 'typing') {
      const typing = parseAgentTyping({ sessionId: d.sink.sessionId, typing: r.typing });
      return typing.ok ? d.sink.typing(typing.value.typing) : bad(typing.error.message);
    }
    if (r.type !== 'chunk' && r.type !== 'response') return bad('type: expected "chunk", "response" or "typing"');
    const message = waiting(r.replyTo);
    if (!message) return;
    const id = answerId(message.id);
    const parts = streamed.get(id) ?? [];
    if (r.type === 'chunk') {
      const chunk = parseChunk({ id, replyTo: message.id, sessionId: d.sink.sessionId, index: r.index ?? parts.length, delta: r.delta });
      if (!chunk.ok) return bad(chunk.error.message);
      parts[chunk.value.index] = chunk.value.delta;
      streamed.set(id, parts);
      return d.sink.chunk(chunk.value);
    }
    const answer: Record<string, unknown> = {};
    for (const key of RESPONSE_FIELDS) answer[key] = r[key];
    if (answer.response === undefined && answer.error === undefined && parts.length > 0) answer.response = parts.join('');
    // Refused: the message keeps waiting, so the next valid answer is still its own.
    if (!receiveLegacyResponse(answer, d.sink, message.id, d.env, id)) return;
    unanswered = unanswered.filter((m) => m !== message);
    streamed.delete(id);
  };

  const transmit = async (typed: ChatSocket, message: ChatMessage, timeoutMs: number): Promise<MessageAck> => {
    // The backend's own event names are not in our typed event map.
    const socket = typed as unknown as BackendSocket;
    if (!socket.connected) throw new WidgetError('unavailable', 'Not connected');
    let payload: unknown;
    try {
      payload = (mapping.payload ?? withMessageField)(message);
    } catch (error) {
      // The page's own mapper failed on this message: sending it again would fail the same way.
      return { ok: false, id: message.id, error: { code: 'invalid', message: `events.payload threw: ${error instanceof Error ? error.message : String(error)}` } };
    }
    const event = mapping.send ?? 'chat-message';
    // Waiting for its answer from the moment it is emitted: a backend may answer before its ack
    // is read (both can arrive in one read from the network).
    if (!unanswered.some((m) => m.id === message.id)) unanswered.push(message);
    if (!mapping.acks) {
      // No acknowledgement callback: such a backend never calls one.
      socket.emit(event, payload);
      return { ok: true, id: message.id };
    }
    unacked.add(message.id);
    try {
      await socket.timeout(timeoutMs).emitWithAck(event, payload);
    } catch (error) {
      // The outbox sends it again. An answer to this copy already shown has the id the next copy's
      // answer will have, so that one is shown once; one still to come is dropped until it is resent.
      unanswered = unanswered.filter((m) => m.id !== message.id);
      throw error;
    } finally {
      unacked.delete(message.id);
    }
    if (!socket.connected) throw new WidgetError('unavailable', 'Not connected');
    return { ok: true, id: message.id };
  };

  let listening = false;
  d.subs.add(d.connection.on('connect', (typed) => {
    const socket = typed as unknown as BackendSocket;
    // The connection keeps one socket across reconnects: its listeners stay.
    if (!listening) {
      for (const name of Object.keys(mapping.on)) {
        const listener = (raw: unknown) => receive(name, raw);
        socket.on(name, listener);
        d.subs.add(() => socket.off(name, listener));
      }
    }
    listening = true;
    d.outbox.setTransport((message, timeoutMs) => transmit(typed, message, timeoutMs));
  }));
  d.subs.add(d.connection.on('disconnect', () => {
    d.outbox.setTransport(undefined);
    const lost = unanswered.filter((m) => !unacked.has(m.id));
    unanswered = [];
    streamed.clear();
    for (const message of lost) {
      retries.set(message.id, (retries.get(message.id) ?? 0) + 1);
      d.outbox.failSent(message, new WidgetError('unavailable', 'The connection dropped before the answer came; press retry to ask again'));
    }
  }));
}
