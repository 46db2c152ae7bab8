import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, TestServer } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

describe.each(testDialects)('invite, transfer and resolve (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
  });
  afterAll(() => server?.stop());

  /**
   * A customer's conversation taken by a first agent, with a second and third agent online (transfers and
   * invitations only go to agents who are online).
   */
  async function takenConversation() {
    const customer = await server.registerCustomer('Chloé');
    const first = await server.createAgent('Ana');
    const second = await server.createAgent('Bob');
    const third = await server.createAgent('Cy');
    const conversation = await server.openConversation(customer);
    const firstSocket = await server.connect(first);
    const secondSocket = await server.connect(second);
    const thirdSocket = await server.connect(third);
    expect(await firstSocket.emitWithAck('queue:take', { conversationId: conversation.id })).toMatchObject({ ok: true });
    return { customer, first, second, third, conversation, firstSocket, secondSocket, thirdSocket };
  }

  const history = async (token: string, conversationId: string) =>
    (await server.request('GET', `/api/conversations/${conversationId}/messages`, { token })).body.messages as { kind: string; body: string }[];

  it('an agent invites a colleague, who joins, is told, and can write; the timeline says so', async () => {
    const { customer, first, second, conversation, firstSocket, secondSocket } = await takenConversation();
    const told = nextEvent(secondSocket, 'conversation:updated');

    const ack = await firstSocket.emitWithAck('conversation:invite', { conversationId: conversation.id, userId: second.user.id });

    expect(ack.ok && ack.conversation.members.map((m) => m.userId)).toEqual([customer.user.id, first.user.id, second.user.id]);
    expect((await told).conversation.id).toBe(conversation.id);
    const sent = await secondSocket.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'sup-1', body: 'Supervisor here' });
    expect(sent.ok).toBe(true);
    expect(await history(customer.token, conversation.id)).toContainEqual(expect.objectContaining({ kind: 'system', body: 'Ana invited Bob' }));
  });

  it('invite refuses a customer, a non-agent id, oneself, someone already there, and a non-member agent', async () => {
    const { customer, second, conversation, firstSocket, thirdSocket: outsider } = await takenConversation();
    const invite = (socket: typeof firstSocket, userId: string) =>
      socket.emitWithAck('conversation:invite', { conversationId: conversation.id, userId });
    const customerSocket = await server.connect(customer);

    expect(await invite(customerSocket, second.user.id)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invite(firstSocket, customer.user.id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await invite(firstSocket, 'no-such-user')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await invite(outsider, second.user.id)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invite(firstSocket, second.user.id)).toMatchObject({ ok: true });
    expect(await invite(firstSocket, second.user.id)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a transfer hands the conversation over with its note; the former agent is told and can no longer write', async () => {
    const { customer, first, second, conversation, firstSocket, secondSocket } = await takenConversation();
    const formerTold = nextEvent(firstSocket, 'conversation:updated');
    const newTold = nextEvent(secondSocket, 'conversation:updated');

    const ack = await firstSocket.emitWithAck('conversation:transfer', {
      conversationId: conversation.id,
      toUserId: second.user.id,
      note: 'Billing question, needs a refund',
    });

    expect(ack.ok && ack.conversation.members.map((m) => m.userId)).toEqual([customer.user.id, second.user.id]);
    expect((await formerTold).conversation.members.some((m) => m.userId === first.user.id)).toBe(false);
    await newTold;
    const late = await firstSocket.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'late', body: 'still here?' });
    expect(late).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await history(customer.token, conversation.id)).toContainEqual(
      expect.objectContaining({ kind: 'system', body: 'Ana transferred the conversation to Bob: Billing question, needs a refund' }),
    );
  });

  it('two transfers of the same conversation at once: one wins, the other gets conflict', async () => {
    const { customer, first, second, third, conversation, firstSocket } = await takenConversation();
    const results = await Promise.all([
      firstSocket.emitWithAck('conversation:transfer', { conversationId: conversation.id, toUserId: second.user.id }),
      firstSocket.emitWithAck('conversation:transfer', { conversationId: conversation.id, toUserId: third.user.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ error: { code: expect.stringMatching(/conflict|forbidden/) } }]);
    const after = await server.request('GET', `/api/conversations/${conversation.id}`, { token: customer.token });
    const agents = (after.body.conversation.members as { userId: string }[]).map((m) => m.userId).filter((id) => id !== customer.user.id);
    expect(agents).toHaveLength(1);
    expect([second.user.id, third.user.id]).toContain(agents[0]);
    expect(agents).not.toContain(first.user.id);
  });

  it('resolve closes the conversation for every member; an agent writing, resolving again or a customer resolving is refused', async () => {
    const { customer, conversation, firstSocket } = await takenConversation();
    const customerSocket = await server.connect(customer);
    const told = nextEvent(customerSocket, 'conversation:updated');

    const ack = await firstSocket.emitWithAck('conversation:resolve', { conversationId: conversation.id });

    expect(ack).toMatchObject({ ok: true, conversation: { status: 'resolved', resolvedAt: expect.any(String) } });
    expect((await told).conversation.status).toBe('resolved');
    expect(await firstSocket.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'x', body: 'one more thing' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await firstSocket.emitWithAck('conversation:resolve', { conversationId: conversation.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await customerSocket.emitWithAck('conversation:resolve', { conversationId: conversation.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await history(customer.token, conversation.id)).toContainEqual(expect.objectContaining({ kind: 'system', body: 'Ana resolved the conversation' }));
  });

  describe('only to an agent who is online', () => {
    const statusOf = async (token: string, userId: string) =>
      ((await server.request('GET', '/api/agents', { token })).body.agents as { userId: string; status: string }[]).find((a) => a.userId === userId)
        ?.status;
    const membersOf = async (token: string, conversationId: string) =>
      ((await server.request('GET', `/api/conversations/${conversationId}`, { token })).body.conversation.members as { userId: string }[]).map(
        (m) => m.userId,
      );

    it('invite and transfer to an agent who is away get conflict, and change nothing', async () => {
      const { customer, first, second, conversation, firstSocket, secondSocket } = await takenConversation();
      expect(await secondSocket.emitWithAck('presence:set', { status: 'away' })).toEqual({ ok: true });
      const timelineBefore = await history(customer.token, conversation.id);

      const invited = await firstSocket.emitWithAck('conversation:invite', { conversationId: conversation.id, userId: second.user.id });
      const transferred = await firstSocket.emitWithAck('conversation:transfer', { conversationId: conversation.id, toUserId: second.user.id });

      expect(invited).toEqual({ ok: false, error: { code: 'conflict', message: 'Bob is not available' } });
      expect(transferred).toEqual({ ok: false, error: { code: 'conflict', message: 'Bob is not available' } });
      expect(await membersOf(customer.token, conversation.id)).toEqual([customer.user.id, first.user.id]);
      expect(await history(customer.token, conversation.id)).toEqual(timelineBefore);
    });

    it('an agent with one tab away and another online is available', async () => {
      const { second, conversation, firstSocket, secondSocket } = await takenConversation();
      await server.connect(second);
      await secondSocket.emitWithAck('presence:set', { status: 'away' });

      const invited = await firstSocket.emitWithAck('conversation:invite', { conversationId: conversation.id, userId: second.user.id });

      expect(invited).toMatchObject({ ok: true });
    });

    it('invite and transfer to an agent who never connected, or whose last tab closed, get conflict', async () => {
      const { customer, first, second, conversation, firstSocket, secondSocket } = await takenConversation();
      const absent = await server.createAgent('Dee');
      const invite = (userId: string) => firstSocket.emitWithAck('conversation:invite', { conversationId: conversation.id, userId });

      expect(await invite(absent.user.id)).toEqual({ ok: false, error: { code: 'conflict', message: 'Dee is not available' } });
      await server.disconnect(secondSocket);
      // Bob counts as gone once the presence grace period has passed: the agents list tells when.
      await expect.poll(async () => statusOf(first.token, second.user.id), { timeout: 3000, interval: 20 }).toBe('offline');
      expect(await invite(second.user.id)).toEqual({ ok: false, error: { code: 'conflict', message: 'Bob is not available' } });
      expect(
        await firstSocket.emitWithAck('conversation:transfer', { conversationId: conversation.id, toUserId: second.user.id }),
      ).toEqual({ ok: false, error: { code: 'conflict', message: 'Bob is not available' } });
      expect(await membersOf(customer.token, conversation.id)).toEqual([customer.user.id, first.user.id]);
    });
  });

  describe('a customer writing in a resolved conversation', () => {
    async function resolvedConversation() {
      const taken = await takenConversation();
      const resolved = await taken.firstSocket.emitWithAck('conversation:resolve', { conversationId: taken.conversation.id });
      if (!resolved.ok) throw new Error(resolved.error.message);
      return { ...taken, resolvedAt: resolved.conversation.resolvedAt! };
    }

    it('reopens it into the queue, at the back, with the agents still members and the timeline saying so', async () => {
      const { customer, first, conversation, firstSocket, resolvedAt } = await resolvedConversation();
      const customerSocket = await server.connect(customer);
      const queued = nextEvent(firstSocket, 'queue:updated', (e) => e.queue.some((q) => q.conversationId === conversation.id));
      const updated = nextEvent(firstSocket, 'conversation:updated', (e) => e.conversation.status === 'waiting');

      const sent = await customerSocket.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'back', body: 'It happened again' });

      expect(sent).toMatchObject({ ok: true, message: { kind: 'text', body: 'It happened again' } });
      const { conversation: reopened } = await updated;
      expect(reopened).toMatchObject({ status: 'waiting', resolvedAt: null });
      expect(reopened.queuedAt > resolvedAt).toBe(true);
      expect(reopened.members.map((m) => m.userId)).toEqual([customer.user.id, first.user.id]);
      const { queue } = await queued;
      expect(queue.at(-1)).toMatchObject({ conversationId: conversation.id, queuedAt: reopened.queuedAt });
      const bodies = (await history(customer.token, conversation.id)).map((m) => m.body);
      expect(bodies.slice(-2)).toEqual(['Chloé reopened the conversation', 'It happened again']);
      // Taken again from the queue, it is active once more.
      expect(await firstSocket.emitWithAck('queue:take', { conversationId: conversation.id })).toMatchObject({ ok: true, conversation: { status: 'active' } });
    });

    it('a retry of a message sent before the resolve gets that message back and does not reopen', async () => {
      const { customer, conversation, firstSocket } = await takenConversation();
      const customerSocket = await server.connect(customer);
      const payload = { conversationId: conversation.id, clientMessageId: 'before-resolve', body: 'Thanks, bye' };
      const first = await customerSocket.emitWithAck('message:send', payload);
      expect(await firstSocket.emitWithAck('conversation:resolve', { conversationId: conversation.id })).toMatchObject({ ok: true });

      const retried = await customerSocket.emitWithAck('message:send', payload);

      expect(retried).toEqual(first);
      const { body } = await server.request('GET', `/api/conversations/${conversation.id}`, { token: customer.token });
      expect(body.conversation.status).toBe('resolved');
    });

    it('from two tabs at once: reopened once, each message stored once, retries included', async () => {
      const { customer, conversation } = await resolvedConversation();
      const [tab1, tab2] = [await server.connect(customer), await server.connect(customer)];
      const send = (tab: typeof tab1, clientMessageId: string) =>
        tab.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId, body: `from ${clientMessageId}` });

      const acks = await Promise.all([send(tab1, 'tab-1'), send(tab2, 'tab-2'), send(tab1, 'tab-1')]);

      expect(acks.every((a) => a.ok)).toBe(true);
      const entries = (await history(customer.token, conversation.id)).map((m) => m.body);
      expect(entries.filter((b) => b === 'Chloé reopened the conversation')).toHaveLength(1);
      expect(entries.filter((b) => b === 'from tab-1')).toHaveLength(1);
      expect(entries.filter((b) => b === 'from tab-2')).toHaveLength(1);
    });
  });

  it('bad payloads get invalid_payload', async () => {
    const { conversation, firstSocket } = await takenConversation();
    expect(await firstSocket.emitWithAck('conversation:transfer', { conversationId: conversation.id } as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await firstSocket.emitWithAck('conversation:invite', { conversationId: 42 } as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
