import type { OperatorSubscription, PushSubscriptionRecord } from './subscription.js';

/**
 * Where operators' Web Push subscriptions live: several devices per operator, each endpoint
 * belonging to one operator only (the last one who subscribed from that browser), so a shared
 * desk computer never shows one operator's notifications to another.
 */
export interface PushSubscriptionStore {
  /**
   * Keeps `subscription` for `operatorId`, replacing the one with the same endpoint (whoever held
   * it); past the per-operator bound the operator's oldest device is dropped.
   */
  add(operatorId: string, subscription: PushSubscriptionRecord): Promise<void>;
  /**
   * Forgets an endpoint. With `operatorId`, only when it is that operator's (an operator can remove
   * their own devices only). Resolves whether something was removed.
   */
  remove(endpoint: string, operatorId?: string): Promise<boolean>;
  /** The subscriptions of the operators named, or of every operator. */
  list(operatorIds: readonly string[] | 'all'): Promise<OperatorSubscription[]>;
}

export interface SubscriptionStoreOptions {
  /**
   * Devices kept per operator; a new one past this drops the operator's oldest, so a forgotten
   * browser cannot keep a slot forever and a misbehaving client cannot grow the store.
   * @default 10
   */
  maxPerOperator?: number;
}

export const DEFAULT_MAX_PER_OPERATOR = 10;

/** Checks the bound once, at construction: misuse throws with what to pass instead. */
export function maxPerOperator(options: SubscriptionStoreOptions, owner: string): number {
  const max = options.maxPerOperator ?? DEFAULT_MAX_PER_OPERATOR;
  if (!Number.isInteger(max) || max < 1) throw new TypeError(`${owner}: maxPerOperator must be a whole number of devices, 1 or more (got ${String(max)})`);
  return max;
}
