/** Connection states shown to shoppers and reported by the `status` event. */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'failed';
