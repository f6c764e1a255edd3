import type { ChatMessage } from '../protocol/index.js';

/**
 * What one backend event means to the widget. Whatever a mapper returns is untrusted: it is read by
 * the same validators as a v1 or legacy answer before anything of it is shown, and its text and
 * blocks go through the same renderer. `replyTo` is the id of our message when the backend echoes
 * it (we send it as `id`); without it the event belongs to the oldest message not yet answered.
 */
export type MappedEvent =
  /** A piece of an answer being written; shown at once, in order (`index` counts from 0 per answer). */
  | { type: 'chunk'; delta: string; index?: number; replyTo?: string }
  /**
   * The whole answer, or its failure, as `protocol: 'legacy'` reads it: `timestamp` an ISO string or
   * epoch ms, `error` a string or `{ code?, message }`, `blocks` as in v1. It replaces what was
   * streamed; without `response` (and without `error`) the streamed text is kept as the answer.
   */
  | { type: 'response'; success: boolean; response?: string; blocks?: unknown[]; provider?: string; timestamp?: string | number; error?: string | { code?: string; message: string }; replyTo?: string }
  /** The assistant started or stopped preparing an answer. */
  | { type: 'typing'; typing: boolean };

/**
 * Maps the widget's events onto a Socket.IO backend's own names and payloads (option `events`). A
 * hook, not a framework: one outgoing event, and one function per incoming event.
 * @example
 * events: {
 *   send: 'chat:message',
 *   payload: (m) => ({ messageId: m.id, content: m.text }),
 *   on: {
 *     'chat:typing': (p) => ({ type: 'typing', typing: p.isTyping }),
 *     'chat:message:stream': (p) => ({ type: 'chunk', delta: p.chunk, replyTo: p.messageId }),
 *     'chat:message:complete': (p) => ({ type: 'response', success: true, response: p.content, replyTo: p.messageId }),
 *   },
 * }
 */
export interface EventMapping {
  /** Name of the event each shopper message is emitted as. @default 'chat-message' */
  send?: string;
  /** Turns our message into that event's payload. @default the v1 message with the text also as `message` */
  payload?: (message: ChatMessage) => unknown;
  /**
   * The backend calls Socket.IO's acknowledgement for each message. Then a message counts as
   * delivered when it does (whatever it passes) and is sent again after `ackTimeoutMs` without one;
   * otherwise it counts as delivered once emitted on a connected socket and is never resent by itself.
   * @default false
   */
  acks?: boolean;
  /**
   * For each backend event name, what its payload means: a `MappedEvent`, or null (or undefined) to
   * ignore it. A mapper that throws or returns something invalid costs an `error` event (code
   * `malformed`) and nothing else: the message it concerned stays waiting for its answer.
   * (`any`, so that a mapper may read its backend's fields directly: its result is what is checked.)
   */
  on: Record<string, (payload: any) => MappedEvent | null | undefined>;
}

const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

/** Misuse throws at construction, saying what to write instead. */
export function checkEventMapping(events: EventMapping, protocol: string | undefined): void {
  const bad = (what: string) => new TypeError(`AIDiscoveryWidget: events${what}; see "Bring your own backend" in the README`);
  if (events === null || typeof events !== 'object') throw bad(' must be an object such as { send: "chat:message", on: { ... } }');
  if (protocol !== undefined && protocol !== 'v1') throw bad(' replaces protocol: give only one of them');
  if (events.send !== undefined && (typeof events.send !== 'string' || events.send === '')) throw bad('.send must be an event name');
  if (events.payload !== undefined && typeof events.payload !== 'function') throw bad('.payload must be a function of the message');
  if (events.on === null || typeof events.on !== 'object') throw bad('.on must map event names to functions');
  for (const [name, mapper] of Object.entries(events.on)) {
    if (typeof mapper !== 'function') throw bad(`.on["${name}"] must be a function of the payload`);
    // Socket.IO's own events: the connection's, never the backend's answers.
    if (RESERVED.includes(name)) throw bad(`.on cannot map "${name}", which is Socket.IO's own event`);
  }
  if (RESERVED.includes(events.send ?? '')) throw bad(`.send cannot be "${events.send}", which is Socket.IO's own event`);
}
