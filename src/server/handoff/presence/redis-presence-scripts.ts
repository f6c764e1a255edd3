/**
 * Presence in Redis: one hash, KEYS[1], whose field per operator id holds JSON
 *   { name, state, since, seen, conns: { <connection id>: [state, expires at ms] } }.
 * Every script reads the time from Redis, so processes whose clocks differ agree on expiry; it
 * drops connections past their expiry, recomputes the operator's state (the best of what is left),
 * and when that changed PUBLISHes { operatorId, name, state, since } on ARGV[1], inside the same
 * atomic step, so every process hears each change once and in order.
 */
const SETTLE = `
local now
do
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local RANK = { offline = 0, away = 1, online = 2 }
local function settle(id, rec, renamed)
  local best = 'offline'
  for conn, entry in pairs(rec.conns) do
    if entry[2] <= now then rec.conns[conn] = nil
    elseif RANK[entry[1]] > RANK[best] then best = entry[1] end
  end
  if best ~= 'offline' then rec.seen = now end
  local changed = best ~= rec.state
  if changed then rec.state = best; rec.since = now end
  if next(rec.conns) == nil then rec.conns = nil end
  redis.call('HSET', KEYS[1], id, cjson.encode(rec))
  rec.conns = rec.conns or {}
  if changed or renamed then
    redis.call('PUBLISH', ARGV[1], cjson.encode({ operatorId = id, name = rec.name, state = rec.state, since = rec.since }))
  end
end
local function load(id)
  local raw = redis.call('HGET', KEYS[1], id)
  if not raw then return nil end
  local rec = cjson.decode(raw)
  rec.conns = rec.conns or {}
  return rec
end
`;

/**
 * ARGV[1] channel, ARGV[2] connection time-to-live (ms), then groups of four: operator id, name,
 * connection id, state. Adds or renews each connection (a heartbeat sends all a process holds).
 */
export const SET_CONNECTIONS = `${SETTLE}
local ttl = tonumber(ARGV[2])
for i = 3, #ARGV, 4 do
  local id, name, conn, state = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local rec = load(id) or { name = name, state = 'offline', since = now, seen = now, conns = {} }
  local renamed = rec.name ~= name
  rec.name = name
  rec.conns[conn] = { state, now + ttl }
  settle(id, rec, renamed)
end
return 1
`;

/** ARGV[1] channel, then pairs: operator id, connection id. Removes each connection. */
export const REMOVE_CONNECTIONS = `${SETTLE}
for i = 2, #ARGV, 2 do
  local rec = load(ARGV[i])
  if rec and rec.conns[ARGV[i + 1]] then
    rec.conns[ARGV[i + 1]] = nil
    settle(ARGV[i], rec, false)
  end
end
return 1
`;

/**
 * ARGV[1] channel, ARGV[2] offline window (ms). Expires connections of processes that stopped
 * renewing them (a crash), forgets operators offline for longer than the window, and returns the
 * rest as a JSON list of { operatorId, name, state, since }.
 */
export const SWEEP_AND_LIST = `${SETTLE}
local window = tonumber(ARGV[2])
local listed = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local id = all[i]
  local rec = cjson.decode(all[i + 1])
  rec.conns = rec.conns or {}
  settle(id, rec, false)
  if rec.state == 'offline' and now - rec.seen > window then
    redis.call('HDEL', KEYS[1], id)
  else
    listed[#listed + 1] = cjson.encode({ operatorId = id, name = rec.name, state = rec.state, since = rec.since })
  end
end
return '[' .. table.concat(listed, ',') .. ']'
`;
