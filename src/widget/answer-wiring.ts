import type { ChatMessage } from '../protocol/index.js';
import type { ConnectionManager } from '../connection/connection-manager.js';
import type { Conversation } from '../conversation/conversation.js';
import { AnswerWatch, type AnswerCheckOptions } from '../delivery/answer-watch.js';
import type { Disposables } from '../util/disposables.js';
import type { Timers } from '../util/environment.js';
import { WidgetError } from '../util/errors.js';
import { syncSession, type InboundSink } from './inbound.js';

export interface AnswerWiringDeps {
  options: AnswerCheckOptions | false | undefined;
  timers: Timers;
  connection: ConnectionManager;
  conversation: Conversation;
  sink: InboundSink;
  ackTimeoutMs: number;
  subs: Disposables;
  onError(error: WidgetError): void;
}

/** What the widget tells the watch; all no-ops when `answerCheck` is false. */
export interface AnswerWiring {
  /** A message of this tab was acknowledged. */
  acked(message: ChatMessage): void;
  /** Its ack said `awaiting: 'operator'` (called before `acked`): a person answers, if anyone, so nothing is checked. */
  awaiting(id: string): void;
  /** A chunk (`final` false) or the final response to `replyTo` arrived. */
  heard(replyTo: string, final: boolean): void;
  connected(): void;
  disconnected(): void;
}

/**
 * Asks for answers that should have come by now: `session-sync` first (it brings an answer stored
 * but never delivered, and lets the server take over a lease left by a process that died); when
 * that brings nothing for the message, the message again with its id. A server that still knows
 * the id answers `duplicate` and nothing more, so that costs nothing; one that lost it (a store
 * without persistence, restarted) answers it, once.
 */
export function wireAnswerWatch(d: AnswerWiringDeps): AnswerWiring {
  const { conversation, connection } = d;
  if (d.options === false) return { acked: () => {}, awaiting: () => {}, heard: () => {}, connected: () => {}, disconnected: () => {} };
  const forOperators = new Set<string>();
  const answered = (id: string) => conversation.current.entries.some((e) => e.kind === 'assistant' && e.replyTo === id && !e.streaming && e.seq !== undefined);
  const watch: AnswerWatch = new AnswerWatch({
    ...d.options,
    timers: d.timers,
    check: (message) => {
      const socket = connection.socket;
      if (!socket?.connected) return;
      void syncSession(socket, conversation.current.lastSeq, d.ackTimeoutMs, d.sink).then(() => {
        if (answered(message.id)) return watch.answered(message.id);
        if (!socket.connected) return;
        socket.timeout(d.ackTimeoutMs).emitWithAck('chat-message', message).catch(() => {
          // Lost with the connection or unanswered: the next check sends it again.
        });
      });
    },
    gaveUp: (message) => d.onError(new WidgetError('timeout', 'No answer came for a message the server acknowledged; the shopper may need to ask again', { id: message.id })),
  });
  d.subs.add(() => watch.close());
  return {
    acked: (message) => {
      if (!forOperators.delete(message.id) && !answered(message.id)) watch.expect(message);
    },
    awaiting: (id) => forOperators.add(id),
    heard: (replyTo, final) => (final ? watch.answered(replyTo) : watch.progress(replyTo)),
    connected: () => watch.resume(),
    disconnected: () => watch.pause(),
  };
}
