import type { OperatorIdentity, OperatorPresence, PresenceState } from '../../../protocol/handoff.js';
import type { PresenceRegistry } from '../contracts.js';
import { DEFAULT_OFFLINE_WINDOW_MS, bestState, checkConnectionState, type ConnectionState } from './presence-state.js';

export interface MemoryPresenceRegistryOptions {
  /** How long an operator whose last connection closed is still listed, as offline. @default 86400000 (24 hours) */
  offlineWindowMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

interface Operator {
  name: string;
  state: PresenceState;
  since: number;
  /** When they last had a connection. */
  seen: number;
  connections: Map<string, ConnectionState>;
}

/**
 * Presence for a single server process: its operators' connections in memory. With several
 * processes use `RedisPresenceRegistry`, so every process sees every operator.
 *
 * @example
 * const presence = new MemoryPresenceRegistry();
 * presence.onChange((p) => console.log(p.name, p.state));
 * await presence.set({ id: 'op:alice', name: 'Alice' }, socket.id, 'online');
 */
export class MemoryPresenceRegistry implements PresenceRegistry {
  private readonly operators = new Map<string, Operator>();
  private readonly listeners = new Set<(presence: OperatorPresence) => void>();
  private readonly offlineWindowMs: number;
  private readonly now: () => number;

  constructor(options: MemoryPresenceRegistryOptions = {}) {
    this.offlineWindowMs = options.offlineWindowMs ?? DEFAULT_OFFLINE_WINDOW_MS;
    if (!(this.offlineWindowMs >= 0)) throw new RangeError(`MemoryPresenceRegistry: offlineWindowMs must be 0 or more, got ${this.offlineWindowMs}`);
    this.now = options.now ?? Date.now;
  }

  async set(operator: OperatorIdentity, connectionId: string, state: ConnectionState): Promise<void> {
    checkConnectionState(state, 'MemoryPresenceRegistry.set');
    const now = this.now();
    const entry = this.operators.get(operator.id) ?? { name: operator.name, state: 'offline', since: now, seen: now, connections: new Map() };
    const renamed = entry.name !== operator.name;
    entry.name = operator.name;
    entry.connections.set(connectionId, state);
    this.operators.set(operator.id, entry);
    this.settle(operator.id, entry, now, renamed);
  }

  async remove(operatorId: string, connectionId: string): Promise<void> {
    const entry = this.operators.get(operatorId);
    if (entry === undefined || !entry.connections.delete(connectionId)) return;
    this.settle(operatorId, entry, this.now(), false);
  }

  async list(): Promise<OperatorPresence[]> {
    const now = this.now();
    const listed: OperatorPresence[] = [];
    for (const [operatorId, entry] of this.operators) {
      if (entry.state === 'offline' && now - entry.seen > this.offlineWindowMs) this.operators.delete(operatorId);
      else listed.push(presenceOf(operatorId, entry));
    }
    return listed;
  }

  onChange(listener: (presence: OperatorPresence) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.operators.clear();
    this.listeners.clear();
  }

  private settle(operatorId: string, entry: Operator, now: number, renamed: boolean): void {
    const state = bestState(entry.connections.values());
    entry.seen = now;
    if (state === entry.state && !renamed) return;
    if (state !== entry.state) entry.since = now;
    entry.state = state;
    const presence = presenceOf(operatorId, entry);
    for (const listener of [...this.listeners]) listener(presence);
  }
}

function presenceOf(operatorId: string, entry: Operator): OperatorPresence {
  return { operatorId, name: entry.name, state: entry.state, since: entry.since };
}
