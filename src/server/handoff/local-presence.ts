import type { OperatorIdentity, OperatorPresence, PresenceState } from '../../protocol/handoff.js';
import type { PresenceRegistry } from './contracts.js';

type Live = Exclude<PresenceState, 'offline'>;

/**
 * The presence the desk uses when given no registry: the operator connections of this process
 * only. Enough for one process; several processes need a shared registry (Redis), or each would
 * tell its shoppers only about its own operators.
 */
export class LocalPresence implements PresenceRegistry {
  private readonly operators = new Map<string, { name: string; connections: Map<string, Live>; presence: OperatorPresence }>();
  private readonly listeners = new Set<(presence: OperatorPresence) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  async set(operator: OperatorIdentity, connectionId: string, state: Live): Promise<void> {
    const held = this.operators.get(operator.id) ?? { name: operator.name, connections: new Map(), presence: { operatorId: operator.id, name: operator.name, state: 'offline', since: this.now() } };
    this.operators.set(operator.id, held);
    held.connections.set(connectionId, state);
    this.settle(operator.id);
  }

  async remove(operatorId: string, connectionId: string): Promise<void> {
    if (this.operators.get(operatorId)?.connections.delete(connectionId)) this.settle(operatorId);
  }

  async list(): Promise<OperatorPresence[]> {
    return [...this.operators.values()].map(({ presence }) => ({ ...presence }));
  }

  onChange(listener: (presence: OperatorPresence) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.operators.clear();
  }

  /** Recomputes one operator's best state and tells listeners when it changed. */
  private settle(operatorId: string): void {
    const held = this.operators.get(operatorId)!;
    const states = [...held.connections.values()];
    const state: PresenceState = states.includes('online') ? 'online' : states.length > 0 ? 'away' : 'offline';
    if (state === held.presence.state) return;
    held.presence = { operatorId, name: held.name, state, since: this.now() };
    for (const listener of [...this.listeners]) listener({ ...held.presence });
  }
}
