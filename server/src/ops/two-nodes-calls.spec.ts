import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult, Call } from '@ycyw/protocol';
import { collect, nextEvent, sleep, TestServer } from '../test-support/test-app.js';

function callOf(ack: AckResult<{ call: Call }>): Call {
  if (!ack.ok) throw new Error(`refused: ${ack.error.code} ${ack.error.message}`);
  return ack.call;
}

const forCall = (callId: string) => (event: { call: Call }) => event.call.id === callId;
const bothJoined = (callId: string) => (event: { call: Call }) =>
  event.call.id === callId && event.call.status === 'active' && event.call.participants.every((p) => p.state === 'joined');

/** A customer connected to `customerNode` and an agent connected to `agentNode`, in an active conversation. */
async function conversationAcross(customerNode: TestServer, agentNode: TestServer) {
  const customer = await customerNode.registerCustomer('Nadia');
  const agent = await agentNode.createAgent('Bruno');
  const conversation = await customerNode.openConversation(customer);
  const agentDevice = await agentNode.connect(agent);
  expect(await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id })).toMatchObject({ ok: true });
  const customerDevice = await customerNode.connect(customer);
  return { customer, agent, conversation, agentDevice, customerDevice };
}

describe('calls across two nodes sharing PostgreSQL and Redis', () => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  beforeAll(async () => {
    [nodeA, nodeB] = await TestServer.startTwoNodes({ CALL_RING_TIMEOUT_MS: '20000', CALL_RECONNECT_GRACE_MS: '20000' });
  });
  afterAll(async () => {
    await nodeB?.stop();
    await nodeA?.stop();
  });

  it('a customer on node A video-calls the agent on node B: ring, accept, signal both ways, hang up, one timeline entry', async () => {
    const { conversation, agentDevice, customerDevice } = await conversationAcross(nodeA, nodeB);

    const incoming = nextEvent(agentDevice, 'call:incoming', () => true, 5000);
    const started = callOf(await customerDevice.emitWithAck('call:start', { conversationId: conversation.id, media: 'video' }));
    expect((await incoming).call).toEqual(started);

    const activeAtCustomer = nextEvent(customerDevice, 'call:updated', bothJoined(started.id), 5000);
    const activeAtAgent = nextEvent(agentDevice, 'call:updated', bothJoined(started.id), 5000);
    const accepted = callOf(await agentDevice.emitWithAck('call:accept', { callId: started.id }));
    expect(accepted.status).toBe('active');
    expect((await activeAtCustomer).call).toEqual(accepted);
    expect((await activeAtAgent).call).toEqual(accepted);

    const offer = nextEvent(agentDevice, 'signal', () => true, 5000);
    const description = { type: 'offer' as const, sdp: 'v=0 from node A' };
    expect(await customerDevice.emitWithAck('signal', { callId: started.id, to: agentDevice.deviceId, description })).toEqual({ ok: true });
    expect(await offer).toEqual({ callId: started.id, from: customerDevice.deviceId, description });
    const answer = nextEvent(customerDevice, 'signal', () => true, 5000);
    const candidate = { candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    expect(await agentDevice.emitWithAck('signal', { callId: started.id, to: customerDevice.deviceId, candidate })).toEqual({ ok: true });
    expect(await answer).toMatchObject({ callId: started.id, from: agentDevice.deviceId, candidate });

    const entriesAtCustomer = collect(customerDevice, 'message:new');
    const ended = nextEvent(customerDevice, 'call:ended', forCall(started.id), 5000);
    expect(callOf(await agentDevice.emitWithAck('call:leave', { callId: started.id })).status).toBe('ended');
    expect((await ended).call.status).toBe('ended');
    await sleep(500);
    expect(entriesAtCustomer.filter((e) => e.message.call?.callId === started.id)).toHaveLength(1);
    // Gone from the shared store on both nodes: a late signal is refused everywhere.
    const late = { callId: started.id, to: agentDevice.deviceId, description };
    expect(await customerDevice.emitWithAck('signal', late)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a tab reloaded onto the other node takes over its lost device in the call', async () => {
    const { customer, conversation, agentDevice, customerDevice } = await conversationAcross(nodeA, nodeB);
    const started = callOf(await agentDevice.emitWithAck('call:start', { conversationId: conversation.id, media: 'video' }));
    callOf(await customerDevice.emitWithAck('call:accept', { callId: started.id }));
    const ended = collect(agentDevice, 'call:ended');

    await nodeA.disconnect(customerDevice);
    await sleep(200); // node A records the grace period in Redis just after it sees the device go
    const reloaded = await nodeB.connect(customer);
    const taken = callOf(await reloaded.emitWithAck('call:accept', { callId: started.id }));

    expect(taken.participants.find((p) => p.userId === customer.user.id)).toMatchObject({ state: 'joined', deviceId: reloaded.deviceId });
    const relayed = nextEvent(reloaded, 'signal', () => true, 5000);
    expect(await agentDevice.emitWithAck('signal', { callId: started.id, to: reloaded.deviceId, candidate: null })).toEqual({ ok: true });
    expect(await relayed).toEqual({ callId: started.id, from: agentDevice.deviceId, candidate: null });
    expect(ended).toEqual([]);
    callOf(await agentDevice.emitWithAck('call:leave', { callId: started.id }));
  });

  it('two members on different nodes accepting at the same moment are both joined', async () => {
    const { customer, conversation, agentDevice, customerDevice } = await conversationAcross(nodeA, nodeB);
    const supervisor = await nodeA.createAgent('Sam');
    await nodeA.addMemberDirectly(conversation.id, supervisor);
    const supervisorDevice = await nodeA.connect(supervisor);

    const rung = [nextEvent(customerDevice, 'call:incoming', () => true, 5000), nextEvent(supervisorDevice, 'call:incoming', () => true, 5000)];
    const started = callOf(await agentDevice.emitWithAck('call:start', { conversationId: conversation.id, media: 'audio' }));
    await Promise.all(rung);

    const allJoined = nextEvent(agentDevice, 'call:updated', (e) => e.call.id === started.id && e.call.participants.every((p) => p.state === 'joined'), 5000);
    const acks = await Promise.all([
      customerDevice.emitWithAck('call:accept', { callId: started.id }),
      supervisorDevice.emitWithAck('call:accept', { callId: started.id }),
    ]);
    expect(acks.map((ack) => ack.ok)).toEqual([true, true]);
    const { call } = await allJoined;
    expect(call.participants.map((p) => [p.userId, p.state])).toContainEqual([customer.user.id, 'joined']);
    expect(call.participants.filter((p) => p.state === 'joined')).toHaveLength(3);
  });
});

describe('call timers when a node goes away', () => {
  const RING_MS = 1500;
  const GRACE_MS = 1000;
  let survivor: TestServer;
  let leaving: TestServer;
  beforeAll(async () => {
    // The survivor owns the database, so closing the other node drops nothing.
    [survivor, leaving] = await TestServer.startTwoNodes({ CALL_RING_TIMEOUT_MS: String(RING_MS), CALL_RECONNECT_GRACE_MS: String(GRACE_MS) });
  });
  afterAll(async () => {
    await leaving?.stop();
    await survivor?.stop();
  });

  it('the ring timeout fires on the other node when the node that started the call is closed right after', async () => {
    const { agent, conversation, agentDevice, customerDevice } = await conversationAcross(leaving, survivor);
    const incoming = nextEvent(agentDevice, 'call:incoming', () => true, 5000);
    const started = callOf(await customerDevice.emitWithAck('call:start', { conversationId: conversation.id, media: 'video' }));
    await incoming;
    const ended = nextEvent(agentDevice, 'call:ended', forCall(started.id), RING_MS + 5000);

    await leaving.app.close();

    const { call } = await ended;
    // Ended by the ring timeout (the agent missed it), not by the caller's device leaving after its grace.
    expect(call.participants.find((p) => p.userId === agent.user.id)?.state).toBe('missed');
    expect(Date.parse(call.endedAt!) - Date.parse(started.createdAt)).toBeGreaterThanOrEqual(RING_MS - 50);
  });
});

describe('a joined device on a node that goes away', () => {
  const GRACE_MS = 1000;
  let survivor: TestServer;
  let leaving: TestServer;
  beforeAll(async () => {
    [survivor, leaving] = await TestServer.startTwoNodes({ CALL_RING_TIMEOUT_MS: '20000', CALL_RECONNECT_GRACE_MS: String(GRACE_MS) });
  });
  afterAll(async () => {
    await leaving?.stop();
    await survivor?.stop();
  });

  it('leaves the call once its grace period is over, applied by the surviving node', async () => {
    const { customer, conversation, agentDevice, customerDevice } = await conversationAcross(leaving, survivor);
    const incoming = nextEvent(customerDevice, 'call:incoming', () => true, 5000);
    const started = callOf(await agentDevice.emitWithAck('call:start', { conversationId: conversation.id, media: 'audio' }));
    await incoming;
    callOf(await customerDevice.emitWithAck('call:accept', { callId: started.id }));
    const ended = nextEvent(agentDevice, 'call:ended', forCall(started.id), GRACE_MS + 5000);

    await leaving.app.close();

    const { call } = await ended;
    expect(call.participants.find((p) => p.userId === customer.user.id)?.state).toBe('left');
  });
});
