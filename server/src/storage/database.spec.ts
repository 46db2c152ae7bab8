import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_POSTGRES_URL } from '../test-support/test-databases.js';
import { openDatabase } from './database.js';

describe('openDatabase on PostgreSQL', () => {
  it('reports an idle connection the server closed, instead of crashing the process, and keeps working', async () => {
    const database = await createTestDatabase('postgres');
    if (database.config.kind !== 'postgres') throw new Error('unreachable');
    const errors: Error[] = [];
    const db = openDatabase(database.config, { onIdleError: (error) => errors.push(error) });
    try {
      await sql`select 1`.execute(db);
      const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await admin.connect();
      try {
        // What a database restart or failover does to the pool's idle connection.
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [
          new URL(database.config.url).pathname.slice(1),
        ]);
      } finally {
        await admin.end();
      }
      for (let waited = 0; errors.length === 0 && waited < 3000; waited += 50) await new Promise((r) => setTimeout(r, 50));

      expect(errors.map((error) => (error as Error & { code?: string }).code)).toEqual(['57P01']);
      const { rows } = await sql<{ answer: number }>`select 42 as answer`.execute(db);
      expect(rows).toEqual([{ answer: 42 }]);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});

describe('openDatabase on a SQLite file', () => {
  it('gets committed pages into the database file from a background thread, and keeps the WAL from growing with the data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ycyw-db-spec-'));
    const file = path.join(dir, 'support.sqlite');
    const errors: Error[] = [];
    const db = openDatabase({ kind: 'sqlite', file }, { onCheckpointError: (error) => errors.push(error) });
    // Each commit appends at least one 4 KiB page to the WAL: 20,000 of them are 80 MiB without restarts.
    const row = 'x'.repeat(100);
    const rounds = 10;
    const perRound = 2000;
    try {
      await sql`create table notes (id integer primary key, body text not null)`.execute(db);
      // The commits themselves never checkpoint (that is what stalled the event loop).
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
      expect(rows).toEqual([{ wal_autocheckpoint: 0 }]);
      for (let round = 0; round < rounds; round++) {
        // One commit per row, as messages are stored, with the pauses of a server that is not saturated.
        for (let i = 0; i < perRound; i++) {
          await sql`insert into notes (body) values (${row})`.execute(db);
          if (i % 100 === 99) await new Promise((r) => setTimeout(r, 1));
        }
        // Nothing here checkpoints, yet the rows reach the database file.
        const wanted = (round + 1) * perRound * row.length;
        for (let waited = 0; fs.statSync(file).size < wanted && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
        expect(fs.statSync(file).size).toBeGreaterThanOrEqual(wanted);
      }
      // The WAL started over instead of holding every commit.
      expect(fs.statSync(`${file}-wal`).size).toBeLessThan(40 * 2 ** 20);
      expect(errors).toEqual([]);
    } finally {
      await db.destroy();
    }
    const reopened = new SQLite(file, { readonly: true });
    try {
      expect(reopened.prepare('select count(*) as n from notes').get()).toEqual({ n: rounds * perRound });
    } finally {
      reopened.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
