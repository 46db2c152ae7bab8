import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';

export type DatabaseDialect = DatabaseConfig['kind'];
export type Db = Kysely<Database>;

const INT8_OID = 20;
/** Distinct statements kept prepared; `in (…)` lists of varying length make a few variants each. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every statement anew on each call, and with better-sqlite3 preparing costs as much as
 * running: keep the prepared statements, by SQL text, least recently used dropped first. Reusing one is
 * safe because better-sqlite3 runs each to completion synchronously.
 */
function withStatementCache(sqlite: SQLite.Database, checkpointer: SqliteCheckpointer | null): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      checkpointer?.close();
      sqlite.close();
    },
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) cache.delete(sql);
      else statement = sqlite.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/** What the storage reports from work nobody awaits. */
export interface DatabaseEvents {
  /**
   * A pooled PostgreSQL connection was closed by the server while idle (a restart, a failover,
   * `drop database … with (force)`); the pool replaces it.
   */
  onIdleError?: (error: Error) => void;
  /** SQLite's background checkpoint thread failed; the main connection checkpoints from now on. */
  onCheckpointError?: (error: Error) => void;
}

/** Opens the configured database; SQLite files are created under their folder on first use. */
export function openDatabase(config: DatabaseConfig, events: DatabaseEvents = {}): Db {
  const { onIdleError = () => undefined, onCheckpointError = () => undefined } = events;
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
  const journal = sqlite.pragma('journal_mode = WAL', { simple: true });
  // Under WAL, NORMAL syncs at checkpoints instead of on every commit: a commit survives the process
  // crashing; only a power cut may lose the last ones (PostgreSQL is the choice when that matters).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // An in-memory database has no WAL to checkpoint.
  const checkpointer = journal === 'wal' ? SqliteCheckpointer.start(sqlite, config.file, onCheckpointError) : null;
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, checkpointer) }) });
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
