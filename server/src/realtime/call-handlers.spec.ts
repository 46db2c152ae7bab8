import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult, Call, CallMedia, Message } from '@ycyw/protocol';
import {
  collect,
  nextEvent,
  receivedEvent,
  sleep,
  type TestDevice,
  TestServer,
  type TestSocket,
  type TestUser,
} from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

const forbidden = { ok: false, error: { code: 'forbidden', message: expect.any(String) } };
const notFound = { ok: false, error: { code: 'not_found', message: expect.any(String) } };
const conflict = { ok: false, error: { code: 'conflict', message: expect.any(String) } };
const invalidPayload = { ok: false, error: { code: 'invalid_payload', message: expect.any(String) } };

/** The call of a successful acknowledgement; fails the test otherwise. */
function callOf(ack: AckResult<{ call: Call }>): Call {
  if (!ack.ok) throw new Error(`refused: ${ack.error.code} ${ack.error.message}`);
  return ack.call;
}

const stateOf = (call: Call, user: TestUser) => call.participants.find((p) => p.userId === user.user.id)?.state;
const deviceOf = (call: Call, user: TestUser) => call.participants.find((p) => p.userId === user.user.id)?.deviceId;
const forCall = (callId: string) => (event: { call: Call }) => event.call.id === callId;
const callEntry = (callId: string) => (event: { message: Message }) => event.message.call?.callId === callId;

/** Helpers bound to one running server. */
function scenario(server: () => TestServer) {
  /** A customer and an agent in an active conversation, one device each (the agent's took the conversation). */
  async function conversationWithAgent(customerName = 'Camille', agentName = 'Alex') {
    const customer = await server().registerCustomer(customerName);
    const agent = await server().createAgent(agentName);
    const conversation = await server().openConversation(customer);
    const agentDevice = await server().connect(agent);
    const taken = await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id });
    expect(taken.ok).toBe(true);
    const customerDevice = await server().connect(customer);
    return { customer, agent, conversation, agentDevice, customerDevice };
  }

  /** call:start, with every member's device listening before the start (events precede the ack). */
  async function startCall(device: TestDevice, conversationId: string, media: CallMedia = 'video'): Promise<Call> {
    return callOf(await device.emitWithAck('call:start', { conversationId, media }));
  }

  /** A 1:1 call the agent started and the customer answered. */
  async function activeCall() {
    const setup = await conversationWithAgent();
    const incoming = nextEvent(setup.customerDevice, 'call:incoming');
    const started = await startCall(setup.agentDevice, setup.conversation.id);
    await incoming;
    const answered = nextEvent(setup.agentDevice, 'call:updated', (e) => e.call.id === started.id && e.call.status === 'active');
    const call = callOf(await setup.customerDevice.emitWithAck('call:accept', { callId: started.id }));
    await answered;
    return { ...setup, call };
  }

  return { conversationWithAgent, startCall, activeCall };
}

describe.each(testDialects)('calls over socket.io (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect, { CALL_RING_TIMEOUT_MS: '20000', CALL_RECONNECT_GRACE_MS: '20000' });
  });
  afterAll(() => server?.stop());
  const { conversationWithAgent, startCall, activeCall } = scenario(() => server);

  describe('call:start', () => {
    it("rings every device of every other member with call:incoming, and acknowledges the caller's device as joined", async () => {
      const { customer, agent, conversation, agentDevice, customerDevice } = await conversationWithAgent();
      const customerTab2 = await server.connect(customer);
      const agentTab2 = await server.connect(agent);
      const ringing = [nextEvent(customerDevice, 'call:incoming'), nextEvent(customerTab2, 'call:incoming')];
      const atCallerOtherTab = nextEvent(agentTab2, 'call:updated');
      const notRungAtAgent = [collect(agentDevice, 'call:incoming'), collect(agentTab2, 'call:incoming')];

      const call = await startCall(agentDevice, conversation.id, 'audio');

      expect(call).toEqual({
        id: expect.any(String),
        conversationId: conversation.id,
        media: 'audio',
        status: 'ringing',
        startedBy: agent.user.id,
        participants: [
          { userId: agent.user.id, displayName: 'Alex', state: 'joined', deviceId: agentDevice.deviceId },
          { userId: customer.user.id, displayName: 'Camille', state: 'ringing' },
        ],
        createdAt: expect.any(String),
        answeredAt: null,
        endedAt: null,
      });
      for (const event of await Promise.all(ringing)) expect(event.call).toEqual(call);
      expect((await atCallerOtherTab).call).toEqual(call);
      await sleep(100);
      expect(notRungAtAgent).toEqual([[], []]);
    });

    it('can be started by the customer, ringing the agent', async () => {
      const { customer, agent, conversation, agentDevice, customerDevice } = await conversationWithAgent();
      const ringing = nextEvent(agentDevice, 'call:incoming');

      const call = await startCall(customerDevice, conversation.id);

      expect((await ringing).call.id).toBe(call.id);
      expect(call.startedBy).toBe(customer.user.id);
      expect(stateOf(call, agent)).toBe('ringing');
    });

    it('reaches nobody outside the conversation', async () => {
      const { conversation, agentDevice } = await conversationWithAgent();
      const outsiders = [await server.connect(await server.registerCustomer()), await server.connect(await server.createAgent())];
      const seen = outsiders.map((device) => device.log);
      const before = seen.map((log) => log.length);

      await startCall(agentDevice, conversation.id);
      await sleep(150);

      expect(seen.map((log, i) => log.slice(before[i]).filter((e) => e.event.startsWith('call:')))).toEqual([[], []]);
    });

    it('answers conflict to a second call:start while the conversation has a live call, from either side', async () => {
      const { conversation, agentDevice, customerDevice } = await conversationWithAgent();
      await startCall(agentDevice, conversation.id);

      expect(await customerDevice.emitWithAck('call:start', { conversationId: conversation.id, media: 'video' })).toEqual(conflict);
      expect(await agentDevice.emitWithAck('call:start', { conversationId: conversation.id, media: 'audio' })).toEqual(conflict);
    });

    it('answers conflict when nobody else is in the conversation yet (still waiting for an agent)', async () => {
      const customer = await server.registerCustomer();
      const conversation = await server.openConversation(customer);
      const device = await server.connect(customer);

      expect(await device.emitWithAck('call:start', { conversationId: conversation.id, media: 'video' })).toEqual(conflict);
    });

    it('answers forbidden to a non-member and not_found for an unknown conversation', async () => {
      const { conversation, customerDevice } = await conversationWithAgent();
      const stranger = await server.connect(await server.registerCustomer('Stranger'));
      const idleAgent = await server.connect(await server.createAgent('Idle'));
      const rung = collect(customerDevice, 'call:incoming');

      expect(await stranger.emitWithAck('call:start', { conversationId: conversation.id, media: 'video' })).toEqual(forbidden);
      expect(await idleAgent.emitWithAck('call:start', { conversationId: conversation.id, media: 'video' })).toEqual(forbidden);
      expect(await stranger.emitWithAck('call:start', { conversationId: 'no-such-conversation', media: 'video' })).toEqual(notFound);
      await sleep(100);
      expect(rung).toEqual([]);
    });
  });

  describe('call:accept', () => {
    it("joins the accepting tab; the user's other tab gets call:updated showing them joined elsewhere, so it stops ringing", async () => {
      const { customer, agent, conversation, agentDevice, customerDevice } = await conversationWithAgent();
      const customerTab2 = await server.connect(customer);
      const incoming = nextEvent(customerTab2, 'call:incoming');
      const started = await startCall(agentDevice, conversation.id);
      await incoming;
      const atOtherTab = nextEvent(customerTab2, 'call:updated', forCall(started.id));
      const atCaller = nextEvent(agentDevice, 'call:updated', forCall(started.id));

      const call = callOf(await customerDevice.emitWithAck('call:accept', { callId: started.id }));

      expect(call.status).toBe('active');
      expect(call.answeredAt).toEqual(expect.any(String));
      expect(call.participants).toEqual([
        { userId: agent.user.id, displayName: 'Alex', state: 'joined', deviceId: agentDevice.deviceId },
        { userId: customer.user.id, displayName: 'Camille', state: 'joined', deviceId: customerDevice.deviceId },
      ]);
      expect((await atOtherTab).call).toEqual(call);
      expect((await atCaller).call).toEqual(call);
    });

    it("answers conflict to the user's second tab while the first is joined", async () => {
      const { customer, call } = await activeCall();
      const customerTab2 = await server.connect(customer);

      expect(await customerTab2.emitWithAck('call:accept', { callId: call.id })).toEqual(conflict);
    });

    it('acknowledges a retried accept from the same tab with the same call, announcing nothing new', async () => {
      const { call, customerDevice, agentDevice } = await activeCall();
      const updates = collect(agentDevice, 'call:updated');

      const again = callOf(await customerDevice.emitWithAck('call:accept', { callId: call.id }));
      await sleep(100);

      expect(again).toEqual(call);
      expect(updates).toEqual([]);
    });

    it('answers forbidden to a non-member and not_found for an unknown call', async () => {
      const { call } = await activeCall();
      const stranger = await server.connect(await server.registerCustomer('Stranger'));

      expect(await stranger.emitWithAck('call:accept', { callId: call.id })).toEqual(forbidden);
      expect(await stranger.emitWithAck('call:accept', { callId: 'no-such-call' })).toEqual(notFound);
    });

    it('lets a member added after the start join the call (an invited supervisor)', async () => {
      const { conversation, call, agentDevice } = await activeCall();
      const supervisor = await server.createAgent('Sam');
      await server.addMemberDirectly(conversation.id, supervisor);
      const supervisorDevice = await server.connect(supervisor);
      const joinedSeen = nextEvent(agentDevice, 'call:updated', (e) => e.call.participants.length === 3);

      const joined = callOf(await supervisorDevice.emitWithAck('call:accept', { callId: call.id }));

      expect(stateOf(joined, supervisor)).toBe('joined');
      expect((await joinedSeen).call).toEqual(joined);
    });
  });

  describe('conversation:invite during a call', () => {
    it('sends the live call to the invited agent, who can then join it', async () => {
      const { conversation, call, agentDevice, customerDevice } = await activeCall();
      const supervisor = await server.createAgent('Sam');
      const supervisorDevice = await server.connect(supervisor);
      const announced = nextEvent(supervisorDevice, 'call:updated', forCall(call.id));

      const invited = await agentDevice.emitWithAck('conversation:invite', { conversationId: conversation.id, userId: supervisor.user.id });

      expect(invited.ok).toBe(true);
      expect((await announced).call).toEqual(call);
      const joinedSeen = nextEvent(customerDevice, 'call:updated', (e) => stateOf(e.call, supervisor) === 'joined');
      const joined = callOf(await supervisorDevice.emitWithAck('call:accept', { callId: call.id }));
      expect(joined.participants).toHaveLength(3);
      expect((await joinedSeen).call).toEqual(joined);
    });
  });

  describe('conversation:transfer during a call', () => {
    it('the agent who hands over leaves the call: a 1:1 call ends for both, and the new agent may start another', async () => {
      const { agent, conversation, call, agentDevice, customerDevice } = await activeCall();
      const colleague = await server.createAgent('Nina');
      const colleagueDevice = await server.connect(colleague);
      const endedForCustomer = nextEvent(customerDevice, 'call:ended', forCall(call.id));
      const endedForAgent = nextEvent(agentDevice, 'call:ended', forCall(call.id));

      const transferred = await agentDevice.emitWithAck('conversation:transfer', { conversationId: conversation.id, toUserId: colleague.user.id });

      expect(transferred.ok).toBe(true);
      const { call: ended } = await endedForCustomer;
      expect(stateOf(ended, agent)).toBe('left');
      expect((await endedForAgent).call).toEqual(ended);
      expect(await agentDevice.emitWithAck('signal', { callId: call.id, to: customerDevice.deviceId, candidate: null })).toMatchObject({ ok: false });
      expect((await startCall(colleagueDevice, conversation.id)).status).toBe('ringing');
    });

    it('in a call of three, the call goes on between the customer and the supervisor', async () => {
      const { agent, conversation, call, agentDevice, customerDevice } = await activeCall();
      const supervisor = await server.createAgent('Sam');
      const supervisorDevice = await server.connect(supervisor);
      expect((await agentDevice.emitWithAck('conversation:invite', { conversationId: conversation.id, userId: supervisor.user.id })).ok).toBe(true);
      callOf(await supervisorDevice.emitWithAck('call:accept', { callId: call.id }));
      const colleague = await server.createAgent('Nina');
      await server.connect(colleague);
      const agentLeft = nextEvent(customerDevice, 'call:updated', (e) => e.call.id === call.id && stateOf(e.call, agent) === 'left');

      const transferred = await agentDevice.emitWithAck('conversation:transfer', { conversationId: conversation.id, toUserId: colleague.user.id });

      expect(transferred.ok).toBe(true);
      const { call: after } = await agentLeft;
      expect(after.status).toBe('active');
      expect(stateOf(after, supervisor)).toBe('joined');
      expect(await supervisorDevice.emitWithAck('signal', { callId: call.id, to: customerDevice.deviceId, candidate: null })).toEqual({ ok: true });
    });
  });

  describe('call:decline', () => {
    it('ends a 1:1 call for every device of both members with call:ended', async () => {
      const { customer, conversation, agentDevice, customerDevice } = await conversationWithAgent();
      const customerTab2 = await server.connect(customer);
      const incoming = nextEvent(customerTab2, 'call:incoming');
      const started = await startCall(agentDevice, conversation.id);
      await incoming;
      const ended = [agentDevice, customerDevice, customerTab2].map((device) => nextEvent(device, 'call:ended', forCall(started.id)));

      const call = callOf(await customerTab2.emitWithAck('call:decline', { callId: started.id }));

      expect(call.status).toBe('ended');
      expect(stateOf(call, customer)).toBe('declined');
      for (const event of await Promise.all(ended)) expect(event.call).toEqual(call);
    });

    it('in a call of three, stops the ringing for the one who declined and keeps ringing the other', async () => {
      const { customer, conversation, agentDevice, customerDevice } = await conversationWithAgent();
      const second = await server.createAgent('Sam');
      await server.addMemberDirectly(conversation.id, second);
      const secondDevice = await server.connect(second);
      const started = await startCall(customerDevice, conversation.id);
      const atAgent = nextEvent(agentDevice, 'call:updated', forCall(started.id));

      const call = callOf(await secondDevice.emitWithAck('call:decline', { callId: started.id }));

      expect(call.status).toBe('ringing');
      expect(call.participants.map((p) => p.state)).toEqual(['joined', 'ringing', 'declined']);
      expect((await atAgent).call).toEqual(call);
      expect(stateOf(call, customer)).toBe('joined');
    });

    it('answers conflict when the call is not ringing for the user', async () => {
      const { call, customerDevice, agentDevice } = await activeCall();

      expect(await customerDevice.emitWithAck('call:decline', { callId: call.id })).toEqual(conflict);
      expect(await agentDevice.emitWithAck('call:decline', { callId: call.id })).toEqual(conflict);
    });
  });

  describe('busy', () => {
    /** Another customer's conversation, taken by the same agent. */
    async function anotherConversation(agentDevice: TestDevice) {
      const customer = await server.registerCustomer('Dominique');
      const conversation = await server.openConversation(customer);
      expect((await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id })).ok).toBe(true);
      return { conversation, customerDevice: await server.connect(customer) };
    }

    it('marks a callee who is joined to another call busy: the call ends at once and they are not rung', async () => {
      const { agent, agentDevice, customerDevice, conversation } = await conversationWithAgent();
      const other = await anotherConversation(agentDevice);
      const incoming = nextEvent(customerDevice, 'call:incoming');
      const firstCall = await startCall(agentDevice, conversation.id);
      await incoming;
      callOf(await customerDevice.emitWithAck('call:accept', { callId: firstCall.id }));
      const rungAgain = collect(agentDevice, 'call:incoming');
      const ended = nextEvent(agentDevice, 'call:ended', (e) => e.call.conversationId === other.conversation.id);
      const timeline = nextEvent(agentDevice, 'message:new', (e) => e.message.conversationId === other.conversation.id);

      const call = await startCall(other.customerDevice, other.conversation.id);

      expect(call.status).toBe('ended');
      expect(stateOf(call, agent)).toBe('busy');
      expect((await ended).call).toEqual(call);
      expect((await timeline).message).toMatchObject({ kind: 'call', body: 'Missed video call', call: { outcome: 'missed' } });
      expect(rungAgain).toEqual([]);
    });

    it('a member rung by two calls who accepts one becomes busy in the other', async () => {
      const { agent, agentDevice, customerDevice, conversation } = await conversationWithAgent();
      const other = await anotherConversation(agentDevice);
      const bothRinging = nextEvent(agentDevice, 'call:incoming', (e) => e.call.conversationId === other.conversation.id);
      const firstCall = await startCall(customerDevice, conversation.id);
      const secondCall = await startCall(other.customerDevice, other.conversation.id);
      await bothRinging;
      const secondEnded = nextEvent(other.customerDevice, 'call:ended', forCall(secondCall.id));

      callOf(await agentDevice.emitWithAck('call:accept', { callId: firstCall.id }));

      expect(stateOf((await secondEnded).call, agent)).toBe('busy');
    });

    it('answers conflict to a member joined to one call who starts another or joins another', async () => {
      const { agent, agentDevice, customerDevice, conversation } = await conversationWithAgent();
      const other = await anotherConversation(agentDevice);
      await server.addMemberDirectly(other.conversation.id, await server.createAgent('Sam'));
      const third = await anotherConversation(agentDevice);
      const started = await startCall(customerDevice, conversation.id);
      callOf(await agentDevice.emitWithAck('call:accept', { callId: started.id }));
      // The agent is busy there, but their colleague is rung: the call is live.
      const otherCall = await startCall(other.customerDevice, other.conversation.id);
      expect([otherCall.status, stateOf(otherCall, agent)]).toEqual(['ringing', 'busy']);

      expect(await agentDevice.emitWithAck('call:start', { conversationId: third.conversation.id, media: 'video' })).toEqual(conflict);
      expect(await agentDevice.emitWithAck('call:accept', { callId: otherCall.id })).toEqual(conflict);
    });
  });

  describe('call:leave', () => {
    it('ends a 1:1 call for everyone: call:ended on every device of both members', async () => {
      const { customer, agent, call, agentDevice, customerDevice } = await activeCall();
      const customerTab2 = await server.connect(customer);
      const ended = [agentDevice, customerDevice, customerTab2].map((device) => nextEvent(device, 'call:ended', forCall(call.id)));

      const left = callOf(await agentDevice.emitWithAck('call:leave', { callId: call.id }));

      expect(left.status).toBe('ended');
      expect(left.endedAt).toEqual(expect.any(String));
      expect(stateOf(left, agent)).toBe('left');
      expect(stateOf(left, customer)).toBe('joined');
      for (const event of await Promise.all(ended)) expect(event.call).toEqual(left);
    });

    it('by the caller while it rings cancels the call for the callee', async () => {
      const { conversation, agentDevice, customerDevice } = await conversationWithAgent();
      const incoming = nextEvent(customerDevice, 'call:incoming');
      const started = await startCall(agentDevice, conversation.id);
      await incoming;
      const ended = nextEvent(customerDevice, 'call:ended', forCall(started.id));
      const timeline = nextEvent(customerDevice, 'message:new', callEntry(started.id));

      callOf(await agentDevice.emitWithAck('call:leave', { callId: started.id }));

      expect((await ended).call.status).toBe('ended');
      expect((await timeline).message).toMatchObject({ kind: 'call', body: 'Cancelled video call', call: { outcome: 'cancelled' } });
    });

    it('answers not_found once the call has ended, and a new call can start', async () => {
      const { call, conversation, agentDevice, customerDevice } = await activeCall();
      callOf(await agentDevice.emitWithAck('call:leave', { callId: call.id }));

      expect(await customerDevice.emitWithAck('call:leave', { callId: call.id })).toEqual(notFound);
      expect((await startCall(customerDevice, conversation.id)).id).not.toBe(call.id);
    });

    it('answers conflict to a participant who is not joined, and forbidden to a non-participant', async () => {
      const { conversation, agentDevice, customerDevice } = await conversationWithAgent();
      const started = await startCall(agentDevice, conversation.id);
      const stranger = await server.connect(await server.registerCustomer('Stranger'));

      expect(await customerDevice.emitWithAck('call:leave', { callId: started.id })).toEqual(conflict);
      expect(await stranger.emitWithAck('call:leave', { callId: started.id })).toEqual(forbidden);
    });
  });

  describe('a mesh of three', () => {
    it('customer and two agents: stays active when one leaves, ends when the second leaves', async () => {
      const { customer, agent, conversation, agentDevice, customerDevice } = await conversationWithAgent();
      const second = await server.createAgent('Sam');
      await server.addMemberDirectly(conversation.id, second);
      const secondDevice = await server.connect(second);
      const ringing = [nextEvent(agentDevice, 'call:incoming'), nextEvent(secondDevice, 'call:incoming')];
      const started = await startCall(customerDevice, conversation.id);
      await Promise.all(ringing);
      callOf(await agentDevice.emitWithAck('call:accept', { callId: started.id }));
      const three = callOf(await secondDevice.emitWithAck('call:accept', { callId: started.id }));
      expect(three.participants.map((p) => [p.displayName, p.state, p.deviceId])).toEqual([
        ['Camille', 'joined', customerDevice.deviceId],
        ['Alex', 'joined', agentDevice.deviceId],
        ['Sam', 'joined', secondDevice.deviceId],
      ]);
      const updated = [customerDevice, secondDevice].map((device) => nextEvent(device, 'call:updated', (e) => stateOf(e.call, agent) === 'left'));

      const two = callOf(await agentDevice.emitWithAck('call:leave', { callId: started.id }));

      expect(two.status).toBe('active');
      for (const event of await Promise.all(updated)) expect(event.call).toEqual(two);
      const ended = [customerDevice, agentDevice, secondDevice].map((device) => nextEvent(device, 'call:ended', forCall(started.id)));

      const last = callOf(await secondDevice.emitWithAck('call:leave', { callId: started.id }));

      expect(last.status).toBe('ended');
      expect(stateOf(last, customer)).toBe('joined');
      for (const event of await Promise.all(ended)) expect(event.call).toEqual(last);
    });
  });

  describe('signal', () => {
    const offer = { type: 'offer' as const, sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host', sdpMid: '0', sdpMLineIndex: 0 };

    /** An active mesh of three with a second tab for the customer that is not in the call. */
    async function meshOfThree() {
      const setup = await conversationWithAgent();
      const second = await server.createAgent('Sam');
      await server.addMemberDirectly(setup.conversation.id, second);
      const secondDevice = await server.connect(second);
      const customerTab2 = await server.connect(setup.customer);
      const call = await startCall(setup.customerDevice, setup.conversation.id);
      callOf(await setup.agentDevice.emitWithAck('call:accept', { callId: call.id }));
      callOf(await secondDevice.emitWithAck('call:accept', { callId: call.id }));
      const devices = [setup.customerDevice, customerTab2, setup.agentDevice, secondDevice];
      const inboxes = () => devices.map((device) => collect(device, 'signal'));
      return { ...setup, call, secondDevice, customerTab2, devices, inboxes };
    }

    it('relays a description to exactly the addressed device, with `from` the sender device', async () => {
      const { call, customerDevice, agentDevice, inboxes } = await meshOfThree();
      const [atCustomer, atCustomerTab2, atAgent, atSecond] = inboxes();
      const relayed = nextEvent(agentDevice, 'signal');

      const ack = await customerDevice.emitWithAck('signal', { callId: call.id, to: agentDevice.deviceId, description: offer });

      expect(ack).toEqual({ ok: true });
      expect(await relayed).toEqual({ callId: call.id, from: customerDevice.deviceId, description: offer });
      await sleep(100);
      expect(atAgent).toHaveLength(1);
      expect([atCustomer, atCustomerTab2, atSecond]).toEqual([[], [], []]);
    });

    it('relays ICE candidates, and the end-of-candidates null as null', async () => {
      const { call, agentDevice, secondDevice } = await meshOfThree();
      const received = collect(secondDevice, 'signal');
      const last = nextEvent(secondDevice, 'signal', (e) => e.candidate === null);

      expect(await agentDevice.emitWithAck('signal', { callId: call.id, to: secondDevice.deviceId, candidate })).toEqual({ ok: true });
      expect(await agentDevice.emitWithAck('signal', { callId: call.id, to: secondDevice.deviceId, candidate: null })).toEqual({ ok: true });
      await last;

      expect(received).toEqual([
        { callId: call.id, from: agentDevice.deviceId, candidate },
        { callId: call.id, from: agentDevice.deviceId, candidate: null },
      ]);
    });

    it('refuses, and relays nothing: to a device not joined, from a device not joined, from a non-member, to oneself; unknown call', async () => {
      const { call, customerDevice, agentDevice, customerTab2, devices, inboxes } = await meshOfThree();
      const stranger = await server.connect(await server.registerCustomer('Stranger'));
      const received = inboxes();
      const strangerInbox = collect(stranger, 'signal');

      const acks = [
        // The customer's other tab is the customer's, but not joined: it may neither receive nor send.
        await agentDevice.emitWithAck('signal', { callId: call.id, to: customerTab2.deviceId, description: offer }),
        await customerTab2.emitWithAck('signal', { callId: call.id, to: agentDevice.deviceId, description: offer }),
        await stranger.emitWithAck('signal', { callId: call.id, to: agentDevice.deviceId, description: offer }),
        await stranger.emitWithAck('signal', { callId: call.id, to: stranger.deviceId, candidate }),
        await agentDevice.emitWithAck('signal', { callId: call.id, to: stranger.deviceId, candidate }),
        await agentDevice.emitWithAck('signal', { callId: call.id, to: agentDevice.deviceId, candidate }),
        await agentDevice.emitWithAck('signal', { callId: call.id, to: 'no-such-device', candidate }),
      ];
      const unknown = await customerDevice.emitWithAck('signal', { callId: 'no-such-call', to: agentDevice.deviceId, candidate });
      await sleep(150);

      expect(acks).toEqual(Array(acks.length).fill(forbidden));
      expect(unknown).toEqual(notFound);
      expect(received).toEqual(devices.map(() => []));
      expect(strangerInbox).toEqual([]);
    });

    it('refuses signaling to and from a device once its user left the call', async () => {
      const { call, customerDevice, agentDevice } = await meshOfThree();
      callOf(await agentDevice.emitWithAck('call:leave', { callId: call.id }));

      expect(await agentDevice.emitWithAck('signal', { callId: call.id, to: customerDevice.deviceId, candidate })).toEqual(forbidden);
      expect(await customerDevice.emitWithAck('signal', { callId: call.id, to: agentDevice.deviceId, candidate })).toEqual(forbidden);
    });

    it('reaches the addressed device only, even though another tab of the same user is connected', async () => {
      const { call, customer, customerDevice, agentDevice, customerTab2 } = await meshOfThree();
      const atTab2 = collect(customerTab2, 'signal');
      const relayed = nextEvent(customerDevice, 'signal');

      await agentDevice.emitWithAck('signal', { callId: call.id, to: customerDevice.deviceId, description: { type: 'answer', sdp: 'v=0\r\n' } });

      expect((await relayed).from).toBe(agentDevice.deviceId);
      await sleep(100);
      expect(atTab2).toEqual([]);
      expect(customerTab2.ready.user.id).toBe(customer.user.id);
    });
  });

  describe('on (re)connection', () => {
    it('a new device receives call:updated for each live call of its user’s conversations, and none for others', async () => {
      const { customer, conversation, agentDevice } = await conversationWithAgent();
      const started = await startCall(agentDevice, conversation.id);
      const unrelated = await conversationWithAgent('Other customer', 'Other agent');
      await startCall(unrelated.agentDevice, unrelated.conversation.id);

      const reloaded = await server.connect(customer);

      expect((await receivedEvent(reloaded, 'call:updated')).call).toEqual(started);
      await sleep(100);
      expect(reloaded.log.filter((e) => e.event === 'call:updated')).toHaveLength(1);
    });
  });

  describe('the timeline', () => {
    it('gets one kind "call" entry when an answered call ends: delivered as message:new and kept in the history', async () => {
      const { customer, agent, conversation, call, agentDevice, customerDevice } = await activeCall();
      const delivered = [agentDevice, customerDevice].map((device) => nextEvent(device, 'message:new', callEntry(call.id)));
      await sleep(1100); // a duration of at least one second

      const ended = callOf(await customerDevice.emitWithAck('call:leave', { callId: call.id }));

      const [atAgent, atCustomer] = await Promise.all(delivered);
      const expectedSeconds = Math.round((Date.parse(ended.endedAt!) - Date.parse(ended.answeredAt!)) / 1000);
      expect(expectedSeconds).toBeGreaterThanOrEqual(1);
      expect(atAgent!.message).toEqual({
        id: expect.any(Number),
        conversationId: conversation.id,
        senderId: agent.user.id,
        senderName: 'Alex',
        clientMessageId: `call:${call.id}`,
        kind: 'call',
        body: `Video call, ${expectedSeconds} s`,
        createdAt: ended.endedAt,
        call: {
          callId: call.id,
          media: 'video',
          outcome: 'answered',
          startedBy: agent.user.id,
          durationSeconds: expectedSeconds,
          joined: ['Alex', 'Camille'],
        },
      });
      expect(atCustomer!.message).toEqual(atAgent!.message);
      const history = await server.request('GET', `/api/conversations/${conversation.id}/messages`, { token: customer.token });
      expect(history.body.messages.filter((m: Message) => m.kind === 'call')).toEqual([atAgent!.message]);
    });

    it('orders the call entry among chat messages by id, and counts it as unread for the others', async () => {
      const { customer, conversation, call, agentDevice, customerDevice } = await activeCall();
      const before = await customerDevice.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'before', body: 'Can you see me?' });
      const entry = nextEvent(customerDevice, 'message:new', callEntry(call.id));
      callOf(await agentDevice.emitWithAck('call:leave', { callId: call.id }));
      const after = await customerDevice.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'after', body: 'Thanks!' });
      const callMessage = (await entry).message;

      const history = await server.request('GET', `/api/conversations/${conversation.id}/messages`, { token: customer.token });

      expect(before.ok && after.ok).toBe(true);
      if (!before.ok || !after.ok) return;
      expect(history.body.messages.map((m: Message) => m.id)).toEqual([before.message.id, callMessage.id, after.message.id]);
      expect(callMessage.id).toBeGreaterThan(before.message.id);
      const list = await server.request('GET', '/api/conversations', { token: customer.token });
      const summary = list.body.conversations.find((c: { id: string }) => c.id === conversation.id);
      expect(summary.unreadCount).toBe(1);
    });

    it('reads "Declined audio call" for a declined call, with no duration', async () => {
      const { conversation, agentDevice, customerDevice } = await conversationWithAgent();
      const started = await startCall(customerDevice, conversation.id, 'audio');
      const entry = nextEvent(customerDevice, 'message:new', callEntry(started.id));

      callOf(await agentDevice.emitWithAck('call:decline', { callId: started.id }));

      expect((await entry).message).toMatchObject({
        kind: 'call',
        body: 'Declined audio call',
        call: { outcome: 'declined', durationSeconds: null, joined: ['Camille'], media: 'audio' },
      });
    });
  });

  describe('invalid payloads', () => {
    let device: TestDevice;
    let callId: string;
    beforeAll(async () => {
      const { call, customerDevice } = await activeCall();
      device = customerDevice;
      callId = call.id;
    });

    it.each<[string, string, () => unknown[]]>([
      ['call:start', 'no payload', () => []],
      ['call:start', 'media "screen"', () => [{ conversationId: 'c', media: 'screen' }]],
      ['call:start', 'no conversationId', () => [{ media: 'video' }]],
      ['call:accept', 'no callId', () => [{}]],
      ['call:decline', 'a callId that is not a string', () => [{ callId: 42 }]],
      ['call:leave', 'an empty callId', () => [{ callId: '' }]],
      ['signal', 'neither description nor candidate', () => [{ callId, to: 'd' }]],
      ['signal', 'no recipient', () => [{ callId, candidate: null }]],
      ['signal', 'an SDP over 32 KiB', () => [{ callId, to: 'd', description: { type: 'offer', sdp: 'x'.repeat(32 * 1024 + 1) } }]],
      ['signal', 'an unknown description type', () => [{ callId, to: 'd', description: { type: 'hello', sdp: 'v=0' } }]],
      ['signal', 'a candidate over 1024 characters', () => [{ callId, to: 'd', candidate: { candidate: 'c'.repeat(1025) } }]],
      ['signal', 'a NUL character in the SDP', () => [{ callId, to: 'd', description: { type: 'offer', sdp: 'v=0\u0000' } }]],
    ])('answers invalid_payload to %s with %s, and the socket keeps working', async (event, _case, args) => {
      const ack = await (device.emitWithAck as (event: string, ...args: unknown[]) => Promise<unknown>)(event, ...args());

      expect(ack).toEqual(invalidPayload);
      expect(callOf(await device.emitWithAck('call:accept', { callId })).id).toBe(callId);
    });
  });
});

describe.each(testDialects)('call timers (%s)', (dialect) => {
  // The grace is shorter than the ringing, so that a lost caller's device ends a call still ringing.
  const RING_MS = 1000;
  const GRACE_MS = 400;
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect, { CALL_RING_TIMEOUT_MS: String(RING_MS), CALL_RECONNECT_GRACE_MS: String(GRACE_MS) });
  });
  afterAll(() => server?.stop());
  const { conversationWithAgent, startCall, activeCall } = scenario(() => server);

  it('marks the callee missed and ends the call when nobody answers within the ring timeout', async () => {
    const { customer, conversation, agentDevice, customerDevice } = await conversationWithAgent();
    const incoming = nextEvent(customerDevice, 'call:incoming');
    const started = await startCall(agentDevice, conversation.id, 'audio');
    await incoming;
    const ended = [agentDevice, customerDevice].map((device) => nextEvent(device, 'call:ended', forCall(started.id)));
    const entry = nextEvent(customerDevice, 'message:new', callEntry(started.id));

    const [atAgent, atCustomer] = await Promise.all(ended);

    const elapsed = Date.parse(atAgent!.call.endedAt!) - Date.parse(started.createdAt);
    expect(elapsed).toBeGreaterThanOrEqual(RING_MS - 5);
    expect(stateOf(atAgent!.call, customer)).toBe('missed');
    expect(atCustomer!.call).toEqual(atAgent!.call);
    expect((await entry).message).toMatchObject({ kind: 'call', body: 'Missed audio call', call: { outcome: 'missed', durationSeconds: null } });
  });

  it('does not time out an answered call', async () => {
    const { call, agentDevice } = await activeCall();
    const events = collect(agentDevice, 'call:ended');

    await sleep(RING_MS + 200);

    expect(events).toEqual([]);
    expect(await agentDevice.emitWithAck('call:leave', { callId: call.id })).toMatchObject({ ok: true, call: { status: 'ended' } });
  });

  it('makes a joined device that disconnects and does not come back leave after the grace period, ending a 1:1 call', async () => {
    const { customer, call, agentDevice, customerDevice } = await activeCall();
    const ended = nextEvent(agentDevice, 'call:ended', forCall(call.id), GRACE_MS + 3000);
    const lostAt = Date.now();

    customerDevice.disconnect();

    const { call: last } = await ended;
    expect(Date.now() - lostAt).toBeGreaterThanOrEqual(GRACE_MS - 50);
    expect(stateOf(last, customer)).toBe('left');
  });

  it('lets a reloaded tab (a new device) take over the call while the old one is in its grace period', async () => {
    const { customer, call, agentDevice, customerDevice } = await activeCall();
    const ended = collect(agentDevice, 'call:ended');
    await server.disconnect(customerDevice);
    const reloaded = await server.connect(customer);
    expect((await receivedEvent(reloaded, 'call:updated', forCall(call.id))).call.status).toBe('active');

    const taken = callOf(await reloaded.emitWithAck('call:accept', { callId: call.id }));
    await sleep(GRACE_MS + 200);

    expect(deviceOf(taken, customer)).toBe(reloaded.deviceId);
    expect(ended).toEqual([]);
    expect(await agentDevice.emitWithAck('signal', { callId: call.id, to: reloaded.deviceId, candidate: null })).toEqual({ ok: true });
  });

  it('keeps a device in the call when its connection is recovered within the grace period (same deviceId)', async () => {
    const { customer, conversation, agentDevice } = await conversationWithAgent();
    const socket: TestSocket = connectClient(server.baseUrl, {
      auth: { token: customer.token },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
    });
    try {
      const { deviceId } = await new Promise<{ deviceId: string }>((resolve) => socket.once('session:ready', resolve));
      const incoming = new Promise<{ call: Call }>((resolve) => socket.once('call:incoming', resolve));
      const started = await startCall(agentDevice, conversation.id);
      await incoming;
      const accepted = callOf(await socket.emitWithAck('call:accept', { callId: started.id }));
      expect(deviceOf(accepted, customer)).toBe(deviceId);
      const ended = collect(agentDevice, 'call:ended');
      const recovered = new Promise<boolean>((resolve) => socket.once('connect', () => resolve(socket.recovered)));

      socket.io.engine.close(); // a network blip: the client reconnects and recovers its session

      expect(await recovered).toBe(true);
      await sleep(GRACE_MS + 200);
      expect(ended).toEqual([]);
      const relayed = new Promise((resolve) => socket.once('signal', resolve));
      expect(await agentDevice.emitWithAck('signal', { callId: started.id, to: deviceId, candidate: null })).toEqual({ ok: true });
      expect(await relayed).toEqual({ callId: started.id, from: agentDevice.deviceId, candidate: null });
    } finally {
      socket.disconnect();
    }
  });

  it("ends a ringing call when the caller's device disconnects and does not come back", async () => {
    const { conversation, agentDevice, customerDevice } = await conversationWithAgent();
    const started = await startCall(agentDevice, conversation.id);
    const ended = nextEvent(customerDevice, 'call:ended', forCall(started.id), GRACE_MS + 3000);

    agentDevice.disconnect();

    expect((await ended).call.participants.map((p) => p.state)).toEqual(['left', 'ringing']);
  });
});
