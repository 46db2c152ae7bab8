import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@ycyw/protocol';
import { sleep, TestServer, type TestUser } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

describe.each(testDialects)('conversation endpoints (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
    // An agent on duty throughout: a request opened with nobody online starts with a "no agent online" notice.
    await server.connect(await server.createAgent('On duty'));
  });
  afterAll(() => server?.stop());

  const messagesOf = (user: TestUser, conversationId: string, query = '') =>
    server.request('GET', `/api/conversations/${conversationId}/messages${query}`, { token: user.token });
  const ids = (messages: Message[]) => messages.map((m) => m.id);

  describe('POST /api/conversations', () => {
    it('opens a waiting conversation with the customer as its only member', async () => {
      const customer = await server.registerCustomer('Camille');

      const response = await server.request('POST', '/api/conversations', {
        token: customer.token,
        body: { subject: 'Flat tyre near Lyon', topic: 'vehicle' },
      });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        conversation: {
          id: expect.any(String),
          subject: 'Flat tyre near Lyon',
          topic: 'vehicle',
          status: 'waiting',
          members: [{ userId: customer.user.id, displayName: 'Camille', role: 'customer', lastReadMessageId: null }],
          createdAt: expect.any(String),
          lastMessageId: null,
          queuedAt: response.body.conversation.createdAt,
          resolvedAt: null,
          rating: null,
        },
      });
      expect(new Date(response.body.conversation.createdAt).toISOString()).toBe(response.body.conversation.createdAt);
    });

    it('refuses an agent with 403 forbidden', async () => {
      const agent = await server.createAgent();

      const response = await server.request('POST', '/api/conversations', {
        token: agent.token,
        body: { subject: 'Agents do not open requests', topic: 'other' },
      });

      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
      const queue = (await server.request('GET', '/api/queue', { token: agent.token })).body.queue;
      expect(queue.map((entry: { subject: string }) => entry.subject)).not.toContain('Agents do not open requests');
      expect((await server.request('GET', '/api/conversations', { token: agent.token })).body.conversations).toEqual([]);
    });

    it.each([
      ['a missing subject', { topic: 'vehicle' }],
      ['a blank subject', { subject: '   ', topic: 'vehicle' }],
      ['an unknown topic', { subject: 'Help', topic: 'weather' }],
      ['a subject over 200 characters', { subject: 'x'.repeat(201), topic: 'other' }],
      ['a subject with a NUL character', { subject: 'Flat\u0000tyre', topic: 'other' }],
    ])('answers 400 invalid_payload for %s', async (_case, body) => {
      const customer = await server.registerCustomer();

      const response = await server.request('POST', '/api/conversations', { token: customer.token, body });

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_payload');
    });

    it('answers 401 unauthorized without a session', async () => {
      const response = await server.request('POST', '/api/conversations', { body: { subject: 'Help', topic: 'other' } });

      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    });
  });

  describe('GET /api/conversations', () => {
    it("lists only the caller's own conversations", async () => {
      const camille = await server.registerCustomer();
      const bruno = await server.registerCustomer();
      const agent = await server.createAgent();
      const first = await server.openConversation(camille, 'First');
      const second = await server.openConversation(camille, 'Second');
      const brunos = await server.openConversation(bruno, 'Not yours');

      const camillesList = await server.request('GET', '/api/conversations', { token: camille.token });
      const brunosList = await server.request('GET', '/api/conversations', { token: bruno.token });
      const agentsList = await server.request('GET', '/api/conversations', { token: agent.token });

      expect(camillesList.status).toBe(200);
      expect(camillesList.body.conversations.map((c: { id: string }) => c.id).sort()).toEqual([first.id, second.id].sort());
      expect(brunosList.body.conversations.map((c: { id: string }) => c.id)).toEqual([brunos.id]);
      expect(agentsList.body.conversations).toEqual([]);
      expect(camillesList.body.conversations[0]).toMatchObject({ unreadCount: 0, status: 'waiting' });
    });
  });

  describe('GET /api/conversations/:id', () => {
    it('returns a conversation to its member', async () => {
      const customer = await server.registerCustomer();
      const conversation = await server.openConversation(customer);

      const response = await server.request('GET', `/api/conversations/${conversation.id}`, { token: customer.token });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ conversation });
    });

    it("answers 403 forbidden for someone else's conversation, and for its messages", async () => {
      const owner = await server.registerCustomer();
      const stranger = await server.registerCustomer();
      const agentWhoDidNotTakeIt = await server.createAgent();
      const conversation = await server.openConversation(owner);

      const asStranger = await server.request('GET', `/api/conversations/${conversation.id}`, { token: stranger.token });
      const asAgent = await server.request('GET', `/api/conversations/${conversation.id}`, { token: agentWhoDidNotTakeIt.token });
      const messages = await messagesOf(stranger, conversation.id);

      for (const response of [asStranger, asAgent, messages]) {
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe('forbidden');
      }
    });

    it('answers 400 invalid_payload for a conversation id with a NUL character, on every database', async () => {
      const customer = await server.registerCustomer();

      const conversation = await server.request('GET', '/api/conversations/abc%00def', { token: customer.token });
      const messages = await messagesOf(customer, 'abc%00def');

      for (const response of [conversation, messages]) {
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('invalid_payload');
      }
    });

    it('answers 404 not_found for an unknown conversation, and for its messages', async () => {
      const customer = await server.registerCustomer();

      const conversation = await server.request('GET', '/api/conversations/no-such-id', { token: customer.token });
      const messages = await messagesOf(customer, 'no-such-id');

      for (const response of [conversation, messages]) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('not_found');
      }
    });
  });

  describe('GET /api/conversations/:id/messages', () => {
    /** A conversation with `count` messages, alternating between the customer and the agent. */
    async function conversationWithMessages(count: number) {
      const customer = await server.registerCustomer();
      const agent = await server.createAgent();
      const conversation = await server.openConversation(customer);
      const customerSocket = await server.connect(customer);
      const agentSocket = await server.connect(agent);
      expect((await agentSocket.emitWithAck('queue:take', { conversationId: conversation.id })).ok).toBe(true);
      const sent: Message[] = [];
      for (let i = 1; i <= count; i++) {
        const socket = i % 2 === 1 ? customerSocket : agentSocket;
        const ack = await socket.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: `m-${i}`, body: `message ${i}` });
        if (!ack.ok) throw new Error(ack.error.message);
        sent.push(ack.message);
      }
      return { customer, agent, conversation, sent };
    }

    it('returns an empty page for a conversation without messages', async () => {
      const customer = await server.registerCustomer();
      const conversation = await server.openConversation(customer);

      const response = await messagesOf(customer, conversation.id);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ messages: [], hasMore: false });
    });

    it('returns the newest page in ascending id order, with hasMore when older messages exist', async () => {
      const { customer, conversation, sent } = await conversationWithMessages(7);

      const response = await messagesOf(customer, conversation.id, '?limit=3');

      expect(response.status).toBe(200);
      expect(response.body.messages).toEqual(sent.slice(4));
      expect(response.body.hasMore).toBe(true);
      const everything = await messagesOf(customer, conversation.id);
      expect(everything.body).toEqual({ messages: sent, hasMore: false });
    });

    it('pages backwards with before= until the first message, where hasMore turns false', async () => {
      const { customer, conversation, sent } = await conversationWithMessages(7);

      const pages: { messages: Message[]; hasMore: boolean }[] = [];
      let page = (await messagesOf(customer, conversation.id, '?limit=3')).body;
      pages.push(page);
      while (page.hasMore) {
        page = (await messagesOf(customer, conversation.id, `?limit=3&before=${page.messages[0]!.id}`)).body;
        pages.push(page);
      }

      expect(pages.map((p) => ids(p.messages))).toEqual([ids(sent.slice(4, 7)), ids(sent.slice(1, 4)), ids(sent.slice(0, 1))]);
      expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    });

    it('pages forwards with after=, in ascending order, with hasMore while newer messages exist', async () => {
      const { agent, conversation, sent } = await conversationWithMessages(7);

      const first = await messagesOf(agent, conversation.id, `?limit=3&after=${sent[0]!.id}`);
      const rest = await messagesOf(agent, conversation.id, `?limit=3&after=${sent[3]!.id}`);
      const fromZero = await messagesOf(agent, conversation.id, '?limit=2&after=0');
      const pastTheEnd = await messagesOf(agent, conversation.id, `?after=${sent[6]!.id}`);

      expect(first.body).toEqual({ messages: sent.slice(1, 4), hasMore: true });
      expect(rest.body).toEqual({ messages: sent.slice(4, 7), hasMore: false });
      expect(fromZero.body).toEqual({ messages: sent.slice(0, 2), hasMore: true });
      expect(pastTheEnd.body).toEqual({ messages: [], hasMore: false });
    });

    it('never returns messages of another conversation', async () => {
      const a = await conversationWithMessages(2);
      const b = await conversationWithMessages(2);

      const page = await messagesOf(a.customer, a.conversation.id, '?after=0');

      expect(ids(page.body.messages)).toEqual(ids(a.sent));
      expect(ids(page.body.messages)).not.toContain(b.sent[0]!.id);
    });

    it.each([
      ['both before and after', '?before=5&after=1'],
      ['limit=0', '?limit=0'],
      ['limit=101', '?limit=101'],
      ['limit=abc', '?limit=abc'],
      ['a fractional limit', '?limit=2.5'],
      ['before=0', '?before=0'],
      ['a negative after', '?after=-1'],
      ['before that is not a number', '?before=latest'],
    ])('answers 400 invalid_payload for %s', async (_case, query) => {
      const customer = await server.registerCustomer();
      const conversation = await server.openConversation(customer);

      const response = await messagesOf(customer, conversation.id, query);

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_payload');
    });
  });

  describe('GET /api/queue', () => {
    it('shows agents the waiting conversations oldest first, and refuses customers with 403', async () => {
      const agent = await server.createAgent();
      const before = (await server.request('GET', '/api/queue', { token: agent.token })).body.queue.length;
      const customer = await server.registerCustomer('Queued Quentin');
      const older = await server.openConversation(customer, 'Older', 'billing');
      await sleep(5); // distinct creation times: the queue orders by them
      const newer = await server.openConversation(customer, 'Newer', 'account');

      const asAgent = await server.request('GET', '/api/queue', { token: agent.token });
      const asCustomer = await server.request('GET', '/api/queue', { token: customer.token });

      expect(asAgent.status).toBe(200);
      expect(asAgent.body.queue.slice(before)).toEqual([
        {
          conversationId: older.id,
          subject: 'Older',
          topic: 'billing',
          customer: { userId: customer.user.id, displayName: 'Queued Quentin' },
          createdAt: older.createdAt,
          queuedAt: older.createdAt,
          position: before + 1,
        },
        expect.objectContaining({ conversationId: newer.id, position: before + 2 }),
      ]);
      expect(asCustomer.status).toBe(403);
      expect(asCustomer.body.error.code).toBe('forbidden');
    });
  });
});
