import type { ChatLogger } from '../operations/logger.js';
import type { RedisCommandClient } from './redis-scripts.js';

/** How a Redis keeps its data across a restart, as far as `CONFIG GET` tells. */
export type RedisPersistence = 'append-only' | 'snapshots' | 'none' | 'unknown';

/**
 * `ready` rejects with this when the server's Redis keeps nothing across a restart: acknowledged
 * messages waiting for an answer (and every session) would vanish with the next Redis restart.
 */
export class RedisPersistenceError extends Error {
  readonly code = 'redis_not_persistent';

  constructor(message: string) {
    super(message);
    this.name = 'RedisPersistenceError';
  }
}

/**
 * Asks Redis how it persists. An append-only file keeps every acknowledged message through a
 * crash; snapshots alone keep them through a restart but lose what came after the last snapshot
 * on a crash; neither loses everything. Providers that disable `CONFIG` (many managed services,
 * which persist or replicate on their own) leave the answer unknown.
 */
export async function redisPersistence(client: RedisCommandClient): Promise<{ persistence: RedisPersistence; detail?: string }> {
  try {
    const appendOnly = await configValue(client, 'appendonly');
    if (appendOnly === 'yes') return { persistence: 'append-only' };
    const save = await configValue(client, 'save');
    return save !== undefined && save.trim() !== '' ? { persistence: 'snapshots', detail: save } : { persistence: 'none' };
  } catch (error) {
    return { persistence: 'unknown', detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The start-up check: refuses a Redis without any persistence (unless `required` is false) and
 * says in the log what a weaker or unknown setup risks, so the operator can decide.
 */
export async function checkRedisPersistence(client: RedisCommandClient, required: boolean, log: ChatLogger): Promise<void> {
  if (!required) return;
  const { persistence, detail } = await redisPersistence(client);
  const optOut = 'set redis.requirePersistence: false (REDIS_REQUIRE_PERSISTENCE=off) to run without this check';
  if (persistence === 'none') {
    throw new RedisPersistenceError(
      'Redis has no persistence (appendonly no, no save points): a Redis restart would lose acknowledged messages and every session. '
      + `Turn on its append-only file (appendonly yes in redis.conf, or CONFIG SET appendonly yes), or ${optOut}`,
    );
  }
  if (persistence === 'snapshots') {
    log({
      level: 'warn', event: 'redis_persistence', persistence, save: detail,
      message: 'Redis keeps snapshots only: a Redis crash loses messages acknowledged since the last snapshot. Turn on appendonly yes to keep them',
    });
  } else if (persistence === 'unknown') {
    // Refusing would lock out every provider that hides CONFIG, most of which persist or replicate.
    log({
      level: 'warn', event: 'redis_persistence', persistence, reason: detail,
      message: `Could not read Redis's persistence settings (CONFIG GET is not allowed here): make sure your provider keeps an append-only file or replicas, or ${optOut}`,
    });
  }
}

/** One value of `CONFIG GET name`, whether the reply is RESP2 (a flat array) or RESP3 (a map). */
async function configValue(client: RedisCommandClient, name: string): Promise<string | undefined> {
  const reply = await client.sendCommand(['CONFIG', 'GET', name]);
  let value: unknown;
  if (Array.isArray(reply)) value = reply[1];
  else if (reply instanceof Map) value = reply.get(name);
  else if (typeof reply === 'object' && reply !== null) value = (reply as Record<string, unknown>)[name];
  return value === undefined || value === null ? undefined : String(value);
}
