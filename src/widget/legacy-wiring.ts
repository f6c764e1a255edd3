import type { EventMapping, MappedEvent } from './event-mapping.js';

/**
 * `protocol: 'legacy'` is one vocabulary among those `events` can describe: a Socket.IO server built
 * as the integration guide shows, which reads `message` from `chat-message`, answers `chat-response`
 * as `{ success, response | error, timestamp }` without id or seq, and never acknowledges. The
 * answer is checked by the same reader whatever it holds; a non-object fails there, as `malformed`.
 */
export const LEGACY_EVENTS: EventMapping = {
  on: {
    // Its answers carry no id of ours: a `replyTo` it might send would mean something else to it.
    'chat-response': (payload: unknown) => ({ ...(payload !== null && typeof payload === 'object' ? payload : {}), type: 'response', replyTo: undefined }) as MappedEvent,
  },
};
