import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@ycyw/protocol';
import { ERROR_LEVEL, nextEvent, sleep, TestServer, type TestUser } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';
import { samplePdf, samplePng } from '../test-support/sample-files.js';

interface UploadOptions {
  fileName?: string;
  type?: string;
  clientMessageId?: string;
  /** Replaces the Bearer header (e.g. with the session cookie). */
  headers?: Record<string, string>;
}

/** The files the blob store holds under this server's DATA_DIR. */
async function storedFiles(server: TestServer): Promise<string[]> {
  const root = path.join(server.dataDir, 'attachments');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Bytes sent as a stream of 1 KiB chunks, without a Content-Length (chunked transfer encoding). */
function chunked(bytes: Buffer): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 1024));
      offset += 1024;
    },
  });
}

function scenario(server: () => TestServer) {
  async function upload(user: TestUser, conversationId: string, body: Buffer | ReadableStream<Uint8Array>, options: UploadOptions = {}) {
    const query = new URLSearchParams({
      fileName: options.fileName ?? 'dent.png',
      clientMessageId: options.clientMessageId ?? randomUUID(),
    });
    const response = await fetch(`${server().baseUrl}/api/conversations/${conversationId}/attachments?${query}`, {
      method: 'POST',
      headers: { ...(options.headers ?? { authorization: `Bearer ${user.token}` }), 'content-type': options.type ?? 'image/png' },
      body,
      duplex: 'half',
    } as RequestInit);
    return { status: response.status, body: (await response.json()) as { message: Message; error: { code: string } } };
  }

  async function download(user: TestUser, url: string) {
    const response = await fetch(`${server().baseUrl}${url}`, { headers: { authorization: `Bearer ${user.token}` } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  /** A customer and an agent who took the customer's conversation, each with a connected device. */
  async function activeConversation() {
    const customer = await server().registerCustomer('Camille');
    const agent = await server().createAgent('Alex');
    const conversation = await server().openConversation(customer);
    const agentDevice = await server().connect(agent);
    const taken = await agentDevice.emitWithAck('queue:take', { conversationId: conversation.id });
    expect(taken.ok).toBe(true);
    const customerDevice = await server().connect(customer);
    return { customer, agent, conversation, agentDevice, customerDevice };
  }

  return { upload, download, activeConversation };
}

describe.each(testDialects)('attachments over HTTP (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
  });
  afterAll(() => server?.stop());
  const { upload, download, activeConversation } = scenario(() => server);

  describe('POST /api/conversations/:id/attachments', () => {
    it('stores a PNG photo, posts it as a file entry, and lets another member download the same bytes, shown inline', async () => {
      const { customer, agent, conversation } = await activeConversation();
      const png = samplePng();

      const sent = await upload(customer, conversation.id, png, { fileName: 'dent.png', clientMessageId: 'photo-1' });

      expect(sent.status).toBe(201);
      const { message } = sent.body;
      expect(message).toEqual({
        id: expect.any(Number),
        conversationId: conversation.id,
        senderId: customer.user.id,
        senderName: 'Camille',
        clientMessageId: 'photo-1',
        kind: 'file',
        body: 'dent.png',
        createdAt: expect.any(String),
        attachment: {
          id: expect.any(String),
          fileName: 'dent.png',
          contentType: 'image/png',
          sizeBytes: png.length,
          url: `/api/attachments/${message.attachment?.id}`,
        },
      });
      const fetched = await download(agent, message.attachment!.url);
      expect(fetched.status).toBe(200);
      expect(fetched.bytes.equals(png)).toBe(true);
      expect(fetched.headers.get('content-type')).toBe('image/png');
      expect(fetched.headers.get('content-length')).toBe(String(png.length));
      expect(fetched.headers.get('x-content-type-options')).toBe('nosniff');
      expect(fetched.headers.get('content-disposition')).toBe('inline; filename=dent.png');
      expect(fetched.headers.get('cache-control')).toMatch(/^private, max-age=\d+/);
    });

    it('stores a PDF, which members download as an attachment (never rendered on our origin)', async () => {
      const { customer, agent, conversation } = await activeConversation();
      const pdf = samplePdf();

      const sent = await upload(agent, conversation.id, pdf, { fileName: 'contract.pdf', type: 'application/pdf' });

      expect(sent.status).toBe(201);
      expect(sent.body.message.attachment).toMatchObject({ contentType: 'application/pdf', sizeBytes: pdf.length });
      const fetched = await download(customer, sent.body.message.attachment!.url);
      expect(fetched.bytes.equals(pdf)).toBe(true);
      expect(fetched.headers.get('content-type')).toBe('application/pdf');
      expect(fetched.headers.get('content-disposition')).toBe('attachment; filename=contract.pdf');
    });

    it('delivers the file entry to every member as message:new, with its attachment', async () => {
      const { customer, conversation, agentDevice, customerDevice } = await activeConversation();
      const atAgent = nextEvent(agentDevice, 'message:new', (e) => e.message.kind === 'file');
      const atCustomer = nextEvent(customerDevice, 'message:new', (e) => e.message.kind === 'file');

      const sent = await upload(customer, conversation.id, samplePng());

      expect((await atAgent).message).toEqual(sent.body.message);
      expect((await atCustomer).message).toEqual(sent.body.message);
    });

    it('returns the first message when retried with the same clientMessageId, keeping one entry and one stored file', async () => {
      const { customer, conversation } = await activeConversation();
      const png = samplePng();
      const before = (await storedFiles(server)).length;

      const first = await upload(customer, conversation.id, png, { clientMessageId: 'retry-me' });
      const retry = await upload(customer, conversation.id, png, { clientMessageId: 'retry-me' });

      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body.message).toEqual(first.body.message);
      const history = await server.request('GET', `/api/conversations/${conversation.id}/messages`, { token: customer.token });
      expect(history.body.messages.filter((m: Message) => m.kind === 'file')).toHaveLength(1);
      expect((await storedFiles(server)).length).toBe(before + 1);
    });

    it('keeps one entry when the same upload arrives twice at once', async () => {
      const { customer, conversation } = await activeConversation();
      const png = samplePng();

      const [a, b] = await Promise.all([
        upload(customer, conversation.id, png, { clientMessageId: 'twin' }),
        upload(customer, conversation.id, png, { clientMessageId: 'twin' }),
      ]);

      expect(a.body.message).toEqual(b.body.message);
      const history = await server.request('GET', `/api/conversations/${conversation.id}/messages`, { token: customer.token });
      expect(history.body.messages.filter((m: Message) => m.kind === 'file')).toHaveLength(1);
    });

    it('refuses a non-member with 403 forbidden and stores nothing', async () => {
      const { conversation } = await activeConversation();
      const before = await storedFiles(server);

      const sent = await upload(await server.registerCustomer(), conversation.id, samplePng());

      expect(sent.status).toBe(403);
      expect(sent.body.error.code).toBe('forbidden');
      expect(await storedFiles(server)).toEqual(before);
    });

    it('answers 404 for an unknown conversation', async () => {
      const sent = await upload(await server.registerCustomer(), randomUUID(), samplePng());

      expect(sent.status).toBe(404);
    });

    it('refuses a text file named .png with 415 unsupported_media_type', async () => {
      const { customer, conversation } = await activeConversation();
      const before = await storedFiles(server);

      const sent = await upload(customer, conversation.id, Buffer.from('just some notes, not a picture\n'.repeat(20)), { fileName: 'notes.png' });

      expect(sent.status).toBe(415);
      expect(sent.body.error.code).toBe('unsupported_media_type');
      expect(await storedFiles(server)).toEqual(before);
    });

    it('refuses PDF bytes declared as image/png with 415: the declared type must match the bytes', async () => {
      const { customer, conversation } = await activeConversation();

      const sent = await upload(customer, conversation.id, samplePdf(), { fileName: 'photo.png', type: 'image/png' });

      expect(sent.status).toBe(415);
      expect(sent.body.error.code).toBe('unsupported_media_type');
    });

    it('does not parse a body declared as JSON: it is a file of the wrong type (415), even past the JSON limit', async () => {
      const { customer, conversation } = await activeConversation();

      const sent = await upload(customer, conversation.id, Buffer.from(JSON.stringify({ filler: 'x'.repeat(100_000) })), {
        type: 'application/json',
      });

      expect(sent.status).toBe(415);
    });

    it('refuses an upload authenticated by the session cookie from a foreign Origin, and accepts it from our own', async () => {
      const { customer, conversation } = await activeConversation();
      const cookie = `ycyw_session=${customer.token}`;

      const foreign = await upload(customer, conversation.id, samplePng(), { headers: { cookie, origin: 'https://evil.example' } });
      const own = await upload(customer, conversation.id, samplePng(), { headers: { cookie, origin: server.baseUrl } });

      expect(foreign.status).toBe(403);
      expect(own.status).toBe(201);
    });

    it('stores a safe file name: no folders, no control characters, non-ASCII names encoded in the download header', async () => {
      const { customer, conversation } = await activeConversation();

      const sent = await upload(customer, conversation.id, samplePng(), { fileName: '../../etc/rayure\u0007 avant-droit é.png' });

      expect(sent.body.message.attachment?.fileName).toBe('rayure avant-droit é.png');
      const fetched = await download(customer, sent.body.message.attachment!.url);
      expect(fetched.headers.get('content-disposition')).toBe(
        `inline; filename="rayure avant-droit ?.png"; filename*=UTF-8''rayure%20avant-droit%20%C3%A9.png`,
      );
    });

    it('reopens a resolved conversation when its customer sends a file; an agent gets 409 conflict', async () => {
      const { customer, agent, conversation, agentDevice, customerDevice } = await activeConversation();
      const resolved = await agentDevice.emitWithAck('conversation:resolve', { conversationId: conversation.id });
      expect(resolved.ok).toBe(true);

      const byAgent = await upload(agent, conversation.id, samplePng());
      expect(byAgent.status).toBe(409);

      const reopened = nextEvent(customerDevice, 'conversation:updated', (e) => e.conversation.status === 'waiting');
      const sent = await upload(customer, conversation.id, samplePng());

      expect(sent.status).toBe(201);
      expect((await reopened).conversation.id).toBe(conversation.id);
      const now = await server.request('GET', `/api/conversations/${conversation.id}`, { token: customer.token });
      expect(now.body.conversation.status).toBe('waiting');
    });
  });

  describe('GET /api/attachments/:id', () => {
    it('refuses someone outside the conversation with 403, and answers 404 for an unknown attachment', async () => {
      const { customer, conversation } = await activeConversation();
      const sent = await upload(customer, conversation.id, samplePng());
      const outsiders = [await server.registerCustomer(), await server.createAgent()];

      for (const outsider of outsiders) expect((await download(outsider, sent.body.message.attachment!.url)).status).toBe(403);
      expect((await download(customer, `/api/attachments/${randomUUID()}`)).status).toBe(404);
    });

    it('requires a session', async () => {
      const { customer, conversation } = await activeConversation();
      const sent = await upload(customer, conversation.id, samplePng());

      const response = await fetch(`${server.baseUrl}${sent.body.message.attachment!.url}`);

      expect(response.status).toBe(401);
    });
  });
});

describe.each(testDialects)('attachment size limit (%s)', (dialect) => {
  const maxBytes = 8 * 1024;
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect, { ATTACHMENT_MAX_BYTES: String(maxBytes) });
  });
  afterAll(() => server?.stop());
  const { upload, activeConversation } = scenario(() => server);

  it('refuses a file announced over ATTACHMENT_MAX_BYTES with 413 payload_too_large, storing nothing', async () => {
    const { customer, conversation } = await activeConversation();
    const png = samplePng(64);
    expect(png.length).toBeGreaterThan(maxBytes);

    const sent = await upload(customer, conversation.id, png);

    expect(sent.status).toBe(413);
    expect(sent.body.error.code).toBe('payload_too_large');
    expect(await storedFiles(server)).toEqual([]);
  });

  it('stops a streamed upload (no Content-Length) once it passes the limit: 413, and no partial file left', async () => {
    const { customer, conversation } = await activeConversation();

    const sent = await upload(customer, conversation.id, chunked(samplePng(64)));

    expect(sent.status).toBe(413);
    expect(await storedFiles(server)).toEqual([]);
  });

  it('leaves nothing behind, and logs no error, when the client goes away in the middle of an upload', async () => {
    const { customer, conversation } = await activeConversation();
    const png = samplePng(32);
    const aborted = new AbortController();
    let sent = 0;
    const slowBody = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent >= 2) return new Promise<void>(() => undefined); // the rest never comes
        controller.enqueue(png.subarray(sent * 1024, (sent + 1) * 1024));
        sent++;
      },
    });
    const query = new URLSearchParams({ fileName: 'dent.png', clientMessageId: randomUUID() });
    const request = fetch(`${server.baseUrl}/api/conversations/${conversation.id}/attachments?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'image/png' },
      body: slowBody,
      duplex: 'half',
      signal: aborted.signal,
    } as RequestInit);

    await sleep(300);
    aborted.abort();
    await expect(request).rejects.toThrow();
    await sleep(300);

    expect(await storedFiles(server)).toEqual([]);
    expect(server.logs.filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
  });

  it('accepts a file within the limit right after refusing one over it', async () => {
    const { customer, conversation } = await activeConversation();
    const small = samplePng(16);
    expect(small.length).toBeLessThanOrEqual(maxBytes);

    expect((await upload(customer, conversation.id, samplePng(64))).status).toBe(413);
    const sent = await upload(customer, conversation.id, small);

    expect(sent.status).toBe(201);
    expect(await storedFiles(server)).toHaveLength(1);
  });
});
