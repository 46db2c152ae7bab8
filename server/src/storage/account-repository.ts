import type { AccountStore, AgentAccount, StoredSession, StoredUser } from '../domain/accounts/account-store.js';
import type { Db } from './database.js';
import type { UserRow } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

function toStoredUser(row: UserRow): StoredUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
  };
}

export class AccountRepository implements AccountStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async insertUser(user: StoredUser): Promise<boolean> {
    try {
      await this.#db
        .insertInto('users')
        .values({
          id: user.id,
          email: user.email,
          password_hash: user.passwordHash,
          display_name: user.displayName,
          role: user.role,
          created_at: user.createdAt,
        })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async findUserByEmail(email: string): Promise<StoredUser | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row && toStoredUser(row);
  }

  async findUserById(id: string): Promise<StoredUser | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toStoredUser(row);
  }

  async listAgents(): Promise<AgentAccount[]> {
    const rows = await this.#db.selectFrom('users').select(['id', 'display_name']).where('role', '=', 'agent').execute();
    return rows.map((row) => ({ id: row.id, displayName: row.display_name }));
  }

  async insertSession(session: StoredSession & { tokenHash: string; createdAt: string }): Promise<void> {
    await this.#db
      .insertInto('sessions')
      .values({
        id: session.id,
        token_hash: session.tokenHash,
        user_id: session.userId,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async findLiveSession(tokenHash: string, now: string) {
    const row = await this.#db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.id as session_id', 'sessions.expires_at'])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      session: { id: row.session_id, userId: row.id, expiresAt: row.expires_at },
      user: toStoredUser(row),
    };
  }

  async deleteSession(id: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const result = await this.#db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
