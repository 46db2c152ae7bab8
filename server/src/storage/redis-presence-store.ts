import type { Redis } from 'ioredis';
import type { PresenceStatus } from '@ycyw/protocol';
import type { DeviceStatus, PresenceChange, PresenceStore } from '../domain/presence/presence-store.js';

// KEYS[1] the user's hash (deviceId -> status), KEYS[2] the expiry set. ARGV: op, member, deviceId, status, expiresAt.
// One script per write, so reading the status before and after is atomic across nodes. Removal only
// counts when this caller removed the member, so one node announces an expiry, never two.
const UPDATE = `
local function aggregate(values)
  if #values == 0 then return 'offline' end
  for _, v in ipairs(values) do if v == 'online' then return 'online' end end
  return 'away'
end
local before = aggregate(redis.call('HVALS', KEYS[1]))
if ARGV[1] == 'set' then
  redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[2])
else
  if redis.call('ZREM', KEYS[2], ARGV[2]) == 0 and ARGV[1] == 'expire' then return {before, before} end
  redis.call('HDEL', KEYS[1], ARGV[3])
end
return {before, aggregate(redis.call('HVALS', KEYS[1]))}
`;

const AGGREGATE = `
local out = {}
for i, key in ipairs(KEYS) do
  local values = redis.call('HVALS', key)
  local status = 'offline'
  for _, v in ipairs(values) do
    if v == 'online' then status = 'online' break end
    status = 'away'
  end
  out[i] = status
end
return out
`;

export interface RedisPresenceOptions {
  /** Prefix of every key, shared by the nodes of one deployment. */
  keyPrefix: string;
  /** A device not refreshed for this long is gone (its node died). */
  ttlMs: number;
  /** How often this node refreshes its devices and looks for expired ones. */
  heartbeatMs: number;
}

/**
 * Presence shared by every node through Redis. Each node refreshes the expiry of its own devices; any
 * node sweeps devices whose node stopped refreshing them (killed, partitioned) and reports the change.
 */
export class RedisPresenceStore implements PresenceStore {
  readonly #redis: Redis;
  readonly #options: RedisPresenceOptions;
  readonly #prefix: string;
  /** This node's devices: member -> status. */
  readonly #local = new Map<string, DeviceStatus>();
  readonly #listeners: ((change: PresenceChange) => void)[] = [];
  readonly #timer: NodeJS.Timeout;
  #sweeping = false;

  constructor(redis: Redis, options: RedisPresenceOptions, onError: (error: unknown) => void) {
    this.#redis = redis;
    this.#options = options;
    this.#prefix = `${options.keyPrefix}presence:`;
    this.#timer = setInterval(() => {
      this.#heartbeat().catch(onError);
    }, options.heartbeatMs);
    this.#timer.unref();
  }

  async setDevice(userId: string, deviceId: string, status: DeviceStatus) {
    const member = this.#member(userId, deviceId);
    this.#local.set(member, status);
    return this.#update('set', userId, deviceId, status);
  }

  async removeDevice(userId: string, deviceId: string) {
    this.#local.delete(this.#member(userId, deviceId));
    return this.#update('remove', userId, deviceId, '');
  }

  async statusOf(userIds: readonly string[]) {
    const result = new Map<string, PresenceStatus>();
    if (userIds.length === 0) return result;
    const statuses = (await this.#redis.eval(AGGREGATE, userIds.length, ...userIds.map((id) => this.#userKey(id)))) as PresenceStatus[];
    userIds.forEach((id, index) => result.set(id, statuses[index] ?? 'offline'));
    return result;
  }

  onExpired(listener: (change: PresenceChange) => void): void {
    this.#listeners.push(listener);
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
  }

  async #heartbeat(): Promise<void> {
    const expiresAt = Date.now() + this.#options.ttlMs;
    if (this.#local.size > 0) {
      // XX: refresh only devices still present, never resurrect one another node removed.
      await this.#redis.zadd(this.#expiryKey(), 'XX', ...[...this.#local.keys()].flatMap((m) => [expiresAt, m]));
    }
    await this.#sweep();
  }

  async #sweep(): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      const expired = await this.#redis.zrangebyscore(this.#expiryKey(), '-inf', Date.now(), 'LIMIT', 0, 500);
      for (const member of expired) {
        const [userId, deviceId] = member.split('|') as [string, string];
        const status = await this.#update('expire', userId, deviceId, '');
        if (status !== undefined) for (const listener of this.#listeners) listener({ userId, status });
      }
    } finally {
      this.#sweeping = false;
    }
  }

  async #update(op: 'set' | 'remove' | 'expire', userId: string, deviceId: string, status: string) {
    const expiresAt = Date.now() + this.#options.ttlMs;
    const [before, after] = (await this.#redis.eval(
      UPDATE,
      2,
      this.#userKey(userId),
      this.#expiryKey(),
      op,
      this.#member(userId, deviceId),
      deviceId,
      status,
      String(expiresAt),
    )) as [PresenceStatus, PresenceStatus];
    return before === after ? undefined : after;
  }

  #member(userId: string, deviceId: string): string {
    return `${userId}|${deviceId}`;
  }

  #userKey(userId: string): string {
    return `${this.#prefix}user:${userId}`;
  }

  #expiryKey(): string {
    return `${this.#prefix}expiry`;
  }
}
