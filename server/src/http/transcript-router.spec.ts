import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, TranscriptResponse } from '@ycyw/protocol';
import { nextEvent, sleep, TestServer } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';
import { samplePng } from '../test-support/sample-files.js';

const LINE_TIME = String.raw`\[\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\]`;

describe.each(testDialects)('GET /api/conversations/:id/transcript (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
  });
  afterAll(() => server?.stop());

  async function transcriptOf(token: string, conversationId: string, format?: string) {
    const query = format ? `?format=${format}` : '';
    const response = await fetch(`${server.baseUrl}/api/conversations/${conversationId}/transcript${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /**
   * A resolved conversation with every kind of entry: text (one of several lines), a photo, an answered
   * call and the agent's resolve.
   */
  async function fullConversation() {
    const customer = await server.registerCustomer('Camille');
    const agent = await server.createAgent('Alex');
    // Online before the request is opened, so no "no agent online" notice joins the timeline.
    const agentDevice = await server.connect(agent);
    const conversation = await server.openConversation(customer, 'Flat tyre near Lyon!');
    expect((await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id })).ok).toBe(true);
    const customerDevice = await server.connect(customer);

    const send = (device: typeof agentDevice, body: string) =>
      device.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: randomUUID(), body });
    await send(customerDevice, 'My tyre is flat');
    await send(agentDevice, 'Where are you?\n[2026-01-01 00:00 UTC] Alex: a forged line');

    const photo = samplePng();
    const uploaded = await fetch(
      `${server.baseUrl}/api/conversations/${conversation.id}/attachments?fileName=dent.png&clientMessageId=${randomUUID()}`,
      { method: 'POST', headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'image/png' }, body: new Uint8Array(photo) },
    );
    expect(uploaded.status).toBe(201);

    const incoming = nextEvent(customerDevice, 'call:incoming');
    const started = await agentDevice.emitWithAck('call:start', { conversationId: conversation.id, media: 'video' });
    if (!started.ok) throw new Error(started.error.message);
    await incoming;
    expect((await customerDevice.emitWithAck('call:accept', { callId: started.call.id })).ok).toBe(true);
    const callEntry = nextEvent(customerDevice, 'message:new', (e) => e.message.kind === 'call');
    expect((await agentDevice.emitWithAck('call:leave', { callId: started.call.id })).ok).toBe(true);
    await callEntry;

    expect((await agentDevice.emitWithAck('conversation:resolve', { conversationId: conversation.id })).ok).toBe(true);
    return { customer, agent, conversation, photo, agentDevice, customerDevice };
  }

  /** The whole history through the public paging API. */
  async function history(token: string, conversationId: string): Promise<Message[]> {
    const all: Message[] = [];
    for (let after = 0; ; ) {
      const page = await server.request('GET', `/api/conversations/${conversationId}/messages?after=${after}&limit=100`, { token });
      all.push(...page.body.messages);
      if (!page.body.hasMore) return all;
      after = all.at(-1)!.id;
    }
  }

  it('exports the conversation and its whole timeline as JSON by default, calls, files and system entries included', async () => {
    const { customer, conversation } = await fullConversation();

    const response = await transcriptOf(customer.token, conversation.id);

    expect(response.status).toBe(200);
    const transcript = JSON.parse(response.text) as TranscriptResponse;
    const current = await server.request('GET', `/api/conversations/${conversation.id}`, { token: customer.token });
    expect(transcript.conversation).toEqual(current.body.conversation);
    expect(transcript.messages).toEqual(await history(customer.token, conversation.id));
    expect(transcript.messages.map((m) => m.kind)).toEqual(['text', 'text', 'file', 'call', 'system']);
    expect(Date.parse(transcript.exportedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('exports more than a page of history, every entry once, in id order', async () => {
    const customer = await server.registerCustomer();
    const conversation = await server.openConversation(customer);
    const device = await server.connect(customer);
    for (let i = 1; i <= 105; i++) {
      await device.emitWithAck('message:send', { conversationId: conversation.id, clientMessageId: `m-${i}`, body: `message ${i}` });
      await sleep(22); // under the 50 events per second a user may send
    }

    const transcript = JSON.parse((await transcriptOf(customer.token, conversation.id, 'json')).text) as TranscriptResponse;

    const texts = transcript.messages.filter((m) => m.kind === 'text').map((m) => m.body);
    expect(texts).toEqual(Array.from({ length: 105 }, (_, i) => `message ${i + 1}`));
    const ids = transcript.messages.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('exports plain text to download: a header, then one line per entry with its time and author', async () => {
    const { agent, conversation, photo } = await fullConversation();

    const response = await transcriptOf(agent.token, conversation.id, 'txt');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename=transcript-flat-tyre-near-lyon-${today}.txt`);
    const [header, body] = response.text.split('\n\n');
    expect(header).toMatch(
      new RegExp(
        [
          '^Support conversation: Flat tyre near Lyon!',
          'Topic: vehicle',
          'Customer: Camille',
          'Status: resolved',
          `Opened: ${today} \\d{2}:\\d{2} UTC`,
          `Exported at: ${today} \\d{2}:\\d{2} UTC$`,
        ].join('\n'),
      ),
    );
    const kb = Math.round(photo.length / 1024);
    expect(body).toMatch(
      new RegExp(
        [
          `^${LINE_TIME} Camille: My tyre is flat`,
          `${LINE_TIME} Alex: Where are you\\?`,
          // A line break inside a message is indented: it cannot pose as an entry of its own.
          '    \\[2026-01-01 00:00 UTC\\] Alex: a forged line',
          `${LINE_TIME} Camille sent a file: dent.png \\(${kb} KB\\)`,
          `${LINE_TIME} \\* Call: Video call, \\d+ s \\(Alex, Camille\\)`,
          `${LINE_TIME} \\* Alex resolved the conversation\n$`,
        ].join('\n'),
      ),
    );
  });

  it('is for members only: 403 for anyone else, 404 for an unknown conversation, 400 for an unknown format', async () => {
    const customer = await server.registerCustomer();
    const conversation = await server.openConversation(customer);

    expect((await transcriptOf((await server.registerCustomer()).token, conversation.id)).status).toBe(403);
    expect((await transcriptOf((await server.createAgent()).token, conversation.id, 'txt')).status).toBe(403);
    expect((await transcriptOf(customer.token, randomUUID())).status).toBe(404);
    expect((await transcriptOf(customer.token, conversation.id, 'pdf')).status).toBe(400);
  });
});
