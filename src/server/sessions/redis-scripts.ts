import { createHash } from 'node:crypto';

/**
 * The one method the Redis session store needs: node-redis's `sendCommand` (a client from
 * `createClient()` of `redis` or `@redis/client`, RESP2 or RESP3).
 */
export interface RedisCommandClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * A Lua script run by its SHA1, sent in full only when Redis does not know it yet (after a
 * restart or SCRIPT FLUSH). Redis runs each script atomically, which is what makes the session
 * operations safe between processes.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisCommandClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await client.sendCommand(['EVALSHA', this.sha, ...tail]);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return client.sendCommand(['EVAL', this.source, ...tail]);
    }
  }
}

// Every script gets the session's keys, always in this order, and the TTL in ms as ARGV[1]:
//   KEYS[1] hash    seq, idn (message id counter), ctx (context JSON)
//   KEYS[2] zset    remembered message ids, scored by idn so the oldest goes first
//   KEYS[3] hash    message id -> seq of its answer
//   KEYS[4] zset    response JSON, scored by seq
//   KEYS[5] list    conversation turns as JSON, oldest first (responders' chat history)
//   KEYS[6] hash    message id -> answer lease 'expiry ms|owner|message JSON' while it is answered
// Each one refreshes the TTL of all of them (PEXPIRE on a missing key creates nothing), so a
// session's keys live and expire together.
const TOUCH = `
local function touch()
  for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
end
`;

/**
 * ARGV[2] message id, ARGV[3] max ids: returns 0 at once when the id was seen; otherwise remembers
 * it and forgets the oldest past the bound (with their answer seqs and leases), and goes on.
 */
export const REMEMBER_ID = `
if redis.call('ZSCORE', KEYS[2], ARGV[2]) then
  touch()
  return 0
end
local n = redis.call('HINCRBY', KEYS[1], 'idn', 1)
redis.call('ZADD', KEYS[2], n, ARGV[2])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if excess > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, excess - 1)) do
    redis.call('HDEL', KEYS[3], id)
    redis.call('HDEL', KEYS[6], id)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
end
`;

/** ARGV: ttl, message id, max ids. Returns 1 when the id is new, 0 when it was already there. */
export const REMEMBER = new LuaScript(`${TOUCH}${REMEMBER_ID}touch()
return 1
`);

/** ARGV: ttl. Returns the next seq. */
export const NEXT_SEQ = new LuaScript(`${TOUCH}
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
touch()
return seq
`);

/** ARGV: ttl, seq, response JSON, replyTo ('' for none), max history. */
export const APPEND = new LuaScript(`${TOUCH}
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[3])
if ARGV[4] ~= '' and redis.call('ZSCORE', KEYS[2], ARGV[4]) then
  redis.call('HSET', KEYS[3], ARGV[4], ARGV[2])
end
local excess = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[5])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[4], 0, excess - 1) end
touch()
return 1
`);

/** ARGV: ttl, after seq, limit. Returns response JSONs, oldest first. */
export const RESPONSES_AFTER = new LuaScript(`${TOUCH}
local found = redis.call('ZRANGEBYSCORE', KEYS[4], '(' .. ARGV[2], '+inf', 'LIMIT', 0, ARGV[3])
touch()
return found
`);

/** ARGV: ttl, message id. Returns {0} unanswered, {1} answered but evicted, {2, JSON} answered. */
export const ANSWER_TO = new LuaScript(`${TOUCH}
local seq = redis.call('HGET', KEYS[3], ARGV[2])
touch()
if not seq then return {0} end
local found = redis.call('ZRANGEBYSCORE', KEYS[4], seq, seq, 'LIMIT', 0, 1)
if #found == 0 then return {1} end
return {2, found[1]}
`);

/** ARGV: ttl. Returns the context JSON, or nil. */
export const GET_CONTEXT = new LuaScript(`${TOUCH}
local context = redis.call('HGET', KEYS[1], 'ctx')
touch()
return context
`);

/** ARGV: ttl, context JSON. */
export const SET_CONTEXT = new LuaScript(`${TOUCH}
redis.call('HSET', KEYS[1], 'ctx', ARGV[2])
touch()
return 1
`);

/** ARGV: ttl, max turns, turn JSON... Appends the turns and keeps the last max turns. */
export const APPEND_TURNS = new LuaScript(`${TOUCH}
for i = 3, #ARGV do redis.call('RPUSH', KEYS[5], ARGV[i]) end
redis.call('LTRIM', KEYS[5], -tonumber(ARGV[2]), -1)
touch()
return 1
`);

/** ARGV: ttl, limit. Returns the last limit turn JSONs, oldest first. */
export const RECENT_TURNS = new LuaScript(`${TOUCH}
local found = redis.call('LRANGE', KEYS[5], -tonumber(ARGV[2]), -1)
touch()
return found
`);

/** ARGV: ttl, identity ('' to only read). Returns the session's owner, '' when it has none. */
export const CLAIM_SESSION = new LuaScript(`${TOUCH}
local owner = redis.call('HGET', KEYS[1], 'own')
if (not owner) and ARGV[2] ~= '' then
  redis.call('HSET', KEYS[1], 'own', ARGV[2])
  owner = ARGV[2]
end
if owner then touch() end
return owner or ''
`);

/**
 * KEYS[1] the address's zset of session ids scored by when it opened them. ARGV: window ms, max,
 * session id. Returns 0 when the address may use the session (opened by it within the window, or
 * counted now), else the milliseconds until its oldest opening leaves the window; the clock is
 * Redis's own (TIME), so every process counts the same span of time.
 */
export const OPEN_SESSION = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return 0 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`);
