import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult, Call } from '@ycyw/protocol';
import { nextEvent, TestServer } from '../test-support/test-app.js';

function callOf(ack: AckResult<{ call: Call }>): Call {
  if (!ack.ok) throw new Error(`refused: ${ack.error.code}`);
  return ack.call;
}

/** The value of one sample of the Prometheus text format (0 when absent). */
async function sample(server: TestServer, series: string): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('call:report and the call metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start('sqlite');
  });
  afterAll(() => server?.stop());

  it('counts calls started, and each joined device’s report once, by media path', async () => {
    const customer = await server.registerCustomer('Rita');
    const agent = await server.createAgent('Ravi');
    const conversation = await server.openConversation(customer);
    const agentDevice = await server.connect(agent);
    await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id });
    const customerDevice = await server.connect(customer);
    const otherTab = await server.connect(customer);

    const incoming = nextEvent(customerDevice, 'call:incoming');
    const call = callOf(await agentDevice.emitWithAck('call:start', { conversationId: conversation.id, media: 'video' }));
    await incoming;
    callOf(await customerDevice.emitWithAck('call:accept', { callId: call.id }));
    expect(await sample(server, 'ycyw_calls_started_total')).toBe(1);

    expect(await customerDevice.emitWithAck('call:report', { callId: call.id, outcome: 'connected', path: 'relay' })).toEqual({ ok: true });
    expect(await customerDevice.emitWithAck('call:report', { callId: call.id, outcome: 'connected', path: 'relay' })).toEqual({ ok: true });
    expect(await agentDevice.emitWithAck('call:report', { callId: call.id, outcome: 'failed' })).toEqual({ ok: true });

    expect(await sample(server, 'ycyw_calls_connected_total{path="relay"}')).toBe(1);
    expect(await sample(server, 'ycyw_calls_failed_total')).toBe(1);

    // A tab of a participant that did not join, an unknown call, and a bad payload are refused.
    expect(await otherTab.emitWithAck('call:report', { callId: call.id, outcome: 'connected', path: 'host' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await otherTab.emitWithAck('call:report', { callId: 'nope', outcome: 'failed' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await otherTab.emitWithAck('call:report', { callId: call.id, outcome: 'connected', path: 'carrier-pigeon' } as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await sample(server, 'ycyw_calls_connected_total{path="host"}')).toBe(0);
  });
});
