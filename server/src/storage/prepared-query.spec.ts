import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../test-support/test-databases.js';
import { type Db, migrateToLatest, openDatabase } from './database.js';
import { prepareQuery } from './prepared-query.js';

describe.each(testDialects)('prepareQuery (%s)', (dialect) => {
  let database: TestDatabase;
  let db: Db;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    db = openDatabase(database.config);
    await migrateToLatest(db, dialect);
    for (const [id, name, role] of [['u1', 'Ann', 'customer'], ['u2', 'Bob', 'agent'], ['u3', 'Cat', 'agent']] as const) {
      await db.insertInto('users').values({ id, email: `${id}@example.com`, password_hash: 'x', display_name: name, role, created_at: '2026-01-01T00:00:00.000Z' }).execute();
    }
  });

  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  it('runs with each call’s values, and keeps the values the builder wrote itself', async () => {
    const agentsNamed = prepareQuery(db, (p: { name: string }) =>
      db.selectFrom('users').select('id').where('display_name', '=', p.name).where('role', '=', 'agent'),
    );

    expect((await agentsNamed(db, { name: 'Bob' })).rows).toEqual([{ id: 'u2' }]);
    expect((await agentsNamed(db, { name: 'Cat' })).rows).toEqual([{ id: 'u3' }]);
    // Ann is a customer: the constant 'agent' still applies.
    expect((await agentsNamed(db, { name: 'Ann' })).rows).toEqual([]);
  });

  it('binds a value used twice, writes, and runs inside a transaction', async () => {
    const rename = prepareQuery(db, (p: { id: string; name: string }) =>
      db.updateTable('users').set({ display_name: p.name, email: p.name }).where('id', '=', p.id),
    );

    await db.transaction().execute(async (trx) => {
      await rename(trx, { id: 'u1', name: 'Anna' });
    });
    const row = await db.selectFrom('users').select(['display_name', 'email']).where('id', '=', 'u1').executeTakeFirstOrThrow();
    expect(row).toEqual({ display_name: 'Anna', email: 'Anna' });
  });
});
