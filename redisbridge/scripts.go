package redisbridge

import "github.com/redis/go-redis/v9"

// Each script runs atomically in Redis: a crash (of the bridge or of Redis) happens
// before or after it, never in the middle.

// claimScript moves up to ARGV[2] messages (and at most ARGV[3] payload bytes, one at
// least) from the right of the inbound list (the oldest: producers LPUSH) to the left of
// the processing list, each wrapped in an envelope with a fresh request id
// ARGV[1]..<n>, and returns the envelopes oldest first.
//
// With ARGV[4], the raw message a BLMOVE just moved into the processing list is wrapped
// in place first (it is the oldest of the batch).
//
// KEYS[1] inbound, KEYS[2] processing.
var claimScript = redis.NewScript(`
local prefix, max, maxBytes = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local magic = '\0cr1\0'
local out, n, bytes = {}, 0, 0
if #ARGV >= 4 then
  local raw = ARGV[4]
  local idx = redis.call('LPOS', KEYS[2], raw)
  if idx then
    n = n + 1
    local env = magic .. prefix .. n .. '\n' .. raw
    redis.call('LSET', KEYS[2], idx, env)
    out[n] = env
    bytes = bytes + #raw
  end
end
if n < max and bytes < maxBytes then
  local items = redis.call('RPOP', KEYS[1], max - n)
  if items then
    local take = #items
    local first = n + 1
    for i = 1, #items do
      if n > 0 and bytes + #items[i] > maxBytes then
        take = i - 1
        break
      end
      n = n + 1
      bytes = bytes + #items[i]
      out[n] = magic .. prefix .. n .. '\n' .. items[i]
    end
    -- One LPUSH per chunk (unpack is bounded by the Lua C stack).
    for i = first, n, 1000 do
      redis.call('LPUSH', KEYS[2], unpack(out, i, math.min(i + 999, n)))
    end
    -- Put back what did not fit, oldest rightmost, as it was.
    for i = #items, take + 1, -1 do
      redis.call('RPUSH', KEYS[1], items[i])
    end
  end
end
return out
`)

// adoptScript wraps every raw (non-envelope) entry of the processing list in place with
// a fresh id ARGV[1]..<n>. Such entries were never published: only envelopes are.
//
// KEYS[1] processing. Returns the number adopted.
var adoptScript = redis.NewScript(`
local magic = '\0cr1\0'
local len = redis.call('LLEN', KEYS[1])
local n = 0
for start = 0, len - 1, 256 do
  local items = redis.call('LRANGE', KEYS[1], start, start + 255)
  for i = 1, #items do
    if string.sub(items[i], 1, 5) ~= magic then
      n = n + 1
      redis.call('LSET', KEYS[1], start + i - 1, magic .. ARGV[1] .. n .. '\n' .. items[i])
    end
  end
end
return n
`)

// removeScript removes acknowledged entries, given by their envelope prefixes oldest
// first, from the right end of the processing list, where a batch sits when it is the
// oldest: in one LTRIM when the whole batch is there, else one by one. It returns the
// 1-based positions in ARGV of entries it did not find there; the
// caller removes those by value.
//
// KEYS[1] processing.
var removeScript = redis.NewScript(`
local n = #ARGV
local oldest = redis.call('LINDEX', KEYS[1], -1)
local newest = redis.call('LINDEX', KEYS[1], -n)
if oldest and newest and string.sub(oldest, 1, #ARGV[1]) == ARGV[1] and string.sub(newest, 1, #ARGV[n]) == ARGV[n] then
  -- One claim's entries are contiguous, so with both ends in place the batch is
  -- exactly the n rightmost entries.
  redis.call('LTRIM', KEYS[1], 0, -(n + 1))
  return {}
end
local missed = {}
for i = 1, #ARGV do
  local p = ARGV[i]
  local tail = redis.call('LINDEX', KEYS[1], -1)
  if tail and string.sub(tail, 1, #p) == p then
    redis.call('RPOP', KEYS[1])
  else
    missed[#missed + 1] = i
  end
end
return missed
`)

// deadLetterScript moves one entry of the processing list (ARGV[1], the full envelope)
// to the dead-letter list as ARGV[2]; nothing happens if the entry is gone.
//
// KEYS[1] processing, KEYS[2] dead letters. Returns 1 when moved.
var deadLetterScript = redis.NewScript(`
if redis.call('LREM', KEYS[1], -1, ARGV[1]) == 1 then
  redis.call('LPUSH', KEYS[2], ARGV[2])
  return 1
end
return 0
`)

// mirrorScript pushes outbound messages and advances the checkpoint in one step. ARGV[1]
// is the stream's epoch (its creation time), then triples (stream sequence, 'o' for
// outbound or 'd' for dead letters, message), in stream order. A sequence at or below
// the checkpoint of the same epoch was pushed before and is skipped, so running the script
// again for the same events pushes nothing twice; a checkpoint of another epoch belongs to
// a stream that no longer exists and counts as 0.
//
// The checkpoint is stored as "<epoch>:<sequence>" (a bare sequence, as older versions
// wrote it, is taken to be of the current epoch).
//
// KEYS[1] checkpoint, KEYS[2] outbound, KEYS[3] dead letters. Returns {pushed, checkpoint
// sequence}.
var mirrorScript = redis.NewScript(`
local stored = redis.call('GET', KEYS[1]) or ''
local epoch = ARGV[1]
local cpStr = '0'
local sep = string.find(stored, ':', 1, true)
if sep then
  if string.sub(stored, 1, sep - 1) == epoch then cpStr = string.sub(stored, sep + 1) end
elseif stored ~= '' then
  cpStr = stored
end
local cp = tonumber(cpStr)
local pushed = 0
for i = 2, #ARGV, 3 do
  local seq = tonumber(ARGV[i])
  if seq > cp then
    local key = KEYS[2]
    if ARGV[i + 1] == 'd' then key = KEYS[3] end
    redis.call('LPUSH', key, ARGV[i + 2])
    cp, cpStr = seq, ARGV[i]
    pushed = pushed + 1
  end
end
redis.call('SET', KEYS[1], epoch .. ':' .. cpStr)
return {pushed, cpStr}
`)
