import { randomBytes } from 'node:crypto';
import type { DatabaseConfig } from '../../server/src/config.js';
import { AccountService } from '../../server/src/domain/accounts/account-service.js';
import { PasswordHasher } from '../../server/src/domain/accounts/password-hasher.js';
import { systemClock } from '../../server/src/domain/clock.js';
import { AccountRepository } from '../../server/src/storage/account-repository.js';
import { migrateToLatest, openDatabase } from '../../server/src/storage/database.js';
import { BenchClient } from './bench-client.js';
import type { CaseStorage } from './case-storage.js';
import type { Log } from './load-run.js';
import { inPool } from './pool.js';
import { ServerProcess } from './server-process.js';
import type { MeasuredCode } from './build.js';
import { ycywNodeEnv } from './ycyw-target.js';

export interface BenchUser {
  userId: string;
  token: string;
}

/** A customer's support conversation, taken by its own agent. */
export interface BenchPair {
  conversationId: string;
  customer: BenchUser;
  agent: BenchUser;
}

const PASSWORD = 'bench password 1';
/** argon2 runs on libuv's pool: a few at a time keep both cores busy without a queue of timeouts. */
const CONCURRENCY = 8;

async function request(baseUrl: string, method: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function expectStatus(promise: Promise<{ status: number; body: any }>, status: number, what: string) {
  const response = await promise;
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * Creates agents with the operator command's own code path (AccountService.createUser as `agent`,
 * in the case's database) — one process for all of them instead of one CLI process per agent.
 */
async function createAgents(database: DatabaseConfig, emails: readonly string[], log: Log): Promise<void> {
  const db = openDatabase(database);
  try {
    await migrateToLatest(db, database.kind);
    const accounts = new AccountService({
      store: new AccountRepository(db),
      hasher: new PasswordHasher(),
      clock: systemClock,
      onSessionRevoked: () => undefined,
      sessionTtlMs: 24 * 3600 * 1000,
    });
    await inPool(emails, CONCURRENCY, async (email, i) => {
      await accounts.createUser({ email, displayName: `Agent ${i}`, password: PASSWORD }, 'agent');
      if ((i + 1) % 500 === 0) log(`  agents created: ${i + 1}/${emails.length}`);
    });
  } finally {
    await db.destroy();
  }
}

/** Registers customers over HTTP, as the web client does; each keeps the session token it got. */
async function registerCustomers(baseUrl: string, count: number, tag: string, log: Log): Promise<BenchUser[]> {
  return inPool(Array.from({ length: count }, (_, i) => i), CONCURRENCY, async (i) => {
    const body = await expectStatus(
      request(baseUrl, 'POST', '/api/auth/register', { email: `customer-${tag}-${i}@bench.test`, password: PASSWORD, displayName: `Customer ${i}` }),
      201,
      'register',
    );
    if ((i + 1) % 500 === 0) log(`  customers registered: ${i + 1}/${count}`);
    return { userId: body.user.id as string, token: body.token as string };
  });
}

/** A setup node on the case's storage, for the HTTP part of seeding; stopped before anything is measured. */
async function withSetupNode<T>(code: MeasuredCode, storage: CaseStorage, run: (node: ServerProcess) => Promise<T>): Promise<T> {
  const node = await ServerProcess.start({ name: 'setup node', script: code.serverMain, probe: code.probe, env: ycywNodeEnv(storage) });
  try {
    return await run(node);
  } finally {
    await node.stop();
  }
}

/**
 * `count` pairs: customers register over HTTP and open a conversation each; agents (made as the
 * operator command makes them) log in and each takes one conversation off the queue with `queue:take`.
 * Sessions are stored, so the tokens serve every later run on the same storage.
 */
export async function seedPairs(code: MeasuredCode, storage: CaseStorage, count: number, log: Log): Promise<BenchPair[]> {
  const tag = randomBytes(4).toString('hex');
  const agentEmails = Array.from({ length: count }, (_, i) => `agent-${tag}-${i}@bench.test`);
  log(`  creating ${count} agents and ${count} customers…`);
  await createAgents(storage.database, agentEmails, log);
  return withSetupNode(code, storage, async (node) => {
    const customers = await registerCustomers(node.url, count, tag, log);
    const agents = await inPool(agentEmails, CONCURRENCY, async (email) => {
      const body = await expectStatus(request(node.url, 'POST', '/api/auth/login', { email, password: PASSWORD }), 200, 'login');
      return { userId: body.user.id as string, token: body.token as string };
    });
    const conversationIds = await inPool(customers, CONCURRENCY, async (customer, i) => {
      const body = await expectStatus(
        request(node.url, 'POST', '/api/conversations', { subject: `Bench request ${i}`, topic: 'vehicle' }, customer.token),
        201,
        'open conversation',
      );
      return body.conversation.id as string;
    });
    // One agent device at a time per worker: the queue is published to every connected agent on each take.
    await inPool(agents, CONCURRENCY, async (agent, i) => {
      const client = await BenchClient.connect(i, conversationIds[i]!, { url: node.url, auth: { token: agent.token } }, 30_000);
      try {
        await client.request('queue:take', { conversationId: conversationIds[i] });
      } finally {
        client.close();
      }
    });
    log(`  ${count} conversations opened and taken`);
    return customers.map((customer, i) => ({ conversationId: conversationIds[i]!, customer, agent: agents[i]! }));
  });
}

/** `count` registered customers (the hold mode needs sessions, not conversations). */
export async function seedCustomers(code: MeasuredCode, storage: CaseStorage, count: number, log: Log): Promise<BenchUser[]> {
  const tag = randomBytes(4).toString('hex');
  log(`  registering ${count} customers…`);
  return withSetupNode(code, storage, (node) => registerCustomers(node.url, count, tag, log));
}
