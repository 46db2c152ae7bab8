import { parseArgs } from 'node:util';
import { registerBodySchema } from '@ycyw/protocol';
import { loadConfig } from '../config.js';
import { AccountService } from '../domain/accounts/account-service.js';
import { PasswordHasher } from '../domain/accounts/password-hasher.js';
import { systemClock } from '../domain/clock.js';
import { DomainError } from '../domain/domain-error.js';
import { AccountRepository } from '../storage/account-repository.js';
import { migrateToLatest, openDatabase } from '../storage/database.js';

const usage = 'usage: npm run agent:create -- --email EMAIL --name NAME [--password PASSWORD]  (or the password on standard input)';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Operator command: creates an agent account in the configured database. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  });
  if (!values.email || !values.name) {
    console.error(usage);
    return 2;
  }
  const input = registerBodySchema.safeParse({
    email: values.email,
    displayName: values.name,
    password: values.password ?? (await readStdin()),
  });
  if (!input.success) {
    console.error(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    return 2;
  }

  const config = loadConfig();
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db, config.database.kind);
    const accounts = new AccountService({
      store: new AccountRepository(db),
      hasher: new PasswordHasher(),
      clock: systemClock,
      // The CLI opens and revokes no session.
      onSessionRevoked: () => undefined,
      sessionTtlMs: config.sessionTtlMs,
    });
    const agent = await accounts.createUser(input.data, 'agent');
    console.log(`Created agent ${agent.displayName} <${agent.email}> (${agent.id})`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main();
