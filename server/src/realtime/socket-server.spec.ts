import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_LEVEL, type TestSocket, TestServer } from '../test-support/test-app.js';

describe('socket.io beside the web app', () => {
  let server: TestServer;
  let webDist: string;
  beforeAll(async () => {
    // A stand-in web build, so the SPA fallback is mounted as in production.
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'ycyw-web-'));
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>app</title>');
    server = await TestServer.start('sqlite', { WEB_DIST: webDist });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('a client on HTTP long-polling connects and chats, and the web app still serves deep links', async () => {
    const customer = await server.registerCustomer('Polly');
    const conversation = await server.openConversation(customer);
    const socket: TestSocket = connectClient(server.baseUrl, {
      auth: { token: customer.token },
      transports: ['polling'],
      reconnection: false,
      forceNew: true,
    });
    try {
      await new Promise((resolve, reject) => {
        socket.once('session:ready', resolve);
        socket.once('connect_error', reject);
      });
      const ack = await socket.timeout(5000).emitWithAck('message:send', {
        conversationId: conversation.id,
        clientMessageId: 'poll-1',
        body: 'over polling',
      });
      expect(ack).toMatchObject({ ok: true, message: { body: 'over polling' } });
    } finally {
      socket.disconnect();
    }

    const page = await fetch(`${server.baseUrl}/conversations/${conversation.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>app</title>');
    expect((await server.request('GET', '/healthz')).status).toBe(200);
    // socket.io alone answers its requests: the web app must not also try to.
    expect(server.logs.filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
  });

  it('unknown API routes answer a JSON 404, not the web app', async () => {
    const customer = await server.registerCustomer();
    const response = await server.request('GET', '/api/nope', { token: customer.token });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});
