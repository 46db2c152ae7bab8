import type { Redis } from 'ioredis';
import type { Call } from '@ycyw/protocol';
import type { CallStore, VersionedCall } from '../domain/calls/call-store.js';

// KEYS[1] the call's hash (v, json), KEYS[2] its conversation's set, KEYS[3] the ringing zset (callId ->
// createdAt ms), KEYS[4] the device leases zset (deviceId -> lease end ms), KEYS[5] the devices in their
// grace period (deviceId -> its end ms).
// ARGV: expectedVersion, json ('' when the call ended), callId, ringing score ('' when nobody rings),
// lease end for newly joined devices, prefix of the index keys.
// The version check and every index move happen in one script, so two nodes writing the same call (or
// starting a call in the same conversation) cannot interleave: the second one is refused and re-reads.
const SAVE = `
local version = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if version ~= tonumber(ARGV[1]) then return 0 end
if version == 0 and redis.call('SCARD', KEYS[2]) > 0 then return 0 end
local id, prefix = ARGV[3], ARGV[6]
local function indexed(json)
  local users, devices = {}, {}
  if json then
    for _, p in ipairs(cjson.decode(json).participants) do
      users[p.userId] = true
      if p.state == 'joined' and type(p.deviceId) == 'string' then devices[p.deviceId] = true end
    end
  end
  return users, devices
end
local live = ARGV[2] ~= ''
local oldUsers, oldDevices = indexed(redis.call('HGET', KEYS[1], 'json'))
local newUsers, newDevices = indexed(live and ARGV[2] or nil)
for u in pairs(oldUsers) do
  if not newUsers[u] then redis.call('SREM', prefix .. 'user:' .. u, id) end
end
for u in pairs(newUsers) do redis.call('SADD', prefix .. 'user:' .. u, id) end
for d in pairs(oldDevices) do
  if not newDevices[d] then
    local key = prefix .. 'device:' .. d
    redis.call('SREM', key, id)
    if redis.call('SCARD', key) == 0 then
      redis.call('ZREM', KEYS[4], d)
      redis.call('ZREM', KEYS[5], d)
    end
  end
end
for d in pairs(newDevices) do
  redis.call('SADD', prefix .. 'device:' .. d, id)
  redis.call('ZADD', KEYS[4], 'NX', ARGV[5], d)
end
if live then
  redis.call('HSET', KEYS[1], 'v', version + 1, 'json', ARGV[2])
  redis.call('SADD', KEYS[2], id)
else
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], id)
end
if live and ARGV[4] ~= '' then redis.call('ZADD', KEYS[3], ARGV[4], id) else redis.call('ZREM', KEYS[3], id) end
return 1
`;

// KEYS[1] the leases, KEYS[2] the grace periods; ARGV: deviceId, end of its grace period (ms). Only a
// device that holds a lease (joined to a call) enters a grace period.
const RELEASE = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
end
return 1
`;

export interface RedisCallStoreOptions {
  /** Prefix of every key, shared by the nodes of one deployment. */
  keyPrefix: string;
  /** A joined device whose lease is not renewed for this long is gone (its node died). */
  deviceLeaseMs: number;
}

/** At most this many overdue calls or devices per sweep; the next sweep takes the rest. */
const SWEEP_BATCH = 200;

/**
 * Live calls shared by every node through Redis: each call as JSON with a version under
 * `<prefix>call:<id>`, and index sets by conversation, participant and joined device, all written by one
 * compare-and-set script. Ended calls are deleted. Ringing calls and joined devices are also kept in
 * sorted sets by deadline, so that any node can apply a ring timeout or a lost device whose node died.
 */
export class RedisCallStore implements CallStore {
  readonly #redis: Redis;
  readonly #options: RedisCallStoreOptions;
  readonly #prefix: string;

  constructor(redis: Redis, options: RedisCallStoreOptions) {
    this.#redis = redis;
    this.#options = options;
    this.#prefix = options.keyPrefix;
  }

  async find(callId: string): Promise<Call | undefined> {
    const json = await this.#redis.hget(this.#callKey(callId), 'json');
    return json ? (JSON.parse(json) as Call) : undefined;
  }

  async load(callId: string): Promise<VersionedCall | undefined> {
    const [version, json] = await this.#redis.hmget(this.#callKey(callId), 'v', 'json');
    return version && json ? { call: JSON.parse(json) as Call, version: Number(version) } : undefined;
  }

  async liveInConversation(conversationId: string): Promise<Call | undefined> {
    return (await this.liveInConversations([conversationId]))[0];
  }

  async liveInConversations(conversationIds: readonly string[]): Promise<Call[]> {
    if (conversationIds.length === 0) return [];
    const ids = await this.#redis.sunion(...conversationIds.map((id) => this.#indexKey('conversation', id)));
    return this.#many(ids);
  }

  async liveWithParticipant(userId: string): Promise<Call[]> {
    return this.#many(await this.#redis.smembers(this.#indexKey('user', userId)));
  }

  async liveWithDevice(deviceId: string): Promise<Call[]> {
    return this.#many(await this.#redis.smembers(this.#indexKey('device', deviceId)));
  }

  async save(call: Call, expectedVersion: number): Promise<boolean> {
    const live = call.status !== 'ended';
    const ringing = live && call.participants.some((p) => p.state === 'ringing');
    const saved = await this.#redis.eval(
      SAVE,
      5,
      this.#callKey(call.id),
      this.#indexKey('conversation', call.conversationId),
      this.#ringingKey(),
      this.#leasesKey(),
      this.#graceKey(),
      String(expectedVersion),
      live ? JSON.stringify(call) : '',
      call.id,
      ringing ? String(Date.parse(call.createdAt)) : '',
      String(Date.now() + this.#options.deviceLeaseMs),
      `${this.#prefix}calls:`,
    );
    return saved === 1;
  }

  async ringingCreatedBefore(createdAt: string): Promise<Call[]> {
    const ids = await this.#redis.zrangebyscore(this.#ringingKey(), '-inf', Date.parse(createdAt), 'LIMIT', 0, SWEEP_BATCH);
    return (await this.#many(ids)).filter((call) => call.participants.some((p) => p.state === 'ringing'));
  }

  async renewDevices(deviceIds: readonly string[]): Promise<void> {
    if (deviceIds.length === 0) return;
    const until = Date.now() + this.#options.deviceLeaseMs;
    // XX: renew only devices still joined to a call, never add one back. Held again: no grace period.
    await this.#redis
      .multi()
      .zadd(this.#leasesKey(), 'XX', ...deviceIds.flatMap((id) => [until, id]))
      .zrem(this.#graceKey(), ...deviceIds)
      .exec();
  }

  async releaseDevice(deviceId: string, untilMs: number): Promise<void> {
    await this.#redis.eval(RELEASE, 2, this.#leasesKey(), this.#graceKey(), deviceId, String(untilMs));
  }

  async inGracePeriod(deviceId: string): Promise<boolean> {
    return (await this.#redis.zscore(this.#graceKey(), deviceId)) !== null;
  }

  async expiredDevices(nowMs: number): Promise<string[]> {
    return this.#redis.zrangebyscore(this.#leasesKey(), '-inf', nowMs, 'LIMIT', 0, SWEEP_BATCH);
  }

  async leaseEnded(deviceId: string, nowMs: number): Promise<boolean> {
    const until = await this.#redis.zscore(this.#leasesKey(), deviceId);
    return until === null || Number(until) <= nowMs;
  }

  async #many(callIds: readonly string[]): Promise<Call[]> {
    if (callIds.length === 0) return [];
    const pipeline = this.#redis.pipeline();
    for (const id of callIds) pipeline.hget(this.#callKey(id), 'json');
    const results = (await pipeline.exec()) ?? [];
    const calls: Call[] = [];
    for (const [error, json] of results) {
      if (error) throw error;
      if (typeof json === 'string') calls.push(JSON.parse(json) as Call);
    }
    return calls;
  }

  #callKey(callId: string): string {
    return `${this.#prefix}call:${callId}`;
  }

  #indexKey(kind: 'conversation' | 'user' | 'device', id: string): string {
    return `${this.#prefix}calls:${kind}:${id}`;
  }

  #ringingKey(): string {
    return `${this.#prefix}calls:ringing`;
  }

  #leasesKey(): string {
    return `${this.#prefix}calls:leases`;
  }

  #graceKey(): string {
    return `${this.#prefix}calls:grace`;
  }
}
