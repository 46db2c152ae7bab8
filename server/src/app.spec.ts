import { describe, expect, it } from 'vitest';
import { ERROR_LEVEL, nextEvent, receivedEvent, sleep, TestServer } from './test-support/test-app.js';
import { testDialects } from './test-support/test-databases.js';

describe.each(testDialects)('app lifecycle (%s)', (dialect) => {
  it('closes with devices still connected without any background task failing afterwards', async () => {
    const server = await TestServer.start(dialect);
    try {
      const customer = await server.registerCustomer();
      const agent = await server.createAgent();
      const conversation = await server.openConversation(customer);
      const agentDevice = await server.connect(agent);
      const queueAfterTake = nextEvent(agentDevice, 'queue:updated');
      expect((await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id })).ok).toBe(true);
      await queueAfterTake;
      const customerDevice = await server.connect(customer);
      // The last thing a connecting device is sent: its contacts' presence. The server is idle after it.
      await receivedEvent(customerDevice, 'presence', (event) => event.userId === agent.user.id);

      await server.app.close();
      await sleep(300); // past the presence grace period, when departures are announced

      expect(server.logs.filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('closes idempotently', async () => {
    const server = await TestServer.start(dialect);

    await Promise.all([server.app.close(), server.app.close()]);
    await server.stop();

    const refused = await fetch(`${server.baseUrl}/healthz`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(refused).toBe('refused');
  });
});
