import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';

/** The machine's Redis, for tests of several nodes (each gives its keys a prefix of its own). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The machine's PostgreSQL; every PostgreSQL test makes its own database there and drops it after. */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDialect = DatabaseConfig['kind'];

/** Every integration suite runs once per dialect. */
export const testDialects: readonly TestDialect[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required for the integration tests and is not reachable at ${TEST_POSTGRES_URL} ` +
        '(set TEST_DATABASE_URL, or start it).',
      { cause: error },
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database of the given dialect: in-memory SQLite, or a new PostgreSQL database. */
export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') return { config: { kind: 'sqlite', file: ':memory:' }, drop: async () => undefined };
  const name = `ycyw_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString() },
    drop: () => withAdmin((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
