import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult, Message } from '@ycyw/protocol';
import { sleep, TestServer } from '../test-support/test-app.js';

// The limiter lives in memory, not in the database: one dialect is enough.
describe('event rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start('sqlite');
  });
  afterAll(() => server?.stop());

  it('answers rate_limited beyond 50 events a second from one user, loses nothing it acknowledged, and keeps the connection', async () => {
    const customer = await server.registerCustomer();
    const conversation = await server.openConversation(customer);
    const tab1 = await server.connect(customer);
    const tab2 = await server.connect(customer);
    const bystander = await server.registerCustomer();
    const bystanderConversation = await server.openConversation(bystander);
    const bystanderSocket = await server.connect(bystander);

    // 70 sends across two tabs of the same user, all at once.
    const acks: AckResult<{ message: Message }>[] = await Promise.all(
      Array.from({ length: 70 }, (_, i) =>
        (i % 2 === 0 ? tab1 : tab2).emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: `flood-${i}`, body: `flood ${i}` }),
      ),
    );
    const bystanderAck = await bystanderSocket.emitWithAck('message:send', {
      conversationId: bystanderConversation.id,
      clientMessageId: 'calm-1',
      body: 'I am not flooding',
    });

    const accepted = acks.filter((ack) => ack.ok);
    const limited = acks.filter((ack) => !ack.ok);
    expect(accepted.length).toBeLessThanOrEqual(50);
    expect(accepted.length).toBeGreaterThan(0);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    for (const ack of limited) expect(ack).toEqual({ ok: false, error: { code: 'rate_limited', message: expect.any(String) } });
    expect(bystanderAck.ok).toBe(true);

    const history = await server.request('GET', `/api/conversations/${conversation.id}/messages?limit=100`, { token: customer.token });
    // Text only: with no agent online, the timeline also holds the server's "no agent online" notice.
    const texts = history.body.messages.filter((m: Message) => m.kind === 'text');
    expect(texts.map((m: Message) => m.clientMessageId).sort()).toEqual(
      accepted.map((ack) => (ack.ok ? ack.message.clientMessageId : '')).sort(),
    );

    await sleep(1100);
    expect(tab1.connected && tab2.connected).toBe(true);
    const afterwards = await tab1.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: 'after-1', body: 'calm again' });
    expect(afterwards).toMatchObject({ ok: true, message: { body: 'calm again' } });
  });
});
