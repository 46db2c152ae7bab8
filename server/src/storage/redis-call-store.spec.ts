import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '@ycyw/protocol';
import { type CallEvent, nextCall } from '../domain/calls/call-machine.js';
import { DomainError } from '../domain/domain-error.js';
import { RedisCallStore } from './redis-call-store.js';
import { TEST_REDIS_URL as REDIS_URL } from '../test-support/test-databases.js';

const LEASE_MS = 60_000;

const member = (displayName: string) => ({ userId: randomUUID(), displayName });

/** A ringing call in a new conversation: the first member joined on a device, the others ringing. */
function ringingCall(members = [member('Caller'), member('Callee'), member('Other')]): Call {
  const started = nextCall(null, {
    type: 'start',
    callId: randomUUID(),
    conversation: { id: randomUUID(), status: 'active', members },
    media: 'video',
    userId: members[0]!.userId,
    deviceId: randomUUID(),
    busyUserIds: [],
    at: new Date().toISOString(),
  });
  if (started instanceof DomainError) throw started;
  return started;
}

/** What CallService does on a node: read, apply, compare-and-set, and again on a conflict. */
async function applyOn(store: RedisCallStore, callId: string, event: CallEvent): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const loaded = await store.load(callId);
    const next = nextCall(loaded?.call ?? null, event);
    if (next instanceof DomainError) throw next;
    if (await store.save(next, loaded?.version ?? 0)) return attempt;
    if (attempt > 10) throw new Error('too many conflicts');
  }
}

describe('RedisCallStore', () => {
  const prefix = `ycyw-test-${randomBytes(4).toString('hex')}:`;
  // Two connections and two stores: two nodes sharing one Redis.
  const redisA = new Redis(REDIS_URL);
  const redisB = new Redis(REDIS_URL);
  const nodeA = new RedisCallStore(redisA, { keyPrefix: prefix, deviceLeaseMs: LEASE_MS });
  const nodeB = new RedisCallStore(redisB, { keyPrefix: prefix, deviceLeaseMs: LEASE_MS });
  beforeAll(async () => {
    await redisA.ping();
  });
  afterAll(async () => {
    const keys = await redisA.keys(`${prefix}*`);
    if (keys.length > 0) await redisA.del(...keys);
    await Promise.all([redisA.quit(), redisB.quit()]);
  });

  it('stores a new call at version 1 and finds it through every index on another node', async () => {
    const call = ringingCall();
    expect(await nodeA.save(call, 0)).toBe(true);

    expect(await nodeB.load(call.id)).toEqual({ call, version: 1 });
    expect(await nodeB.liveInConversation(call.conversationId)).toEqual(call);
    expect(await nodeB.liveInConversations([call.conversationId, randomUUID()])).toEqual([call]);
    for (const p of call.participants) expect(await nodeB.liveWithParticipant(p.userId)).toEqual([call]);
    expect(await nodeB.liveWithDevice(call.participants[0]!.deviceId!)).toEqual([call]);
  });

  it('refuses a save whose expected version is stale, changing nothing', async () => {
    const call = ringingCall();
    await nodeA.save(call, 0);
    const declined = nextCall(call, { type: 'decline', userId: call.participants[1]!.userId, at: new Date().toISOString() }) as Call;
    expect(await nodeA.save(declined, 1)).toBe(true);

    const missed = nextCall(call, { type: 'ringTimeout', at: new Date().toISOString() }) as Call;
    expect(await nodeB.save(missed, 1)).toBe(false);
    expect(await nodeB.load(call.id)).toEqual({ call: declined, version: 2 });
  });

  it('lets only one of two nodes start a call in a conversation', async () => {
    const first = ringingCall();
    const second = { ...ringingCall(), conversationId: first.conversationId };
    const saved = await Promise.all([nodeA.save(first, 0), nodeB.save(second, 0)]);
    expect(saved.filter(Boolean)).toHaveLength(1);
    expect(await nodeA.liveInConversations([first.conversationId])).toHaveLength(1);
  });

  it('applies two concurrent transitions from two nodes to the same call: both are kept, none is lost', async () => {
    for (let round = 0; round < 20; round++) {
      const call = ringingCall();
      await nodeA.save(call, 0);
      const [callee, other] = [call.participants[1]!, call.participants[2]!];
      const at = new Date().toISOString();

      await Promise.all([
        applyOn(nodeA, call.id, { type: 'accept', userId: callee.userId, deviceId: 'device-a', members: call.participants, inAnotherCall: false, lostDeviceIds: [], at }),
        applyOn(nodeB, call.id, { type: 'accept', userId: other.userId, deviceId: 'device-b', members: call.participants, inAnotherCall: false, lostDeviceIds: [], at }),
      ]);

      const stored = await nodeA.load(call.id);
      expect(stored?.version).toBe(3);
      expect(stored?.call.participants.map((p) => p.state)).toEqual(['joined', 'joined', 'joined']);
      // Clean up this round's devices, which every round reuses.
      await applyOn(nodeA, call.id, { type: 'leave', userId: callee.userId, at });
      await applyOn(nodeA, call.id, { type: 'leave', userId: other.userId, at });
    }
  });

  it('when two nodes read the same version, one save is refused and its transition re-applied on top of the other', async () => {
    const call = ringingCall([member('Caller'), member('First'), member('Second'), member('Third')]);
    await nodeA.save(call, 0);
    const at = new Date().toISOString();
    const [onA, onB] = await Promise.all([nodeA.load(call.id), nodeB.load(call.id)]);
    const declined = nextCall(onA!.call, { type: 'decline', userId: call.participants[1]!.userId, at }) as Call;
    const alsoDeclined = nextCall(onB!.call, { type: 'decline', userId: call.participants[2]!.userId, at }) as Call;

    const saved = await Promise.all([nodeA.save(declined, onA!.version), nodeB.save(alsoDeclined, onB!.version)]);
    expect([...saved].sort()).toEqual([false, true]);
    const loser = saved[0] ? nodeB : nodeA;
    const loserUser = saved[0] ? call.participants[2]! : call.participants[1]!;
    expect(await applyOn(loser, call.id, { type: 'decline', userId: loserUser.userId, at })).toBe(1);

    const stored = await nodeA.load(call.id);
    expect(stored?.version).toBe(3);
    expect(stored?.call.participants.map((p) => p.state)).toEqual(['joined', 'declined', 'declined', 'ringing']);
  });

  it('forgets an ended call and every index entry of it', async () => {
    const call = ringingCall();
    await nodeA.save(call, 0);
    const ended = nextCall(call, { type: 'leave', userId: call.startedBy, at: new Date().toISOString() }) as Call;
    expect(ended.status).toBe('ended');
    expect(await nodeB.save(ended, 1)).toBe(true);

    expect(await nodeA.find(call.id)).toBeUndefined();
    expect(await nodeA.liveInConversation(call.conversationId)).toBeUndefined();
    for (const p of call.participants) expect(await nodeA.liveWithParticipant(p.userId)).toEqual([]);
    expect(await nodeA.liveWithDevice(call.participants[0]!.deviceId!)).toEqual([]);
    expect(await nodeA.ringingCreatedBefore(new Date(Date.now() + 60_000).toISOString())).not.toContainEqual(call);
    expect(await redisA.exists(`${prefix}call:${call.id}`)).toBe(0);
  });

  it('lists ringing calls once their creation is older than the given time, and not once nobody rings', async () => {
    const call = ringingCall();
    await nodeA.save(call, 0);
    const createdAt = Date.parse(call.createdAt);
    const ids = async (before: number) => (await nodeB.ringingCreatedBefore(new Date(before).toISOString())).map((c) => c.id);

    expect(await ids(createdAt - 1)).not.toContain(call.id);
    expect(await ids(createdAt)).toContain(call.id);
    const missed = nextCall(call, { type: 'ringTimeout', at: new Date().toISOString() }) as Call;
    await nodeA.save(missed, 1);
    expect(await ids(createdAt + 1000)).not.toContain(call.id);
  });

  it("leases a joined device: its lease ends when released and not renewed, and renewing holds it again", async () => {
    const call = ringingCall();
    const deviceId = call.participants[0]!.deviceId!;
    await nodeA.save(call, 0);
    const now = Date.now();
    expect(await nodeB.leaseEnded(deviceId, now)).toBe(false);
    expect(await nodeB.expiredDevices(now)).not.toContain(deviceId);

    await nodeA.releaseDevice(deviceId, now - 1);
    expect(await nodeB.leaseEnded(deviceId, now)).toBe(true);
    expect(await nodeB.expiredDevices(now)).toContain(deviceId);

    await nodeB.renewDevices([deviceId]);
    expect(await nodeA.leaseEnded(deviceId, now)).toBe(false);
    expect(await nodeA.expiredDevices(now)).not.toContain(deviceId);

    // Renewing a device joined to no call does not add it.
    await nodeB.renewDevices(['not-in-a-call']);
    expect(await redisA.zscore(`${prefix}calls:leases`, 'not-in-a-call')).toBeNull();
  });

  it('a released device is in its grace period on every node until it is renewed or leaves the call', async () => {
    const call = ringingCall();
    const deviceId = call.participants[0]!.deviceId!;
    await nodeA.save(call, 0);
    expect(await nodeB.inGracePeriod(deviceId)).toBe(false);

    await nodeA.releaseDevice(deviceId, Date.now() + 15_000);
    expect(await nodeB.inGracePeriod(deviceId)).toBe(true);
    await nodeB.renewDevices([deviceId]);
    expect(await nodeA.inGracePeriod(deviceId)).toBe(false);

    await nodeA.releaseDevice(deviceId, Date.now() + 15_000);
    await nodeB.save({ ...call, status: 'ended', endedAt: new Date().toISOString() }, 1);
    expect(await nodeA.inGracePeriod(deviceId)).toBe(false);

    // A device joined to no call never enters one.
    await nodeA.releaseDevice('not-in-a-call', Date.now() + 15_000);
    expect(await nodeB.inGracePeriod('not-in-a-call')).toBe(false);
  });
});
