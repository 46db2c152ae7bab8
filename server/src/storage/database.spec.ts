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
    const db = openDatabase(database.config, (error) => errors.push(error));
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
