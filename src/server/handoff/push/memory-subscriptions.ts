import type { OperatorSubscription, PushSubscriptionRecord } from './subscription.js';
import { maxPerOperator, type PushSubscriptionStore, type SubscriptionStoreOptions } from './subscription-store.js';

/**
 * Operators' push subscriptions in this process's memory: for one server process, or tests. They
 * are lost on restart (each inbox subscribes again when it next opens); use
 * `RedisPushSubscriptions` to keep them and share them between processes.
 *
 * @example
 * const subscriptions = new MemoryPushSubscriptions({ maxPerOperator: 5 });
 */
export class MemoryPushSubscriptions implements PushSubscriptionStore {
  private readonly max: number;
  /** Operator id to their devices by endpoint, in the order added (a Map keeps insertion order). */
  private readonly byOperator = new Map<string, Map<string, PushSubscriptionRecord>>();
  private readonly ownerOf = new Map<string, string>();

  constructor(options: SubscriptionStoreOptions = {}) {
    this.max = maxPerOperator(options, 'MemoryPushSubscriptions');
  }

  async add(operatorId: string, subscription: PushSubscriptionRecord): Promise<void> {
    await this.remove(subscription.endpoint);
    const devices = this.byOperator.get(operatorId) ?? new Map<string, PushSubscriptionRecord>();
    this.byOperator.set(operatorId, devices);
    devices.set(subscription.endpoint, subscription);
    this.ownerOf.set(subscription.endpoint, operatorId);
    for (const oldest of devices.keys()) {
      if (devices.size <= this.max) break;
      await this.remove(oldest);
    }
  }

  async remove(endpoint: string, operatorId?: string): Promise<boolean> {
    const owner = this.ownerOf.get(endpoint);
    if (owner === undefined || (operatorId !== undefined && operatorId !== owner)) return false;
    this.ownerOf.delete(endpoint);
    const devices = this.byOperator.get(owner);
    devices?.delete(endpoint);
    if (devices?.size === 0) this.byOperator.delete(owner);
    return true;
  }

  async list(operatorIds: readonly string[] | 'all'): Promise<OperatorSubscription[]> {
    const ids = operatorIds === 'all' ? [...this.byOperator.keys()] : [...new Set(operatorIds)];
    return ids.flatMap((operatorId) => [...(this.byOperator.get(operatorId)?.values() ?? [])].map((subscription) => ({ operatorId, subscription })));
  }
}
