import { LuaScript, type RedisCommandClient } from '../../sessions/redis-scripts.js';
import { parsePushSubscription, type OperatorSubscription, type PushSubscriptionRecord } from './subscription.js';
import { maxPerOperator, type PushSubscriptionStore, type SubscriptionStoreOptions } from './subscription-store.js';

export interface RedisPushSubscriptionsOptions extends SubscriptionStoreOptions {
  /** A connected client (`createClient` of `@redis/client`), usually the one the chat server uses. */
  client: RedisCommandClient;
  /**
   * Prepended to every key, as the session store's `keyPrefix`, so several stores can share a Redis.
   * @default 'aidw:'
   */
  keyPrefix?: string;
}

// Keys, all in one hash slot ({push}) so each script may touch any of them, in Redis Cluster too:
//   <p>{push}:own    hash  endpoint -> operator id (each endpoint belongs to one operator)
//   <p>{push}:ops    set   operators with at least one device
//   <p>{push}:n      counter ordering devices, so "oldest" does not hang on clocks
//   <p>{push}:z:<op> zset  endpoint scored by the counter when added
//   <p>{push}:h:<op> hash  endpoint -> subscription JSON
// They never expire: a subscription lasts until the push service says it is gone (404/410), the
// operator removes it, or a newer device pushes it out.
const FORGET = `
local function forget(prefix, owner, endpoint)
  redis.call('ZREM', prefix .. 'z:' .. owner, endpoint)
  redis.call('HDEL', prefix .. 'h:' .. owner, endpoint)
  redis.call('HDEL', KEYS[1], endpoint)
  if redis.call('ZCARD', prefix .. 'z:' .. owner) == 0 then redis.call('SREM', KEYS[2], owner) end
end
`;

// KEYS own, ops, n; ARGV prefix, operator, endpoint, json, max
const ADD = new LuaScript(`${FORGET}
local prefix, op, endpoint = ARGV[1], ARGV[2], ARGV[3]
local old = redis.call('HGET', KEYS[1], endpoint)
if old then forget(prefix, old, endpoint) end
local n = redis.call('INCR', KEYS[3])
redis.call('ZADD', prefix .. 'z:' .. op, n, endpoint)
redis.call('HSET', prefix .. 'h:' .. op, endpoint, ARGV[4])
redis.call('HSET', KEYS[1], endpoint, op)
redis.call('SADD', KEYS[2], op)
local extra = redis.call('ZCARD', prefix .. 'z:' .. op) - tonumber(ARGV[5])
if extra > 0 then
  for _, oldest in ipairs(redis.call('ZRANGE', prefix .. 'z:' .. op, 0, extra - 1)) do forget(prefix, op, oldest) end
end
return 1
`);

// KEYS own, ops; ARGV prefix, endpoint, operator ('' for any)
const REMOVE = new LuaScript(`${FORGET}
local owner = redis.call('HGET', KEYS[1], ARGV[2])
if not owner or (ARGV[3] ~= '' and ARGV[3] ~= owner) then return 0 end
forget(ARGV[1], owner, ARGV[2])
return 1
`);

/**
 * Operators' push subscriptions in Redis: kept across restarts and shared by every chat server
 * process on the same Redis and prefix, so whichever process hands a conversation off tells every
 * operator's devices. Adding and removing are atomic scripts.
 *
 * @example
 * const subscriptions = new RedisPushSubscriptions({ client: redisClient, keyPrefix: 'shop1:' });
 */
export class RedisPushSubscriptions implements PushSubscriptionStore {
  private readonly client: RedisCommandClient;
  private readonly prefix: string;
  private readonly max: number;

  constructor(options: RedisPushSubscriptionsOptions) {
    if (typeof options?.client?.sendCommand !== 'function') throw new TypeError('RedisPushSubscriptions: pass { client }, a connected @redis/client client');
    const keyPrefix = options.keyPrefix ?? 'aidw:';
    if (typeof keyPrefix !== 'string') throw new TypeError('RedisPushSubscriptions: keyPrefix must be a string');
    this.client = options.client;
    this.prefix = `${keyPrefix}{push}:`;
    this.max = maxPerOperator(options, 'RedisPushSubscriptions');
  }

  async add(operatorId: string, subscription: PushSubscriptionRecord): Promise<void> {
    await ADD.run(this.client, this.fixedKeys(true), [this.prefix, operatorId, subscription.endpoint, JSON.stringify(subscription), this.max]);
  }

  async remove(endpoint: string, operatorId?: string): Promise<boolean> {
    return Number(await REMOVE.run(this.client, this.fixedKeys(false), [this.prefix, endpoint, operatorId ?? ''])) === 1;
  }

  async list(operatorIds: readonly string[] | 'all'): Promise<OperatorSubscription[]> {
    const ids = operatorIds === 'all' ? ((await this.client.sendCommand(['SMEMBERS', `${this.prefix}ops`])) as string[]) : [...new Set(operatorIds)];
    const lists = await Promise.all(ids.map(async (operatorId) => {
      const values = (await this.client.sendCommand(['HVALS', `${this.prefix}h:${operatorId}`])) as string[];
      return values.flatMap((json) => {
        // Written by add() from a validated record; checked again because Redis is shared state
        // that another version or a hand may have written.
        const parsed = parsePushSubscription(safeJson(json), { allowPrivateHosts: true });
        return parsed.ok ? [{ operatorId, subscription: parsed.value }] : [];
      });
    }));
    return lists.flat();
  }

  private fixedKeys(withCounter: boolean): string[] {
    const keys = [`${this.prefix}own`, `${this.prefix}ops`];
    return withCounter ? [...keys, `${this.prefix}n`] : keys;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
