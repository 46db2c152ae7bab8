import { randomBytes, randomUUID } from 'node:crypto';
import { io as connectClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthResponse, Message, MessagesResponse } from '@ycyw/protocol';
import { createTestDatabase, TEST_REDIS_URL as REDIS_URL, type TestDatabase } from '../test-support/test-databases.js';
import { createAgentWithCli, FailoverProxy, NodeProcess } from '../test-support/node-process.js';
import type { TestSocket } from '../test-support/test-app.js';

const MESSAGES_EACH_WAY = 60;
const SEND_INTERVAL_MS = 40;

async function post<T>(baseUrl: string, path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A chat client that behaves like the web app: it retries a send with the same clientMessageId until
 * acknowledged, and after every reconnection catches up over HTTP with `after=` its newest message.
 */
class ResilientClient {
  readonly seen = new Map<number, Message>();
  readonly socket: TestSocket;
  #connections = 0;

  constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly conversationId: string,
  ) {
    this.socket = connectClient(baseUrl, {
      auth: { token },
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    this.socket.on('message:new', ({ message }) => this.seen.set(message.id, message));
    this.socket.on('connect', () => {
      if (this.#connections++ > 0) void this.catchUp();
    });
  }

  /** How many times the socket connected again after its first connection. */
  get reconnections(): number {
    return Math.max(0, this.#connections - 1);
  }

  connected(): Promise<void> {
    return this.socket.connected ? Promise.resolve() : new Promise((resolve) => this.socket.once('connect', () => resolve()));
  }

  async catchUp(): Promise<void> {
    for (let page = 0; page < 50; page++) {
      const after = Math.max(0, ...this.seen.keys());
      const response = await fetch(`${this.baseUrl}/api/conversations/${this.conversationId}/messages?after=${after}&limit=100`, {
        headers: { authorization: `Bearer ${this.token}` },
      }).catch(() => undefined);
      if (!response?.ok) return;
      const { messages, hasMore } = (await response.json()) as MessagesResponse;
      for (const message of messages) this.seen.set(message.id, message);
      if (!hasMore) return;
    }
  }

  /** Resolves with the stored message once acknowledged (at most 40 attempts). */
  async send(body: string): Promise<Message> {
    const clientMessageId = randomUUID();
    for (let attempt = 0; attempt < 40; attempt++) {
      await Promise.race([this.connected(), new Promise((resolve) => setTimeout(resolve, 2000))]);
      const ack = await this.socket
        .timeout(2000)
        .emitWithAck('message:send', { conversationId: this.conversationId, clientMessageId, body })
        .catch(() => undefined);
      if (ack?.ok) return ack.message;
      // A burst of retries after a reconnection may meet the rate limit: back off like the web client.
      if (ack?.error.code === 'rate_limited') await new Promise((resolve) => setTimeout(resolve, 250));
      else if (ack && ack.error.code !== 'internal') throw new Error(`refused: ${ack.error.code}`);
    }
    throw new Error(`never acknowledged: ${body}`);
  }

  close(): void {
    this.socket.disconnect();
  }
}

describe.each(['SIGKILL', 'SIGTERM'] as const)('a node stopped with %s mid-chat', (signal) => {
  let database: TestDatabase | undefined;
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    await database?.drop();
  });

  it('loses no acknowledged message and duplicates none: clients reconnect to the other node and catch up', async () => {
    database = await createTestDatabase('postgres');
    if (database.config.kind !== 'postgres') throw new Error('unreachable');
    const env = { DATABASE_URL: database.config.url, REDIS_URL, REDIS_KEY_PREFIX: `ycyw-failover-${randomBytes(4).toString('hex')}:` };
    const nodeA = await NodeProcess.start(env);
    cleanup.push(() => nodeA.stop('SIGKILL'));
    const nodeB = await NodeProcess.start(env);
    cleanup.push(() => nodeB.stop('SIGKILL'));
    const proxy = await FailoverProxy.start([nodeA.port, nodeB.port]);
    cleanup.push(() => proxy.close());

    createAgentWithCli(env, 'failover-agent@agents.test', 'Agent B', 'agent password 1');
    const customer = await post<AuthResponse>(proxy.url, '/api/auth/register', {
      email: `${randomUUID()}@example.test`,
      password: 'customer password',
      displayName: 'Customer A',
    });
    const agent = await post<AuthResponse>(nodeB.url, '/api/auth/login', { email: 'failover-agent@agents.test', password: 'agent password 1' });
    const { conversation } = await post<{ conversation: { id: string } }>(proxy.url, '/api/conversations', { subject: 'Failover', topic: 'other' }, customer.token);

    // The customer reaches node A through the balancer; the agent is on node B.
    const customerClient = new ResilientClient(proxy.url, customer.token, conversation.id);
    const agentClient = new ResilientClient(nodeB.url, agent.token, conversation.id);
    cleanup.push(() => customerClient.close(), () => agentClient.close());
    await Promise.all([customerClient.connected(), agentClient.connected()]);
    const taken = await agentClient.socket.emitWithAck('queue:take', { conversationId: conversation.id });
    expect(taken.ok).toBe(true);

    const sendAll = (client: ResilientClient, label: string) =>
      Promise.all(
        Array.from({ length: MESSAGES_EACH_WAY }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, i * SEND_INTERVAL_MS));
          return client.send(`${label} ${i}`);
        }),
      );
    const sending = Promise.all([sendAll(customerClient, 'customer'), sendAll(agentClient, 'agent')]);
    await new Promise((resolve) => setTimeout(resolve, (MESSAGES_EACH_WAY * SEND_INTERVAL_MS) / 3));
    await nodeA.stop(signal);
    const [fromCustomer, fromAgent] = await sending;

    // Everything acknowledged is stored exactly once…
    const reader = new ResilientClient(nodeB.url, agent.token, conversation.id);
    cleanup.push(() => reader.close());
    await reader.catchUp();
    // Text only: the request was opened before any agent was online, so the timeline starts with that notice.
    const stored = [...reader.seen.values()].filter((m) => m.kind === 'text').map((m) => m.clientMessageId);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.length).toBe(2 * MESSAGES_EACH_WAY);
    for (const message of [...fromCustomer, ...fromAgent]) expect(stored).toContain(message.clientMessageId);

    // …and each side ends up with every message of the other, live or by catch-up.
    await Promise.all([customerClient.catchUp(), agentClient.catchUp()]);
    const customerSees = new Set([...customerClient.seen.values()].map((m) => m.clientMessageId));
    const agentSees = new Set([...agentClient.seen.values()].map((m) => m.clientMessageId));
    expect(fromAgent.filter((m) => !customerSees.has(m.clientMessageId))).toEqual([]);
    expect(fromCustomer.filter((m) => !agentSees.has(m.clientMessageId))).toEqual([]);
    // The node really died under the customer, who carried on through the other one.
    expect(customerClient.reconnections).toBeGreaterThan(0);
    expect(customerClient.socket.connected).toBe(true);
  }, 90_000);
});
