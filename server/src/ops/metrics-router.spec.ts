import { afterEach, describe, expect, it } from 'vitest';
import { nextEvent, TestServer } from '../test-support/test-app.js';

/** The value of one sample line of the Prometheus text format, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let server: TestServer | undefined;
  afterEach(() => server?.stop());

  const scrape = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${server!.baseUrl}/metrics`, { headers });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  it('counts stored messages, times acknowledgements, and tracks sockets, users, the queue and its wait', async () => {
    server = await TestServer.start('sqlite');
    const customer = await server.registerCustomer('Mia');
    const agent = await server.createAgent('Ari');
    // The agent is online first: a request opened with nobody online would add a (counted) notice.
    const agentSocket = await server.connect(agent);
    const conversation = await server.openConversation(customer);
    const customerSocket = await server.connect(customer);
    const payload = { conversationId: conversation.id, clientMessageId: 'm-1', body: 'hello' };
    await customerSocket.emitWithAck('message:send', payload);
    await customerSocket.emitWithAck('message:send', payload); // an idempotent retry stores nothing
    await customerSocket.emitWithAck('message:send', { ...payload, clientMessageId: 'm-2', body: '' });

    const before = await scrape();
    expect(before.status).toBe(200);
    expect(before.type).toContain('text/plain');
    expect(sample(before.text, 'ycyw_messages_persisted_total')).toBe(1);
    expect(sample(before.text, 'ycyw_socket_ack_duration_seconds_count{event="message:send",outcome="ok"}')).toBe(2);
    expect(sample(before.text, 'ycyw_socket_ack_duration_seconds_count{event="message:send",outcome="invalid_payload"}')).toBe(1);
    expect(sample(before.text, 'ycyw_sockets_connected')).toBe(2);
    expect(sample(before.text, 'ycyw_users_online')).toBe(2);
    expect(sample(before.text, 'ycyw_queue_length')).toBe(1);
    expect(before.text).toContain('nodejs_eventloop_lag_seconds');

    const queued = nextEvent(agentSocket, 'queue:updated');
    await agentSocket.emitWithAck('queue:take', { conversationId: conversation.id });
    await queued;
    const after = await scrape();
    expect(sample(after.text, 'ycyw_queue_length')).toBe(0);
    expect(sample(after.text, 'ycyw_queue_wait_seconds_count')).toBe(1);

    // queue:take-next is a take too.
    await server.openConversation(customer);
    await agentSocket.emitWithAck('queue:take-next', {});
    expect(sample((await scrape()).text, 'ycyw_queue_wait_seconds_count')).toBe(2);
  });

  it('requires the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'a-long-enough-metrics-token';
    server = await TestServer.start('sqlite', { METRICS_TOKEN: token });
    expect((await scrape()).status).toBe(401);
    expect((await scrape({ authorization: 'Bearer wrong-token-of-some-length' })).status).toBe(401);
    const allowed = await scrape({ authorization: `Bearer ${token}` });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('ycyw_messages_persisted_total');
  });
});
