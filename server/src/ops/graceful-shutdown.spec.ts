import { io as connectClient } from 'socket.io-client';
import type { AckResult, Message } from '@ycyw/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/database.js';
import { ERROR_LEVEL, type TestSocket, TestServer } from '../test-support/test-app.js';

describe('graceful shutdown', () => {
  let server: TestServer | undefined;
  afterEach(() => server?.stop());

  it('acknowledges what it received, stores every acknowledged message, and drops connections so clients reconnect', async () => {
    server = await TestServer.start('postgres');
    const customer = await server.registerCustomer('Sigrid');
    const conversation = await server.openConversation(customer);
    // A client as the web app configures it: reconnection on.
    const socket: TestSocket = connectClient(server.baseUrl, { auth: { token: customer.token }, transports: ['websocket'] });
    await new Promise((resolve) => socket.once('session:ready', resolve));
    const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    // A second customer keeps writing all through the shutdown, so events also arrive during the drain.
    const steady = await steadyWriter(server);
    const acks = Array.from({ length: 45 }, (_, i) =>
      socket
        .timeout(5000)
        .emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: `sigterm-${i}`, body: `m${i}` })
        .catch(() => undefined),
    );
    // Close while the server is in the middle of handling some of them.
    const deadline = Date.now() + 5000;
    while (server.app.inFlightEvents() === 0 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    const inFlightAtClose = server.app.inFlightEvents();
    expect(inFlightAtClose).toBeGreaterThan(0);
    await server.app.close();
    const results = [...(await Promise.all(acks)), ...(await steady.stop())];
    // Reconnect by itself: socket.io-client does not reconnect after a server-sent "disconnect".
    expect(await reason).toBe('transport close');
    socket.disconnect();
    const acknowledged = results.flatMap((r) => (r?.ok ? [r.message.clientMessageId] : []));
    // Every event the server had received when the shutdown began was stored and acknowledged.
    expect(acknowledged.length).toBeGreaterThanOrEqual(inFlightAtClose);
    expect(results.filter((r) => r !== undefined && !r.ok)).toEqual([]);
    // Nothing ran against the closed database: events that arrived during the drain were left unanswered
    // (the client retries them on another node), not started.
    expect(server.logs.filter((line) => line.level >= ERROR_LEVEL).map((line) => line.err?.message ?? line.msg)).toEqual([]);
    const db = openDatabase(server.database.config);
    try {
      const stored = await db.selectFrom('messages').select('client_message_id').where('conversation_id', '=', conversation.id).execute();
      const storedIds = new Set(stored.map((row) => row.client_message_id));
      for (const id of acknowledged.filter((id) => id.startsWith('sigterm-'))) expect(storedIds.has(id)).toBe(true);
      const steadyStored = await db.selectFrom('messages').select('client_message_id').where('conversation_id', '=', steady.conversationId).execute();
      const steadyIds = new Set(steadyStored.map((row) => row.client_message_id));
      for (const id of acknowledged.filter((id) => id.startsWith('steady-'))) expect(steadyIds.has(id)).toBe(true);
    } finally {
      await db.destroy();
    }
  });
});

/** A customer sending a message every 40 ms (within the per-user event budget) until stopped. */
async function steadyWriter(server: TestServer) {
  const customer = await server.registerCustomer('Steady');
  const conversation = await server.openConversation(customer);
  const socket: TestSocket = connectClient(server.baseUrl, { auth: { token: customer.token }, transports: ['websocket'] });
  await new Promise((resolve) => socket.once('session:ready', resolve));
  const sent: Promise<AckResult<{ message: Message }> | undefined>[] = [];
  const timer = setInterval(() => {
    sent.push(
      socket
        .timeout(5000)
        .emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: `steady-${sent.length}`, body: 'steady' })
        .catch(() => undefined),
    );
  }, 40);
  return {
    conversationId: conversation.id,
    async stop() {
      clearInterval(timer);
      const results = await Promise.all(sent);
      socket.disconnect();
      return results;
    },
  };
}
