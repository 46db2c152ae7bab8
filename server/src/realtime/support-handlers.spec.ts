import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueEntry } from '@ycyw/protocol';
import { collect, nextEvent, sleep, TestServer } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

const includes = (conversationId: string) => (event: { queue: QueueEntry[] }) =>
  event.queue.some((entry) => entry.conversationId === conversationId);
// The queue reaches agents before the HTTP answer reaches the customer: listen by subject before opening.
const listsSubject = (subject: string) => (event: { queue: QueueEntry[] }) =>
  event.queue.some((entry) => entry.subject === subject);
const uniqueSubject = (label: string) => `${label} ${randomUUID()}`;

describe.each(testDialects)('support desk over socket.io (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
  });
  afterAll(() => server?.stop());

  /** Takes every waiting conversation, so that a test sees only the queue it builds. */
  async function emptyTheQueue() {
    const sweeper = await server.connect(await server.createAgent('Sweeper'));
    for (const entry of sweeper.initialQueue ?? []) {
      await sweeper.emitWithAck('queue:take', { conversationId: entry.conversationId });
    }
    sweeper.disconnect();
  }

  describe('queue:updated', () => {
    it('is pushed to every connected agent when a request is opened, numbered from 1 oldest first', async () => {
      await emptyTheQueue();
      const agent1 = await server.connect(await server.createAgent());
      const agent2 = await server.connect(await server.createAgent());
      const customer = await server.registerCustomer('Camille');

      const opened = [];
      let last: { queue: QueueEntry[] } | undefined;
      for (const label of ['First', 'Second', 'Third']) {
        const subject = uniqueSubject(label);
        const seen = [nextEvent(agent1, 'queue:updated', listsSubject(subject)), nextEvent(agent2, 'queue:updated', listsSubject(subject))];
        opened.push(await server.openConversation(customer, subject));
        const [seen1, seen2] = await Promise.all(seen);
        expect(seen2).toEqual(seen1);
        last = seen1;
        await sleep(5); // distinct creation times: the queue orders by them
      }

      expect(last?.queue).toEqual(
        opened.map((conversation, index) => ({
          conversationId: conversation.id,
          subject: conversation.subject,
          topic: 'vehicle',
          customer: { userId: customer.user.id, displayName: 'Camille' },
          createdAt: conversation.createdAt,
          queuedAt: conversation.createdAt,
          position: index + 1,
        })),
      );
    });

    it('is sent to an agent device as soon as it connects, with the current queue', async () => {
      const conversation = await server.openConversation(await server.registerCustomer());

      const agent = await server.connect(await server.createAgent());

      expect(agent.initialQueue?.some((entry) => entry.conversationId === conversation.id)).toBe(true);
    });

    it('is never sent to customers', async () => {
      const watcher = await server.connect(await server.registerCustomer());
      const received = collect(watcher, 'queue:updated');
      const agent = await server.connect(await server.createAgent());

      const subject = uniqueSubject('Unseen by customers');
      const seenByAgent = nextEvent(agent, 'queue:updated', listsSubject(subject));

      await server.openConversation(await server.registerCustomer(), subject);
      await seenByAgent;
      await sleep(100);

      expect(received).toEqual([]);
    });
  });

  describe('queue:take', () => {
    it("makes the conversation active with the agent as a member, tells the customer's devices, and leaves the queue", async () => {
      const customer = await server.registerCustomer('Camille');
      const customerTab1 = await server.connect(customer);
      const customerTab2 = await server.connect(customer);
      const agent = await server.createAgent('Alex');
      const agentSocket = await server.connect(agent);
      const otherAgent = await server.connect(await server.createAgent());
      const subject = uniqueSubject('Take me');
      const queued = nextEvent(otherAgent, 'queue:updated', listsSubject(subject));
      const conversation = await server.openConversation(customer, subject);
      await queued;
      const updates = [nextEvent(customerTab1, 'conversation:updated'), nextEvent(customerTab2, 'conversation:updated')];
      const nextQueue = nextEvent(otherAgent, 'queue:updated');

      const ack = await agentSocket.emitWithAck('queue:take', { conversationId: conversation.id });

      expect(ack).toEqual({
        ok: true,
        conversation: {
          ...conversation,
          status: 'active',
          members: [
            conversation.members[0],
            { userId: agent.user.id, displayName: 'Alex', role: 'agent', lastReadMessageId: null },
          ],
        },
      });
      if (!ack.ok) return;
      for (const update of await Promise.all(updates)) expect(update.conversation).toEqual(ack.conversation);
      expect(includes(conversation.id)(await nextQueue)).toBe(false);
      const asAgent = await server.request('GET', `/api/conversations/${conversation.id}`, { token: agent.token });
      expect(asAgent.body.conversation).toEqual(ack.conversation);
    });

    it('lets exactly one of two agents taking the same conversation at the same instant win; the other gets conflict', async () => {
      const customer = await server.registerCustomer();
      const agent1 = await server.createAgent();
      const agent2 = await server.createAgent();
      const socket1 = await server.connect(agent1);
      const socket2 = await server.connect(agent2);

      for (let round = 0; round < 5; round++) {
        const conversation = await server.openConversation(customer, `Race ${round}`);

        const acks = await Promise.all([
          socket1.emitWithAck('queue:take', { conversationId: conversation.id }),
          socket2.emitWithAck('queue:take', { conversationId: conversation.id }),
        ]);

        const winners = acks.filter((ack) => ack.ok);
        const losers = acks.filter((ack) => !ack.ok);
        expect(winners).toHaveLength(1);
        expect(losers).toEqual([{ ok: false, error: { code: 'conflict', message: expect.any(String) } }]);
        const { conversation: stored } = (await server.request('GET', `/api/conversations/${conversation.id}`, { token: customer.token })).body;
        expect(stored.members.filter((m: { role: string }) => m.role === 'agent')).toHaveLength(1);
      }
    });

    it('answers conflict to an agent taking a conversation that is already active', async () => {
      const conversation = await server.openConversation(await server.registerCustomer());
      const first = await server.connect(await server.createAgent());
      const late = await server.connect(await server.createAgent());
      expect((await first.emitWithAck('queue:take', { conversationId: conversation.id })).ok).toBe(true);

      const ack = await late.emitWithAck('queue:take', { conversationId: conversation.id });

      expect(ack).toEqual({ ok: false, error: { code: 'conflict', message: expect.any(String) } });
    });

    it('answers not_found for an unknown conversation and invalid_payload for a bad payload', async () => {
      const agent = await server.connect(await server.createAgent());

      const unknown = await agent.emitWithAck('queue:take', { conversationId: 'no-such-conversation' });
      const bad = await agent.emitWithAck('queue:take', { conversation: 'typo' } as never);

      expect(unknown).toEqual({ ok: false, error: { code: 'not_found', message: expect.any(String) } });
      expect(bad).toEqual({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('conversationId') } });
    });

    it('answers forbidden to a customer and leaves the conversation waiting', async () => {
      const customer = await server.registerCustomer();
      const conversation = await server.openConversation(customer);
      const socket = await server.connect(customer);

      const ack = await socket.timeout(2000).emitWithAck('queue:take', { conversationId: conversation.id });

      expect(ack).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
      const { conversation: stored } = (await server.request('GET', `/api/conversations/${conversation.id}`, { token: customer.token })).body;
      expect(stored.status).toBe('waiting');
    });
  });
  describe('queue:take-next', () => {
    /** Opens one request per subject, a few milliseconds apart so that the queue orders them. */
    async function openInOrder(...subjects: string[]) {
      const customer = await server.registerCustomer();
      const opened = [];
      for (const subject of subjects) {
        opened.push(await server.openConversation(customer, subject));
        await sleep(5);
      }
      return opened;
    }

    it('gives the agent the conversation waiting longest, and the next one after it', async () => {
      await emptyTheQueue();
      const [older, newer] = await openInOrder('Older', 'Newer');
      const agent = await server.createAgent('Alex');
      const socket = await server.connect(agent);

      const first = await socket.emitWithAck('queue:take-next', {});
      const second = await socket.emitWithAck('queue:take-next', {});

      expect(first).toMatchObject({ ok: true, conversation: { id: older!.id, status: 'active' } });
      expect(first.ok && first.conversation.members.map((m) => m.userId)).toContain(agent.user.id);
      expect(second).toMatchObject({ ok: true, conversation: { id: newer!.id, status: 'active' } });
    });

    it('answers not_found when nobody is waiting, forbidden to a customer', async () => {
      await emptyTheQueue();
      const agent = await server.connect(await server.createAgent());
      const customer = await server.registerCustomer();
      await server.openConversation(customer);
      const customerSocket = await server.connect(customer);

      expect(await customerSocket.emitWithAck('queue:take-next', {})).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
      expect(await agent.emitWithAck('queue:take-next', {})).toMatchObject({ ok: true });
      expect(await agent.emitWithAck('queue:take-next', {})).toEqual({ ok: false, error: { code: 'not_found', message: 'Nobody is waiting' } });
    });

    it('two agents at once with two waiting: each gets a different one', async () => {
      const [socket1, socket2] = [await server.connect(await server.createAgent()), await server.connect(await server.createAgent())];
      for (let round = 0; round < 5; round++) {
        await emptyTheQueue();
        const opened = await openInOrder(`Pair ${round} a`, `Pair ${round} b`);

        const acks = await Promise.all([socket1.emitWithAck('queue:take-next', {}), socket2.emitWithAck('queue:take-next', {})]);

        const taken = acks.map((ack) => (ack.ok ? ack.conversation.id : ack.error.code));
        expect([...taken].sort()).toEqual(opened.map((c) => c.id).sort());
      }
    });

    it('two agents at once with one waiting: one wins, the other gets not_found', async () => {
      const [socket1, socket2] = [await server.connect(await server.createAgent()), await server.connect(await server.createAgent())];
      for (let round = 0; round < 5; round++) {
        await emptyTheQueue();
        const [conversation] = await openInOrder(`Single ${round}`);

        const acks = await Promise.all([socket1.emitWithAck('queue:take-next', {}), socket2.emitWithAck('queue:take-next', {})]);

        expect(acks.filter((ack) => ack.ok)).toMatchObject([{ conversation: { id: conversation!.id } }]);
        expect(acks.filter((ack) => !ack.ok)).toEqual([{ ok: false, error: { code: 'not_found', message: 'Nobody is waiting' } }]);
      }
    });

    it('takes a reopened conversation by when it was reopened, not when it was opened', async () => {
      await emptyTheQueue();
      const agent = await server.connect(await server.createAgent('Ana'));
      const customer = await server.registerCustomer();
      const early = await server.openConversation(customer, 'Opened early');
      expect(await agent.emitWithAck('queue:take', { conversationId: early.id })).toMatchObject({ ok: true });
      expect(await agent.emitWithAck('conversation:resolve', { conversationId: early.id })).toMatchObject({ ok: true });
      const [late] = await openInOrder('Opened late');
      const customerSocket = await server.connect(customer);
      expect(await customerSocket.emitWithAck('message:send', { conversationId: early.id, clientMessageId: 'again', body: 'Again' })).toMatchObject({
        ok: true,
      });

      const first = await agent.emitWithAck('queue:take-next', {});
      const second = await agent.emitWithAck('queue:take-next', {});

      expect(first).toMatchObject({ ok: true, conversation: { id: late!.id } });
      expect(second).toMatchObject({ ok: true, conversation: { id: early.id } });
    });
  });
});
