import type { PresenceState } from '../../../protocol/handoff.js';

/** A connection's own state: an operator with no connection is offline. */
export type ConnectionState = Exclude<PresenceState, 'offline'>;

const RANK: Readonly<Record<PresenceState, number>> = { offline: 0, away: 1, online: 2 };

/** An operator's state across their tabs and devices: the best of them (online > away > offline). */
export function bestState(states: Iterable<PresenceState>): PresenceState {
  let best: PresenceState = 'offline';
  for (const state of states) if (RANK[state] > RANK[best]) best = state;
  return best;
}

/** Misuse of `set` throws at once rather than store a state nobody can read. */
export function checkConnectionState(state: unknown, where: string): asserts state is ConnectionState {
  if (state !== 'online' && state !== 'away') throw new TypeError(`${where}: state must be 'online' or 'away', got ${JSON.stringify(state)}; remove() the connection for offline`);
}

/** How long an offline operator stays in `list()` after their last connection went. @default 86400000 (24 hours) */
export const DEFAULT_OFFLINE_WINDOW_MS = 86_400_000;
