import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export type DatabaseDialect = DatabaseConfig['kind'];
export type Db = Kysely<Database>;

const INT8_OID = 20;

/**
 * Opens the configured database; SQLite files are created under their folder on first use.
 * `onIdleError` hears of pooled PostgreSQL connections closed by the server while idle (a restart, a
 * failover, `drop database … with (force)`); the pool replaces them.
 */
export function openDatabase(config: DatabaseConfig, onIdleError: (error: Error) => void = () => undefined): Db {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: 10,
      // Message ids are bigint; ours stay far below 2^53, so hand them out as numbers, not strings.
      types: { getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text') },
    });
    // Without a listener, node-postgres re-emits such an error as an uncaught exception, which kills the
    // process — even for a connection the pool is already closing (pool.end() does not wait for that).
    pool.on('error', onIdleError);
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  if (config.file !== ':memory:') fs.mkdirSync(path.dirname(config.file), { recursive: true });
  const sqlite = new SQLite(config.file);
  // WAL lets readers run while a message is being written; the busy timeout covers the CLI writing concurrently.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Brings the schema up to date; throws if any migration fails. */
export async function migrateToLatest(db: Db, dialect: DatabaseDialect): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
