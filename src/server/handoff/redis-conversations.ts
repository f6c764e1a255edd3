import type { TranscriptEntry } from '../../protocol/handoff.js';
import { LuaScript, type RedisCommandClient } from '../sessions/redis-scripts.js';
import type { AppendResult, ConversationRecord, ConversationStore } from './conversation-store.js';

export interface RedisConversationStoreOptions {
  /** A node-redis client; connecting and closing it stay with you. */
  client: RedisCommandClient;
  /** Prefix of every key; processes that share conversations share it. @default 'aidw:' */
  keyPrefix?: string;
  /** A conversation untouched this long is deleted by Redis. @default 604800000 (7 days) */
  ttlMs?: number;
  /** Transcript entries kept per conversation (and idempotency keys with them). @default 500 */
  maxEntries?: number;
}

// KEYS[1] the record (JSON string). ARGV: ttl, expected version, record JSON. Compare-and-set.
const WRITE = new LuaScript(`
local current = redis.call('GET', KEYS[1])
local version = 0
if current then version = cjson.decode(current).version end
if version ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[1])
return 1
`);

// KEYS: transcript list, key -> entry hash, keys in order, the record. ARGV: ttl, key, entry JSON,
// max entries. Returns the entry already stored under the key, or nil after appending.
const APPEND = new LuaScript(`
local found = redis.call('HGET', KEYS[2], ARGV[2])
if found then return found end
local max = tonumber(ARGV[4])
redis.call('RPUSH', KEYS[1], ARGV[3])
redis.call('LTRIM', KEYS[1], -max, -1)
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('RPUSH', KEYS[3], ARGV[2])
while redis.call('LLEN', KEYS[3]) > max do redis.call('HDEL', KEYS[2], redis.call('LPOP', KEYS[3])) end
for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
return false
`);

/**
 * Conversations in Redis, shared by every process on the same Redis and prefix, and kept across
 * restarts. A conversation's keys share a hash tag (one Redis Cluster slot); the list of
 * conversations is one sorted set by last activity, written beside the record rather than in its
 * script, since it lives in another slot.
 */
export class RedisConversationStore implements ConversationStore {
  private readonly client: RedisCommandClient;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(options: RedisConversationStoreOptions) {
    if (typeof options?.client?.sendCommand !== 'function') throw new TypeError('RedisConversationStore: pass `client`, a node-redis client from createClient()');
    this.client = options.client;
    this.prefix = `${options.keyPrefix ?? 'aidw:'}ho:`;
    this.ttlMs = positive(options.ttlMs ?? 604_800_000, 'ttlMs');
    this.maxEntries = positive(options.maxEntries ?? 500, 'maxEntries');
  }

  async read(sessionId: string): Promise<ConversationRecord | undefined> {
    const json = await this.client.sendCommand(['GET', this.key(sessionId, 'c')]);
    return typeof json === 'string' ? (JSON.parse(json) as ConversationRecord) : undefined;
  }

  async write(next: ConversationRecord): Promise<boolean> {
    const done = Number(await WRITE.run(this.client, [this.key(next.sessionId, 'c')], [this.ttlMs, next.version - 1, JSON.stringify(next)])) === 1;
    if (done) {
      const index = `${this.prefix}index`;
      await this.client.sendCommand(['ZADD', index, String(next.lastAt), next.sessionId]);
      // Conversations whose keys expired leave the index too.
      await this.client.sendCommand(['ZREMRANGEBYSCORE', index, '-inf', `(${next.lastAt - this.ttlMs}`]);
    }
    return done;
  }

  async appendEntry(sessionId: string, key: string, entry: TranscriptEntry): Promise<AppendResult> {
    const keys = ['t', 'k', 'kl', 'c'].map((part) => this.key(sessionId, part));
    const found = await APPEND.run(this.client, keys, [this.ttlMs, key, JSON.stringify(entry), this.maxEntries]);
    return typeof found === 'string' ? { fresh: false, existing: JSON.parse(found) as TranscriptEntry } : { fresh: true };
  }

  async entries(sessionId: string, limit: number): Promise<TranscriptEntry[]> {
    if (limit <= 0) return [];
    const found = await this.client.sendCommand(['LRANGE', this.key(sessionId, 't'), String(-Math.floor(limit)), '-1']);
    return (found as string[]).map((json) => JSON.parse(json) as TranscriptEntry);
  }

  async list(limit: number): Promise<ConversationRecord[]> {
    if (limit <= 0) return [];
    const ids = (await this.client.sendCommand(['ZREVRANGE', `${this.prefix}index`, '0', String(Math.floor(limit) - 1)])) as string[];
    // One GET each: the records live in different cluster slots.
    const records = await Promise.all(ids.map((id) => this.read(id)));
    return records.filter((record): record is ConversationRecord => record !== undefined);
  }

  private key(sessionId: string, part: string): string {
    return `${this.prefix}{${sessionId}}:${part}`;
  }
}

function positive(value: number, name: string): number {
  if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`RedisConversationStore: ${name} must be a positive integer, got ${value}`);
  return value;
}
