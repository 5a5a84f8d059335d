// The Lua scripts the shared parts run in Redis. A script runs atomically, so replicas never
// interleave inside one decision; it reads Redis' clock (TIME), so replicas' clocks need not agree.
import type Redis from 'ioredis';

/** Milliseconds on Redis' clock. */
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * A sliding log per (KSeF context, group): a sorted set of calls, each scored with the time from
 * which it counts (sent + margin, later its answer). A call may go when, for each window of limit
 * L, the L-th latest call counts from at least one window before now; then it is added. Otherwise
 * the script adds nothing and answers how long to wait. A 429 hold-back (KEYS[2]) waits it out.
 *
 * KEYS: calls, hold-back. ARGV: perSecond, perMinute, perHour, marginMs, member.
 * Returns 0 (added: send now) or the milliseconds to wait before asking again.
 */
const ACQUIRE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 3600000)
local send = now
local held = redis.call('PTTL', KEYS[2])
if held > 0 then send = now + held end
local count = redis.call('ZCARD', KEYS[1])
local windows = { { 1000, tonumber(ARGV[1]) }, { 60000, tonumber(ARGV[2]) }, { 3600000, tonumber(ARGV[3]) } }
for i = 1, 3 do
  local ms, limit = windows[i][1], windows[i][2]
  if count >= limit then
    local nth = redis.call('ZREVRANGE', KEYS[1], limit - 1, limit - 1, 'WITHSCORES')
    local from = tonumber(nth[2]) + ms
    if from > send then send = from end
  end
end
if send > now then return send - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[5])
redis.call('PEXPIRE', KEYS[1], 3660000)
return 0
`;

/** The call's answer arrived: it counts from now if that is later. KEYS: calls. ARGV: member. */
const SETTLE = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then return 0 end
${NOW}
if now > tonumber(score) then redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1]) end
return 1
`;

/** KSeF answered 429: block for ARGV[1] ms unless a longer block stands. KEYS: hold-back. */
const HOLD_BACK = `
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then redis.call('SET', KEYS[1], '1', 'PX', ms) end
return 1
`;

/**
 * A poller's lease: taken when free, renewed by its holder. KEYS: lease. ARGV: replica, ms.
 * Returns 1 when ARGV[1] holds it now.
 */
const CLAIM_LEASE = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

/** Gives a lease back if ARGV[1] holds it. KEYS: lease. */
const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface GatewayScripts {
  ksefAcquire(
    calls: string,
    holdBack: string,
    perSecond: number,
    perMinute: number,
    perHour: number,
    marginMs: number,
    member: string,
  ): Promise<number>;
  ksefSettle(calls: string, member: string): Promise<number>;
  ksefHoldBack(holdBack: string, ms: number): Promise<number>;
  ksefClaimLease(lease: string, replica: string, ms: number): Promise<number>;
  ksefReleaseLease(lease: string, replica: string): Promise<number>;
}

/**
 * Registers the scripts on a connection. ioredis sends each by its SHA and once in full when
 * Redis does not know it (after a restart too).
 */
export function withGatewayScripts(redis: Redis): Redis & GatewayScripts {
  redis.defineCommand('ksefAcquire', { numberOfKeys: 2, lua: ACQUIRE });
  redis.defineCommand('ksefSettle', { numberOfKeys: 1, lua: SETTLE });
  redis.defineCommand('ksefHoldBack', { numberOfKeys: 1, lua: HOLD_BACK });
  redis.defineCommand('ksefClaimLease', { numberOfKeys: 1, lua: CLAIM_LEASE });
  redis.defineCommand('ksefReleaseLease', { numberOfKeys: 1, lua: RELEASE_LEASE });
  return redis as Redis & GatewayScripts;
}
