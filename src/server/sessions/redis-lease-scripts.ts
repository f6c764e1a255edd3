import { LuaScript, REMEMBER_ID } from './redis-scripts.js';

// Answer leases in Redis, in the session's keys (see redis-scripts.ts): KEYS[6] maps a message id
// to 'expiry|owner|message JSON'. Expiry is Redis's own clock (TIME), so processes on machines
// whose clocks disagree still agree on when a lease ran out. Owners are UUIDs (no '|').
const LEASES = `
local function touch()
  for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function lease(value)
  local expiry, owner, message = string.match(value, '^(%d+)|([^|]*)|(.*)$')
  return tonumber(expiry), owner, message
end
local function lease_value(expiry, owner, message)
  return string.format('%d', expiry) .. '|' .. owner .. '|' .. message
end
`;

/**
 * ARGV: ttl, message id, max ids, owner, lease ms, message JSON. Remembers the id (as REMEMBER)
 * and, when it is new, leases its answer to owner. Returns 1 when new, 0 when already seen.
 */
export const ACCEPT = new LuaScript(`${LEASES}${REMEMBER_ID}redis.call('HSET', KEYS[6], ARGV[2], lease_value(now_ms() + tonumber(ARGV[5]), ARGV[4], ARGV[6]))
touch()
return 1
`);

/** ARGV: ttl, message id, owner, lease ms. Returns 1 when extended, 0 when the lease is not owner's. */
export const RENEW = new LuaScript(`${LEASES}
local value = redis.call('HGET', KEYS[6], ARGV[2])
if not value then return 0 end
local _, owner, message = lease(value)
if owner ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[6], ARGV[2], lease_value(now_ms() + tonumber(ARGV[4]), owner, message))
touch()
return 1
`);

/**
 * ARGV: ttl, replyTo ('' for none), owner, the response JSON after its seq (',"success":...}'),
 * max history. Stores '{"seq":<next seq>' .. tail unless the lease is another owner's or the
 * message is answered already; clears the lease. Returns the seq, or 0 when refused.
 */
export const COMPLETE = new LuaScript(`${LEASES}
local reply_to = ARGV[2]
if reply_to ~= '' then
  local value = redis.call('HGET', KEYS[6], reply_to)
  if value then
    local _, owner = lease(value)
    if owner ~= ARGV[3] then return 0 end
  end
  if redis.call('HEXISTS', KEYS[3], reply_to) == 1 then return 0 end
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('ZADD', KEYS[4], seq, '{"seq":' .. string.format('%d', seq) .. ARGV[4])
if reply_to ~= '' then
  if redis.call('ZSCORE', KEYS[2], reply_to) then redis.call('HSET', KEYS[3], reply_to, seq) end
  redis.call('HDEL', KEYS[6], reply_to)
end
local excess = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[5])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[4], 0, excess - 1) end
touch()
return seq
`);

/**
 * ARGV: ttl, owner, lease ms, excluded ids... Leases to owner every expired lease whose message
 * has no answer (excluded ids aside) and drops the leases of answered or forgotten messages.
 * Returns { ms until the earliest live lease of another owner expires, or -1; message JSON... }.
 */
export const TAKE_OVER = new LuaScript(`${LEASES}
local now = now_ms()
local exclude = {}
for i = 4, #ARGV do exclude[ARGV[i]] = true end
local all = redis.call('HGETALL', KEYS[6])
local out = {-1}
for i = 1, #all, 2 do
  local id = all[i]
  local expiry, owner, message = lease(all[i + 1])
  if redis.call('HEXISTS', KEYS[3], id) == 1 or not redis.call('ZSCORE', KEYS[2], id) then
    redis.call('HDEL', KEYS[6], id)
  elseif not exclude[id] then
    if expiry <= now then
      redis.call('HSET', KEYS[6], id, lease_value(now + tonumber(ARGV[3]), ARGV[2], message))
      table.insert(out, message)
    elseif owner ~= ARGV[2] and (out[1] < 0 or expiry - now < out[1]) then
      out[1] = expiry - now
    end
  end
end
if #all > 0 then touch() end
return out
`);
