import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import type {
  AuthResponse,
  ClientToServerEvents,
  Conversation,
  QueueEntry,
  QueueUpdatedEvent,
  RegisterBody,
  ServerToClientEvents,
  SessionReadyEvent,
} from '@ycyw/protocol';
import { type App, createApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Clock } from '../domain/clock.js';
import { roomFor } from '../realtime/rooms.js';
import { ConversationRepository } from '../storage/conversation-repository.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase, type TestDialect } from './test-databases.js';

export type TestSocket = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

/** A connected client: one device (tab), with what the server said in `session:ready`. */
export type TestDevice = TestSocket & {
  deviceId: string;
  ready: SessionReadyEvent;
  /** For an agent, the queue the server sent on connect. */
  initialQueue?: QueueEntry[];
  /** Every event this device received since before it connected, in order. */
  log: ReceivedEvent[];
};

export interface ReceivedEvent {
  event: string;
  payload: unknown;
}

export interface TestUser extends AuthResponse {
  password: string;
}

export interface LogLine {
  level: number;
  msg: string;
  err?: { message: string };
  [field: string]: unknown;
}

/** pino's level for `error`. */
export const ERROR_LEVEL = 50;

/** A real server on a free port, with a fresh database, and helpers to drive it as clients would. */
export class TestServer {
  readonly #sockets = new Set<TestSocket>();

  private constructor(
    readonly app: App,
    readonly baseUrl: string,
    readonly database: TestDatabase,
    /** What the server logged at warn level or above (and below, with TEST_LOG_LEVEL), as parsed pino lines. */
    readonly logs: readonly LogLine[],
    /** Its DATA_DIR (attachments live under it): a fresh temporary folder unless the test set DATA_DIR. */
    readonly dataDir: string,
    private readonly ownsDataDir: boolean,
  ) {}

  /**
   * Starts a node. With `database`, it shares another node's database (a second node of a cluster);
   * the node that created the database drops it.
   */
  static async start(
    dialect: TestDialect,
    env: NodeJS.ProcessEnv = {},
    shared?: TestDatabase,
    /** `clock`: the domain's time source, for tests that move time forward. */
    options: { clock?: Clock } = {},
  ): Promise<TestServer> {
    const database = shared ? { ...shared, drop: async () => undefined } : await createTestDatabase(dialect);
    const ownsDataDir = env.DATA_DIR === undefined;
    const dataDir = env.DATA_DIR ?? (await mkdtemp(path.join(os.tmpdir(), 'ycyw-test-')));
    const config = { ...loadConfig({ WEB_DIST: '', ...env, DATA_DIR: dataDir }), database: database.config };
    const logs: LogLine[] = [];
    const echo = process.env.TEST_LOG_LEVEL !== undefined;
    const sink = {
      write(line: string) {
        logs.push(JSON.parse(line) as LogLine);
        if (echo) process.stdout.write(line);
      },
    };
    const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' }, sink);
    const app = await createApp(config, { logger, presenceGraceMs: 100, clock: options.clock });
    const address = await app.listen(0, '127.0.0.1');
    return new TestServer(app, `http://127.0.0.1:${address.port}`, database, logs, config.dataDir, ownsDataDir);
  }

  /**
   * Two nodes on one fresh PostgreSQL database, sharing the machine's Redis under a key prefix of their own
   * (so runs and other users never mix), as behind a load balancer. The first owns the database: stopping
   * the second drops nothing.
   */
  static async startTwoNodes(env: NodeJS.ProcessEnv = {}): Promise<[TestServer, TestServer]> {
    const shared = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `ycyw-test-${randomBytes(4).toString('hex')}:`, ...env };
    const first = await TestServer.start('postgres', shared);
    return [first, await TestServer.start('postgres', shared, first.database)];
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.disconnect();
    await this.app.close();
    await this.database.drop();
    if (this.ownsDataDir) await rm(this.dataDir, { recursive: true, force: true });
  }

  /** A JSON request to the API; `token` adds the Bearer header. */
  async request(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as any) : undefined };
  }

  /** Registers a customer with a unique email. */
  async registerCustomer(displayName = 'Customer'): Promise<TestUser> {
    const input: RegisterBody = { email: `${randomUUID()}@example.test`, password: 'correct horse battery', displayName };
    const response = await this.request('POST', '/api/auth/register', { body: input });
    if (response.status !== 201) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
    return { ...(response.body as AuthResponse), password: input.password };
  }

  /** Creates an agent as the operator's CLI does, then logs in. */
  async createAgent(displayName = 'Agent'): Promise<TestUser> {
    const input: RegisterBody = { email: `${randomUUID()}@agents.test`, password: 'agent password 1', displayName };
    await this.app.accounts.createUser(input, 'agent');
    const response = await this.request('POST', '/api/auth/login', { body: { email: input.email, password: input.password } });
    return { ...(response.body as AuthResponse), password: input.password };
  }

  /** Opens a support request as this customer. */
  async openConversation(user: TestUser, subject = 'Flat tyre', topic = 'vehicle') {
    const response = await this.request('POST', '/api/conversations', { token: user.token, body: { subject, topic } });
    if (response.status !== 201) throw new Error(`open failed: ${JSON.stringify(response.body)}`);
    return response.body.conversation as Conversation;
  }

  /**
   * Makes the user a member of the conversation straight through the repository, telling nobody: a
   * stand-in for `conversation:invite` (the support desk's) when a test needs a second agent in.
   */
  async addMemberDirectly(conversationId: string, user: TestUser): Promise<void> {
    const added = await new ConversationRepository(this.app.db).addMember(conversationId, user.user.id, new Date().toISOString());
    if (!added) throw new Error(`${user.user.displayName} is already a member of ${conversationId}`);
  }

  /** Logs in again: a second, independent session of the same user. */
  async login(user: TestUser): Promise<TestUser> {
    const response = await this.request('POST', '/api/auth/login', { body: { email: user.user.email, password: user.password } });
    if (response.status !== 200) throw new Error(`login failed: ${JSON.stringify(response.body)}`);
    return { ...(response.body as AuthResponse), password: user.password };
  }

  /**
   * A connected socket.io client (one device). Without a token it relies on `extraHeaders` (the cookie).
   * Resolves once the server finished setting the device up: after `session:ready` and, for an agent,
   * the first `queue:updated`, so that later events in a test are the ones the test caused.
   */
  async connect(user: { token?: string }, options: { extraHeaders?: Record<string, string> } = {}): Promise<TestDevice> {
    const socket: TestSocket = connectClient(this.baseUrl, {
      auth: user.token ? { token: user.token } : {},
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: options.extraHeaders,
    });
    this.#sockets.add(socket);
    const log: ReceivedEvent[] = [];
    socket.onAny((event: string, payload: unknown) => log.push({ event, payload }));
    // Both listeners exist before the connection does: the queue may arrive in the same read as session:ready.
    const firstQueue = new Promise<QueueUpdatedEvent>((resolve) => socket.once('queue:updated', resolve));
    const ready = await new Promise<SessionReadyEvent>((resolve, reject) => {
      socket.once('session:ready', resolve);
      socket.once('connect_error', reject);
    });
    const initialQueue = ready.user.role === 'agent' ? (await firstQueue).queue : undefined;
    return Object.assign(socket, { deviceId: ready.deviceId, ready, initialQueue, log });
  }

  /**
   * Disconnects a device and resolves once this server has seen it go: the client's close travels on its
   * own connection, so without this a request on another connection may reach the server first.
   */
  async disconnect(device: TestDevice, ms = 3000): Promise<void> {
    device.disconnect();
    const deadline = Date.now() + ms;
    while ((await this.app.io.local.in(roomFor.device(device.deviceId)).fetchSockets()).length > 0) {
      if (Date.now() > deadline) throw new Error(`the server still holds device ${device.deviceId} after ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** A socket that is expected to be refused; resolves with the connect_error message. */
  async connectError(auth: Record<string, unknown>, extraHeaders?: Record<string, string>): Promise<string> {
    const socket: TestSocket = connectClient(this.baseUrl, {
      auth,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders,
    });
    this.#sockets.add(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect_error', (error) => resolve(error.message));
      socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    });
  }
}

/** Resolves with the next `event` on the socket (the next one that matches `where`, if given), or rejects after `ms`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  where: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  ms = 3000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!where(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    socket.on(event, listener as never);
  });
}

/** Like `nextEvent`, but also resolves with a matching event the device already received. */
export function receivedEvent<E extends keyof ServerToClientEvents>(
  device: TestDevice,
  event: E,
  where: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  ms = 3000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  type Payload = Parameters<ServerToClientEvents[E]>[0];
  const earlier = device.log.find((entry) => entry.event === event && where(entry.payload as Payload));
  return earlier ? Promise.resolve(earlier.payload as Payload) : nextEvent(device, event, where, ms);
}

/** Resolves when the server closes this socket's connection, with the reason. */
export function disconnected(socket: TestSocket, ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Collects every `event` the socket receives from now on. */
export function collect<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E) {
  const received: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => received.push(payload)) as never);
  return received;
}

/** A clock that runs with real time, and that a test can move forward. */
export class AdjustableClock implements Clock {
  #offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
