import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import type { DatabaseDialect } from './database.js';

/** Migrations in code, so the built server carries them; names sort in the order they run. */
export function migrationProvider(dialect: DatabaseDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_accounts_and_chat': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('customer', 'agent')`))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

        await db.schema
          .createTable('conversations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('customer_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('topic', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('waiting', 'active', 'resolved')`))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('last_message_id', 'bigint')
          .execute();
        await db.schema
          .createIndex('conversations_status_idx')
          .on('conversations')
          .columns(['status', 'created_at'])
          .execute();

        await db.schema
          .createTable('conversation_members')
          .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('joined_at', 'text', (c) => c.notNull())
          .addColumn('last_read_message_id', 'bigint')
          .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'user_id'])
          .execute();
        await db.schema.createIndex('conversation_members_user_idx').on('conversation_members').column('user_id').execute();

        await db.schema
          .createTable('messages')
          // SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL wants an identity column.
          .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
            dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity(),
          )
          .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
          .addColumn('sender_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('client_message_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('messages_idempotency_uq', ['conversation_id', 'sender_id', 'client_message_id'])
          .execute();
        await db.schema.createIndex('messages_conversation_idx').on('messages').columns(['conversation_id', 'id']).execute();
      },
    },
    '0002_message_meta': {
      async up(db: Kysely<unknown>) {
        // JSON as text in both dialects: it is only ever read back whole, never queried into.
        await db.schema.alterTable('messages').addColumn('meta', 'text').execute();
      },
    },
    '0003_support_desk': {
      async up(db: Kysely<unknown>) {
        // SQLite cannot add a NOT NULL column without a constant default: queued_at is filled, then read as such.
        await db.schema.alterTable('conversations').addColumn('queued_at', 'text').execute();
        await sql`update conversations set queued_at = created_at`.execute(db);
        await db.schema.alterTable('conversations').addColumn('resolved_at', 'text').execute();
        // The "no agent online" notice was given during the current wait (reset when it is taken).
        await db.schema.alterTable('conversations').addColumn('offline_notice_at', 'text').execute();
        await db.schema.alterTable('conversations').addColumn('rating_score', 'integer').execute();
        await db.schema.alterTable('conversations').addColumn('rating_comment', 'text').execute();
        await db.schema.alterTable('conversations').addColumn('rated_at', 'text').execute();
        await db.schema.createIndex('conversations_queue_idx').on('conversations').columns(['status', 'queued_at']).execute();
        await db.schema.createIndex('conversations_customer_idx').on('conversations').column('customer_id').execute();

        // One row per take: the recent pace of takes estimates a waiting customer's wait.
        await db.schema
          .createTable('queue_takes')
          .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
          .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('queued_at', 'text', (c) => c.notNull())
          .addColumn('taken_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('queue_takes_taken_idx').on('queue_takes').column('taken_at').execute();

        await db.schema
          .createTable('attachments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
          .addColumn('uploader_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('content_type', 'text', (c) => c.notNull())
          .addColumn('size_bytes', 'integer', (c) => c.notNull())
          // Where the bytes are in the blob store (a path under DATA_DIR, or an object key).
          .addColumn('storage_key', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('attachments_conversation_idx').on('attachments').column('conversation_id').execute();
      },
    },
    '0004_agents_index': {
      async up(db: Kysely<unknown>) {
        // The desk counts the agents online on every queue change: find the few agents among many customers.
        await db.schema.createIndex('users_role_idx').on('users').columns(['role', 'display_name']).execute();
      },
    },
  };
  return { getMigrations: async () => migrations };
}
