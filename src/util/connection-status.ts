/** Connection states shown to shoppers and reported by the `status` event. */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'failed';

/**
 * Why the chat server cannot be used, as far as the widget can tell: `unreachable` when it has not
 * answered since the page loaded (not a lost connection), `origin_refused` when it refuses this
 * page's origin (a setting of the server, which retrying does not change).
 */
export type ConnectionProblem = 'unreachable' | 'origin_refused';
