import { parseAgentTyping, parseChatResponse, parseChunk, parseLegacyResponse, parseSyncAck, type ChatResponse, type ChatResponseChunk, type ServerToClientEvents } from '../protocol/index.js';
import type { ChatSocket } from '../connection/connection-manager.js';
import type { Conversation } from '../conversation/conversation.js';
import type { Disposables } from '../util/disposables.js';
import type { Environment } from '../util/environment.js';
import { WidgetError } from '../util/errors.js';

/** Where validated server events go. */
export interface InboundSink {
  sessionId: string;
  response(response: ChatResponse): void;
  chunk(chunk: ChatResponseChunk): void;
  typing(typing: boolean): void;
  error(error: WidgetError): void;
  /** A session-sync after `afterSeq` was answered with everything up to `seq`. */
  synced(seq: number): void;
  /** A hand-off event (`presence`, `handoff-state`, or the sync ack's `handoff`), unread: the hand-off chunk reads it. */
  handoff?(event: 'presence' | 'handoff-state', raw: unknown): void;
}

/**
 * The edge between the network and the widget: every server event is validated here, once, and
 * what does not pass is dropped with an `error`. Events for another session (a shared socket
 * server broadcasting too widely) are ignored.
 */
export function listenToServer(socket: ChatSocket, subs: Disposables, sink: InboundSink): void {
  const onResponse = (raw: unknown) => receiveResponse(raw, sink);
  const onChunk = (raw: unknown) => {
    const chunk = parseChunk(raw);
    if (!chunk.ok) return sink.error(malformed('chat-response-chunk', chunk.error.message));
    if (chunk.value.sessionId === sink.sessionId) sink.chunk(chunk.value);
  };
  const onTyping = (raw: unknown) => {
    const typing = parseAgentTyping(raw);
    if (!typing.ok) return sink.error(malformed('agent-typing', typing.error.message));
    if (typing.value.sessionId === sink.sessionId) sink.typing(typing.value.typing);
  };
  // The hand-off extension's events go on unread: the hand-off chunk reads them (and the core stays small).
  const listeners: [keyof ServerToClientEvents, (raw: unknown) => void][] = [
    ['chat-response', onResponse],
    ['chat-response-chunk', onChunk],
    ['agent-typing', onTyping],
    ['presence', (raw) => sink.handoff?.('presence', raw)],
    ['handoff-state', (raw) => sink.handoff?.('handoff-state', raw)],
  ];
  for (const [event, listener] of listeners) socket.on(event, listener);
  subs.add(() => {
    for (const [event, listener] of listeners) socket.off(event, listener);
  });
}

export function receiveResponse(raw: unknown, sink: InboundSink): void {
  const parsed = parseChatResponse(raw);
  if (!parsed.ok) return sink.error(malformed('chat-response', parsed.error.message));
  if (parsed.dropped.length > 0) sink.error(malformed('part of a chat-response', parsed.dropped.join('; ')));
  if (parsed.value.sessionId === sink.sessionId) sink.response(parsed.value);
}

/**
 * An answer in the integration guide's or the unified endpoint's shape, to `replyTo` (the message
 * it answers, when known). Its id is derived from that message, so the same answer is the same id.
 * Returns false when it was refused, so a caller keeps the question waiting for a valid answer.
 */
export function receiveLegacyResponse(raw: unknown, sink: InboundSink, replyTo: string | undefined, env: Environment, id = `${replyTo}:answer`): boolean {
  const local = { id: replyTo === undefined ? env.uuid() : id, sessionId: sink.sessionId, now: env.now() };
  const parsed = parseLegacyResponse(raw, replyTo === undefined ? local : { ...local, replyTo });
  if (!parsed.ok) {
    sink.error(malformed('chat-response', parsed.error.message));
    return false;
  }
  if (parsed.dropped.length > 0) sink.error(malformed('part of a chat-response', parsed.dropped.join('; ')));
  sink.response(parsed.value);
  return true;
}

/** A `session-sync` answer, from the socket or the HTTP fallback. */
export function receiveSync(raw: unknown, sink: InboundSink, afterSeq: number): void {
  const ack = parseSyncAck(raw);
  if (!ack.ok) return sink.error(malformed('session-sync answer', ack.error.message));
  if (!ack.value.ok) return sink.error(new WidgetError(ack.value.error.code, ack.value.error.message));
  for (const response of ack.value.responses) receiveResponse(response, sink);
  // Read apart (in the hand-off chunk): a server without the extension never sends it.
  const handoff = (raw as { handoff?: unknown }).handoff;
  if (handoff !== undefined) sink.handoff?.('handoff-state', handoff);
  // Oldest first and complete up to its last: a gap below that will not be filled by waiting.
  sink.synced(ack.value.responses.reduce((max, r) => Math.max(max, r.seq), afterSeq));
}

/**
 * Asks for every response after `afterSeq`; a sync lost with its connection is redone on the next.
 * Resolves once the answer is shown (or the ask failed).
 */
export function syncSession(socket: ChatSocket, afterSeq: number, timeoutMs: number, sink: InboundSink): Promise<void> {
  return socket.timeout(timeoutMs).emitWithAck('session-sync', { sessionId: sink.sessionId, afterSeq }).then(
    (raw: unknown) => receiveSync(raw, sink, afterSeq),
    () => {},
  );
}

export function malformed(what: string, detail: string): WidgetError {
  return new WidgetError('malformed', `Ignored a malformed ${what} from the server`, detail);
}

export interface ConversationSinkDeps {
  sessionId(): string;
  conversation: Conversation;
  env: Environment;
  subs: Disposables;
  /** False after destroy(): a late sync answer then sets no timer. */
  alive(): boolean;
  error(error: WidgetError): void;
  /** A response shown for the first time (after de-duplication). */
  shown(response: ChatResponse): void;
  /** Part (`final` false) or all of an answer to `replyTo` arrived. */
  heard?(replyTo: string, final: boolean): void;
  handoff?: InboundSink['handoff'];
}

/** Where validated server events go in the widget: into the conversation, de-duplicated. */
export function conversationSink(d: ConversationSinkDeps): InboundSink {
  const { conversation, env } = d;
  return {
    get sessionId() {
      return d.sessionId();
    },
    chunk: (chunk) => {
      if (conversation.applyChunk(chunk, env.now())) d.heard?.(chunk.replyTo, false);
    },
    typing: (typing) => conversation.setAgentTyping(typing),
    error: d.error,
    handoff: d.handoff,
    synced: (seq) => {
      conversation.resumeAfter(seq);
      if (!d.alive()) return;
      // Recovery replays missed chunks before `connect`, so by now a live stream is moving again;
      // one still paused has no server left to finish it. Give recovery a moment to deliver.
      const timer = env.timers.setTimeout(() => conversation.failStalledStreams('The answer was cut off. It may still arrive; if not, please ask again.'), 2000);
      d.subs.add(() => env.timers.clearTimeout(timer));
    },
    response: (response) => {
      if (!conversation.applyResponse(response)) return;
      if (response.replyTo !== undefined) d.heard?.(response.replyTo, true);
      conversation.setAgentTyping(false);
      d.shown(response);
    },
  };
}
