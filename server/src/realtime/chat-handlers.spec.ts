import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Conversation, limits, type Message } from '@ycyw/protocol';
import { collect, nextEvent, sleep, type TestDevice, TestServer, type TestUser } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

describe.each(testDialects)('chat over socket.io (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
  });
  afterAll(() => server?.stop());

  async function activeConversation() {
    const customer = await server.registerCustomer('Camille');
    const agent = await server.createAgent('Alex');
    // The agent is online before the request is opened: else the timeline starts with the "no agent online" notice.
    const agentSocket = await server.connect(agent);
    const conversation = await server.openConversation(customer);
    const taken = await agentSocket.emitWithAck('queue:take', { conversationId: conversation.id });
    expect(taken.ok).toBe(true);
    return { customer, agent, conversation, agentSocket };
  }

  let sequence = 0;
  /** Sends a text message and returns the stored message the server acknowledged. */
  async function send(socket: TestDevice, conversationId: string, body = `message ${++sequence}`): Promise<Message> {
    const ack = await socket.emitWithAck('message:send', { conversationId, clientMessageId: `cm-${++sequence}`, body });
    if (!ack.ok) throw new Error(`send failed: ${ack.error.code} ${ack.error.message}`);
    return ack.message;
  }

  const forbidden = { ok: false, error: { code: 'forbidden', message: expect.any(String) } };
  const notFound = { ok: false, error: { code: 'not_found', message: expect.any(String) } };
  const invalidPayload = { ok: false, error: { code: 'invalid_payload', message: expect.any(String) } };

  it('message:send is acknowledged with the persisted message and delivered to every device of every member', async () => {
    const { customer, conversation, agentSocket } = await activeConversation();
    const tab1 = await server.connect(customer);
    const tab2 = await server.connect(customer);
    const deliveries = [nextEvent(tab1, 'message:new'), nextEvent(tab2, 'message:new'), nextEvent(agentSocket, 'message:new')];

    const ack = await tab1.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'c-1', body: 'Hello' });

    expect(ack).toMatchObject({ ok: true, message: { body: 'Hello', clientMessageId: 'c-1', senderName: 'Camille', kind: 'text' } });
    if (!ack.ok) throw new Error('unreachable');
    for (const delivered of await Promise.all(deliveries)) expect(delivered.message).toEqual(ack.message);
    const history = await server.request('GET', `/api/conversations/${conversation.id}/messages`, { token: customer.token });
    expect(history.body.messages).toEqual([ack.message]);
  });

  it('retrying message:send with the same clientMessageId returns the first message and delivers it once', async () => {
    const { customer, conversation, agentSocket } = await activeConversation();
    const socket = await server.connect(customer);
    const received = collect(agentSocket, 'message:new');
    const payload = { conversationId: conversation.id, clientMessageId: 'retry-1', body: 'Once' };

    const [first, second] = await Promise.all([socket.emitWithAck('message:send', payload), socket.emitWithAck('message:send', payload)]);
    const third = await socket.emitWithAck('message:send', payload);
    await sleep(200);

    expect(first.ok && second.ok && third.ok).toBe(true);
    if (!first.ok || !second.ok || !third.ok) return;
    expect(second.message.id).toBe(first.message.id);
    expect(third.message.id).toBe(first.message.id);
    expect(received.map((e) => e.message.id)).toEqual([first.message.id]);
  });

  it('delivers messages in the order of their ids, to the sender’s other tabs as well', async () => {
    const { customer, conversation, agentSocket } = await activeConversation();
    const tab1 = await server.connect(customer);
    const tab2 = await server.connect(customer);
    const atTab2 = collect(tab2, 'message:new');
    const atAgent = collect(agentSocket, 'message:new');

    const body = `third ${++sequence}`;
    const lastDelivered = [tab2, agentSocket].map((socket) => nextEvent(socket, 'message:new', (e) => e.message.body === body));

    const sent = [await send(tab1, conversation.id), await send(agentSocket, conversation.id), await send(tab1, conversation.id, body)];
    await Promise.all(lastDelivered);

    expect(sent.map((m) => m.id)).toEqual([...sent.map((m) => m.id)].sort((a, b) => a - b));
    expect(atTab2.map((e) => e.message)).toEqual(sent);
    expect(atAgent.map((e) => e.message)).toEqual(sent);
  });

  describe('members only', () => {
    let setup: Awaited<ReturnType<typeof activeConversation>>;
    let customerTab: TestDevice;
    let strangerSocket: TestDevice;
    let idleAgentSocket: TestDevice;
    let lastMessage: Message;
    beforeAll(async () => {
      setup = await activeConversation();
      customerTab = await server.connect(setup.customer);
      strangerSocket = await server.connect(await server.registerCustomer('Stranger'));
      idleAgentSocket = await server.connect(await server.createAgent('Agent who did not take it'));
      const delivered = [customerTab, setup.agentSocket].map((socket) => nextEvent(socket, 'message:new'));
      lastMessage = await send(customerTab, setup.conversation.id, 'only for members');
      await Promise.all(delivered);
    });

    /** Everything each member's device receives from now on. */
    const membersInboxes = () =>
      [customerTab, setup.agentSocket].map((socket) => ({
        messages: collect(socket, 'message:new'),
        typing: collect(socket, 'typing'),
        reads: collect(socket, 'message:read'),
      }));

    it('answers forbidden to a non-member’s message:send, delivers nothing and stores nothing', async () => {
      const inboxes = membersInboxes();

      const fromStranger = await strangerSocket.emitWithAck('message:send', { conversationId: setup.conversation.id, clientMessageId: 'intruder-1', body: 'Let me in' });
      const fromIdleAgent = await idleAgentSocket.emitWithAck('message:send', { conversationId: setup.conversation.id, clientMessageId: 'intruder-2', body: 'Me too' });
      await sleep(150);

      expect(fromStranger).toEqual(forbidden);
      expect(fromIdleAgent).toEqual(forbidden);
      for (const inbox of inboxes) expect(inbox.messages).toEqual([]);
      const history = await server.request('GET', `/api/conversations/${setup.conversation.id}/messages`, { token: setup.customer.token });
      expect(history.body.messages.at(-1)).toEqual(lastMessage);
    });

    it('answers forbidden to a non-member’s typing and relays nothing', async () => {
      const inboxes = membersInboxes();

      const ack = await strangerSocket.emitWithAck('typing', { conversationId: setup.conversation.id });
      await sleep(150);

      expect(ack).toEqual(forbidden);
      for (const inbox of inboxes) expect(inbox.typing).toEqual([]);
    });

    it('answers forbidden to a non-member’s message:read, broadcasts nothing and stores no marker', async () => {
      const inboxes = membersInboxes();

      const ack = await idleAgentSocket.emitWithAck('message:read', { conversationId: setup.conversation.id, messageId: lastMessage.id });
      await sleep(150);

      expect(ack).toEqual(forbidden);
      for (const inbox of inboxes) expect(inbox.reads).toEqual([]);
      const { conversation } = (await server.request('GET', `/api/conversations/${setup.conversation.id}`, { token: setup.customer.token })).body;
      expect(conversation.members.map((m: { userId: string }) => m.userId)).toEqual([setup.customer.user.id, setup.agent.user.id]);
    });

    it('answers not_found to message:send, typing and message:read for an unknown conversation', async () => {
      const conversationId = 'no-such-conversation';

      const acks = await Promise.all([
        customerTab.emitWithAck('message:send', { conversationId, clientMessageId: 'lost-1', body: 'Anyone?' }),
        customerTab.emitWithAck('typing', { conversationId }),
        customerTab.emitWithAck('message:read', { conversationId, messageId: lastMessage.id }),
      ]);

      expect(acks).toEqual([notFound, notFound, notFound]);
    });
  });

  describe('invalid payloads', () => {
    let setup: Awaited<ReturnType<typeof activeConversation>>;
    let customerSocket: TestDevice;
    beforeAll(async () => {
      setup = await activeConversation();
      customerSocket = await server.connect(setup.customer);
    });

    const valid = () => ({ conversationId: setup.conversation.id, clientMessageId: `ok-${++sequence}`, body: 'valid' });

    it.each<[string, () => unknown[]]>([
      ['a missing body', () => [{ conversationId: setup.conversation.id, clientMessageId: 'bad-1' }]],
      ['an empty body', () => [{ ...valid(), body: '' }]],
      ['a whitespace-only body', () => [{ ...valid(), body: ' \n\t ' }]],
      [`a body over ${limits.messageBodyMaxChars} characters`, () => [{ ...valid(), body: 'x'.repeat(limits.messageBodyMaxChars + 1) }]],
      ['a body that is not a string', () => [{ ...valid(), body: 42 }]],
      ['a NUL character in the body', () => [{ ...valid(), body: 'before\u0000after' }]],
      ['a NUL character in the conversationId', () => [{ ...valid(), conversationId: `${setup.conversation.id}\u0000` }]],
      ['a conversationId that is not a string', () => [{ ...valid(), conversationId: ['a'] }]],
      ['a missing clientMessageId', () => [{ conversationId: setup.conversation.id, body: 'no id' }]],
      [`a clientMessageId over ${limits.clientMessageIdMaxChars} characters`, () => [{ ...valid(), clientMessageId: 'c'.repeat(limits.clientMessageIdMaxChars + 1) }]],
      ['no payload at all', () => []],
      ['null', () => [null]],
      ['a string instead of an object', () => ['junk']],
      ['an array instead of an object', () => [[valid()]]],
    ])('answers invalid_payload to message:send with %s, delivers nothing, and the socket keeps working', async (_case, args) => {
      const atAgent = collect(setup.agentSocket, 'message:new');

      const next = valid();
      const goodDelivered = nextEvent(setup.agentSocket, 'message:new', (e) => e.message.clientMessageId === next.clientMessageId);

      const bad = await (customerSocket.emitWithAck as (event: string, ...args: unknown[]) => Promise<unknown>)('message:send', ...args());
      const good = await customerSocket.emitWithAck('message:send', next);
      await goodDelivered;

      expect(bad).toEqual(invalidPayload);
      expect(good).toMatchObject({ ok: true, message: { body: 'valid' } });
      expect(atAgent.map((e) => e.message.body)).toEqual(['valid']);
      expect(customerSocket.connected).toBe(true);
    });

    it('names the offending field in the invalid_payload message', async () => {
      const ack = await customerSocket.emitWithAck('message:send', { ...valid(), body: '' });

      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error.message).toContain('body');
    });

    it(`accepts a body of exactly ${limits.messageBodyMaxChars} characters`, async () => {
      const body = 'é'.repeat(limits.messageBodyMaxChars);

      const message = await send(customerSocket, setup.conversation.id, body);

      expect(message.body).toBe(body);
    });

    it('ignores unknown extra fields: the message is stored without them', async () => {
      const ack = await customerSocket.emitWithAck('message:send', { ...valid(), senderId: 'someone-else', kind: 'system' } as never);

      expect(ack).toMatchObject({ ok: true, message: { senderId: setup.customer.user.id, kind: 'text' } });
      if (ack.ok) expect(Object.keys(ack.message).sort()).toEqual(['body', 'clientMessageId', 'conversationId', 'createdAt', 'id', 'kind', 'senderId', 'senderName']);
    });

    it.each<[string, string, () => unknown[]]>([
      ['typing', 'no payload', () => []],
      ['typing', 'a conversationId that is not a string', () => [{ conversationId: 7 }]],
      ['message:read', 'no messageId', () => [{ conversationId: setup.conversation.id }]],
      ['message:read', 'a messageId of 0', () => [{ conversationId: setup.conversation.id, messageId: 0 }]],
      ['message:read', 'a fractional messageId', () => [{ conversationId: setup.conversation.id, messageId: 1.5 }]],
      ['message:read', 'a messageId given as a string', () => [{ conversationId: setup.conversation.id, messageId: '1' }]],
      ['presence:set', 'the status offline', () => [{ status: 'offline' }]],
    ])('answers invalid_payload to %s with %s', async (event, _case, args) => {
      const ack = await (customerSocket.emitWithAck as (event: string, ...args: unknown[]) => Promise<unknown>)(event, ...args());

      expect(ack).toEqual(invalidPayload);
      expect(await customerSocket.emitWithAck('typing', { conversationId: setup.conversation.id })).toEqual({ ok: true });
    });
  });

  describe('typing', () => {
    it('reaches every device of the other members but none of the typist’s own devices', async () => {
      const { customer, agent, conversation, agentSocket } = await activeConversation();
      const agentTab2 = await server.connect(agent);
      const typist = await server.connect(customer);
      const typistOtherTab = await server.connect(customer);
      const atTypist = [collect(typist, 'typing'), collect(typistOtherTab, 'typing')];
      const atAgent = [nextEvent(agentSocket, 'typing'), nextEvent(agentTab2, 'typing')];

      const ack = await typist.emitWithAck('typing', { conversationId: conversation.id });

      expect(ack).toEqual({ ok: true });
      for (const event of await Promise.all(atAgent)) {
        expect(event).toEqual({ conversationId: conversation.id, userId: customer.user.id, displayName: 'Camille' });
      }
      await sleep(150);
      expect(atTypist).toEqual([[], []]);
    });

    it('relays one typing notice per device and second: a second one within the second is acknowledged but not relayed', async () => {
      const { customer, conversation, agentSocket } = await activeConversation();
      const typist = await server.connect(customer);
      const atAgent = collect(agentSocket, 'typing');

      const acks = [
        await typist.emitWithAck('typing', { conversationId: conversation.id }),
        await typist.emitWithAck('typing', { conversationId: conversation.id }),
      ];
      await sleep(200);
      const withinTheSecond = atAgent.length;
      await sleep(900);
      const relayedAgain = nextEvent(agentSocket, 'typing');
      await typist.emitWithAck('typing', { conversationId: conversation.id });
      await relayedAgain;

      expect(acks).toEqual([{ ok: true }, { ok: true }]);
      expect(withinTheSecond).toBe(1);
      expect(atAgent).toHaveLength(2);
    });

    it('throttles each device on its own: another tab of the same user is relayed within the same second', async () => {
      const { customer, conversation, agentSocket } = await activeConversation();
      const tab1 = await server.connect(customer);
      const tab2 = await server.connect(customer);
      const atAgent = collect(agentSocket, 'typing');

      await tab1.emitWithAck('typing', { conversationId: conversation.id });
      await tab2.emitWithAck('typing', { conversationId: conversation.id });
      await sleep(200);

      expect(atAgent).toHaveLength(2);
    });
  });

  describe('message:read', () => {
    /** The conversation as `user` sees it in GET /api/conversations. */
    async function listed(user: TestUser, conversationId: string) {
      const { conversations } = (await server.request('GET', '/api/conversations', { token: user.token })).body;
      return conversations.find((c: Conversation) => c.id === conversationId) as Conversation & { unreadCount: number };
    }
    const markerOf = (conversation: Conversation, userId: string) => conversation.members.find((m) => m.userId === userId)?.lastReadMessageId;

    it("persists the reader's marker and tells every device of every member", async () => {
      const { customer, agent, conversation, agentSocket } = await activeConversation();
      const customerTab1 = await server.connect(customer);
      const customerTab2 = await server.connect(customer);
      const agentTab2 = await server.connect(agent);
      await send(customerTab1, conversation.id);
      const second = await send(customerTab1, conversation.id);
      const broadcasts = [customerTab1, customerTab2, agentSocket, agentTab2].map((socket) => nextEvent(socket, 'message:read'));

      const ack = await agentSocket.emitWithAck('message:read', { conversationId: conversation.id, messageId: second.id });

      expect(ack).toEqual({ ok: true });
      for (const event of await Promise.all(broadcasts)) {
        expect(event).toEqual({ conversationId: conversation.id, userId: agent.user.id, messageId: second.id });
      }
      expect(markerOf(await listed(customer, conversation.id), agent.user.id)).toBe(second.id);
      expect(markerOf(await listed(agent, conversation.id), agent.user.id)).toBe(second.id);
      expect(markerOf(await listed(agent, conversation.id), customer.user.id)).toBeNull();
    });

    it('never moves the marker backwards, and says nothing when asked to', async () => {
      const { customer, agent, conversation, agentSocket } = await activeConversation();
      const customerSocket = await server.connect(customer);
      const first = await send(customerSocket, conversation.id);
      const second = await send(customerSocket, conversation.id);
      const firstRead = nextEvent(customerSocket, 'message:read');
      expect(await agentSocket.emitWithAck('message:read', { conversationId: conversation.id, messageId: second.id })).toEqual({ ok: true });
      await firstRead;
      const laterReads = collect(customerSocket, 'message:read');

      const ack = await agentSocket.emitWithAck('message:read', { conversationId: conversation.id, messageId: first.id });
      await sleep(150);

      expect(ack).toEqual({ ok: true });
      expect(laterReads).toEqual([]);
      expect(markerOf(await listed(agent, conversation.id), agent.user.id)).toBe(second.id);
      expect((await listed(agent, conversation.id)).unreadCount).toBe(0);
    });

    it('answers invalid_payload for a messageId beyond the last message, and leaves the marker', async () => {
      const { customer, agent, conversation, agentSocket } = await activeConversation();
      const nothingYet = await agentSocket.emitWithAck('message:read', { conversationId: conversation.id, messageId: 1 });
      const last = await send(await server.connect(customer), conversation.id);

      const beyond = await agentSocket.emitWithAck('message:read', { conversationId: conversation.id, messageId: last.id + 1 });

      expect(nothingYet).toEqual(invalidPayload);
      expect(beyond).toEqual(invalidPayload);
      expect(markerOf(await listed(agent, conversation.id), agent.user.id)).toBeNull();
    });
  });

  describe('unread counts', () => {
    it("count the other members' messages after my marker, never my own, and drop to 0 once I read the last one", async () => {
      const { customer, agent, conversation, agentSocket } = await activeConversation();
      const customerSocket = await server.connect(customer);
      const unread = async (user: TestUser) => {
        const { conversations } = (await server.request('GET', '/api/conversations', { token: user.token })).body;
        return conversations.find((c: { id: string }) => c.id === conversation.id).unreadCount as number;
      };

      for (let i = 0; i < 3; i++) await send(customerSocket, conversation.id);
      const afterCustomerWrote = [await unread(agent), await unread(customer)];
      await send(agentSocket, conversation.id);
      const agentsLast = await send(agentSocket, conversation.id);
      const afterAgentWrote = [await unread(agent), await unread(customer)];
      await agentSocket.emitWithAck('message:read', { conversationId: conversation.id, messageId: agentsLast.id });
      const afterAgentRead = [await unread(agent), await unread(customer)];
      await customerSocket.emitWithAck('message:read', { conversationId: conversation.id, messageId: agentsLast.id });
      const afterBothRead = [await unread(agent), await unread(customer)];

      expect(afterCustomerWrote).toEqual([3, 0]);
      expect(afterAgentWrote).toEqual([3, 2]);
      expect(afterAgentRead).toEqual([0, 2]);
      expect(afterBothRead).toEqual([0, 0]);
    });
  });

  describe('catching up after a disconnection', () => {
    it('gives a device that missed messages exactly those, in order, with after=<last seen>, and nothing twice afterwards', async () => {
      const { customer, conversation, agentSocket } = await activeConversation();
      const device = await server.connect(customer);
      const seen = collect(device, 'message:new');
      const bothSeen = nextEvent(device, 'message:new', () => seen.length === 2);
      const firstSeen = await send(agentSocket, conversation.id);
      const lastSeen = await send(agentSocket, conversation.id);
      await bothSeen;
      device.disconnect();

      const missed = [];
      for (let i = 0; i < 5; i++) missed.push(await send(agentSocket, conversation.id));
      const back = await server.connect(customer);
      const live = collect(back, 'message:new');
      const caughtUp: Message[] = [];
      let after = lastSeen.id;
      for (let page = 0; page < 10; page++) {
        const response = await server.request('GET', `/api/conversations/${conversation.id}/messages?after=${after}&limit=2`, { token: customer.token });
        caughtUp.push(...response.body.messages);
        if (!response.body.hasMore) break;
        after = response.body.messages.at(-1).id;
      }
      const nextDelivered = nextEvent(back, 'message:new');
      const next = await send(agentSocket, conversation.id);
      await nextDelivered;

      expect(seen.map((e) => e.message)).toEqual([firstSeen, lastSeen]);
      expect(caughtUp).toEqual(missed);
      expect(live.map((e) => e.message)).toEqual([next]);
      const everyIdSeen = [...seen.map((e) => e.message.id), ...caughtUp.map((m) => m.id), ...live.map((e) => e.message.id)];
      expect(new Set(everyIdSeen).size).toBe(everyIdSeen.length);
      expect(everyIdSeen).toEqual([...everyIdSeen].sort((a, b) => a - b));
    });
  });
});
