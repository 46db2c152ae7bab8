import type { Attachment, CallSummary, Conversation, ConversationSummary, Member, Message, QueueEntry } from '@ycyw/protocol';
import type {
  ConversationStore,
  MessagePageQuery,
  NewConversation,
  NewMessage,
} from '../domain/conversations/conversation-store.js';
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Db } from './database.js';
import { prepareQuery } from './prepared-query.js';
import type { ConversationRow, MessageRow } from './schema.js';

type MessageWithSender = MessageRow & { sender_name: string };

/** The structured part of a message, as stored in `messages.meta`. */
interface MessageMeta {
  call?: CallSummary;
  attachment?: Attachment;
}

function toMessage(row: MessageWithSender): Message {
  const meta = row.meta === null ? {} : (JSON.parse(row.meta) as MessageMeta);
  return {
    id: row.id,
    conversationId: row.conversation_id,
    senderId: row.sender_id,
    senderName: row.sender_name,
    clientMessageId: row.client_message_id,
    kind: row.kind,
    body: row.body,
    createdAt: row.created_at,
    ...(meta.call ? { call: meta.call } : {}),
    ...(meta.attachment ? { attachment: meta.attachment } : {}),
  };
}

function metaOf(m: NewMessage): string | null {
  const meta: MessageMeta = { ...(m.call ? { call: m.call } : {}), ...(m.attachment ? { attachment: m.attachment } : {}) };
  return Object.keys(meta).length === 0 ? null : JSON.stringify(meta);
}

function toMember(row: { user_id: string; display_name: string; role: Member['role']; last_read_message_id: number | null }): Member {
  return { userId: row.user_id, displayName: row.display_name, role: row.role, lastReadMessageId: row.last_read_message_id };
}

function toConversation(row: ConversationRow, members: Member[]): Conversation {
  return {
    id: row.id,
    subject: row.subject,
    topic: row.topic,
    status: row.status,
    members,
    createdAt: row.created_at,
    lastMessageId: row.last_message_id,
    queuedAt: row.queued_at,
    resolvedAt: row.resolved_at,
    rating:
      row.rating_score === null
        ? null
        : { score: row.rating_score, comment: row.rating_comment, ratedAt: row.rated_at ?? row.updated_at },
  };
}

async function findMessage(db: Db, conversationId: string, senderId: string, clientMessageId: string): Promise<Message | undefined> {
  const row = await db
    .selectFrom('messages')
    .innerJoin('users', 'users.id', 'messages.sender_id')
    .selectAll('messages')
    .select('users.display_name as sender_name')
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.sender_id', '=', senderId)
    .where('messages.client_message_id', '=', clientMessageId)
    .executeTakeFirst();
  return row && toMessage(row);
}

/** The statements of `message:send` on SQLite, built and compiled once (PostgreSQL has its own, below). */
function hotPathQueries(db: Db) {
  return {
    conversation: prepareQuery(db, (p: { id: string }) => db.selectFrom('conversations').selectAll().where('id', '=', p.id)),
    members: prepareQuery(db, (p: { conversationId: string }) =>
      db
        .selectFrom('conversation_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.user_id', 'm.last_read_message_id', 'u.display_name', 'u.role'])
        .where('m.conversation_id', '=', p.conversationId)
        .orderBy('m.joined_at'),
    ),
    insertMessage: prepareQuery(
      db,
      (p: { conversationId: string; senderId: string; clientMessageId: string; kind: NewMessage['kind']; body: string; createdAt: string; meta: string | null }) =>
        db
          .insertInto('messages')
          .values({
            conversation_id: p.conversationId,
            sender_id: p.senderId,
            client_message_id: p.clientMessageId,
            kind: p.kind,
            body: p.body,
            created_at: p.createdAt,
            meta: p.meta,
          })
          .onConflict((oc) => oc.columns(['conversation_id', 'sender_id', 'client_message_id']).doNothing())
          .returningAll(),
    ),
    setLastMessage: prepareQuery(db, (p: { id: string; lastMessageId: number; updatedAt: string }) =>
      db.updateTable('conversations').set({ last_message_id: p.lastMessageId, updated_at: p.updatedAt }).where('id', '=', p.id),
    ),
  };
}

/**
 * PostgreSQL: `insertMessageOnce` as one statement, one round trip instead of five (begin, lock, insert,
 * update, commit). `locked` takes the conversation row's lock before the insert draws its id, and the
 * statement commits on its own, so ids still become visible in increasing order per conversation; the
 * insert depends on `locked` and the update on `inserted`, which orders the three. On a retry (conflict)
 * nothing is inserted, hence nothing updated, and no row comes back.
 */
const INSERT_MESSAGE_ONCE_POSTGRES = `
with locked as (
  select id from conversations where id = $1 for update
), inserted as (
  insert into messages (conversation_id, sender_id, client_message_id, kind, body, created_at, meta)
  select id, $2, $3, $4, $5, $6, $7 from locked
  on conflict (conversation_id, sender_id, client_message_id) do nothing
  returning *
), updated as (
  update conversations set last_message_id = inserted.id, updated_at = inserted.created_at
  from inserted where conversations.id = inserted.conversation_id
)
select * from inserted`;

/**
 * PostgreSQL: a conversation with its members in one round trip (every message looks it up before it is stored).
 * JSON numbers come back as numbers, like the bigint columns through the pool's parser.
 */
const FIND_CONVERSATION_POSTGRES = `
select c.*, coalesce((
  select json_agg(json_build_object(
    'user_id', m.user_id, 'last_read_message_id', m.last_read_message_id, 'display_name', u.display_name, 'role', u.role
  ) order by m.joined_at)
  from conversation_members m inner join users u on u.id = m.user_id
  where m.conversation_id = c.id
), '[]'::json) as members
from conversations c where c.id = $1`;

type MemberRow = Parameters<typeof toMember>[0];

export class ConversationRepository implements ConversationStore {
  readonly #db: Db;
  readonly #hot: ReturnType<typeof hotPathQueries>;
  readonly #postgres: boolean;

  constructor(db: Db) {
    this.#db = db;
    this.#hot = hotPathQueries(db);
    this.#postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  }

  async insertConversation(c: NewConversation): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('conversations')
        .values({
          id: c.id,
          customer_id: c.customerId,
          subject: c.subject,
          topic: c.topic,
          status: 'waiting',
          created_at: c.createdAt,
          updated_at: c.createdAt,
          last_message_id: null,
          queued_at: c.createdAt,
        })
        .execute();
      await trx
        .insertInto('conversation_members')
        .values({ conversation_id: c.id, user_id: c.customerId, joined_at: c.createdAt, last_read_message_id: null })
        .execute();
    });
  }

  async findConversation(id: string): Promise<Conversation | undefined> {
    if (this.#postgres) {
      const { rows } = await this.#db.executeQuery<ConversationRow & { members: MemberRow[] }>(CompiledQuery.raw(FIND_CONVERSATION_POSTGRES, [id]));
      const found = rows[0];
      return found && toConversation(found, found.members.map(toMember));
    }
    const [row] = (await this.#hot.conversation(this.#db, { id })).rows;
    if (!row) return undefined;
    const { rows } = await this.#hot.members(this.#db, { conversationId: id });
    return toConversation(row, rows.map(toMember));
  }

  async listConversationsOf(userId: string): Promise<ConversationSummary[]> {
    const rows = await this.#db
      .selectFrom('conversations as c')
      .innerJoin('conversation_members as me', (join) =>
        join.onRef('me.conversation_id', '=', 'c.id').on('me.user_id', '=', userId),
      )
      .selectAll('c')
      .select((eb) =>
        eb
          .selectFrom('messages as m')
          .select((count) => count.fn.countAll<number>().as('n'))
          .whereRef('m.conversation_id', '=', 'c.id')
          .where('m.sender_id', '<>', userId)
          .where((w) => w('m.id', '>', w.fn.coalesce('me.last_read_message_id', w.lit(0))))
          .as('unread_count'),
      )
      .orderBy('c.updated_at', 'desc')
      .orderBy('c.id')
      .execute();
    const members = await this.#membersOf(rows.map((r) => r.id));
    return rows.map((row) => ({
      ...toConversation(row, members.get(row.id) ?? []),
      unreadCount: Number(row.unread_count ?? 0),
    }));
  }

  async insertMessageOnce(m: NewMessage): Promise<{ message: Message; created: boolean }> {
    if (this.#postgres) {
      const { rows } = await this.#db.executeQuery<MessageRow>(
        CompiledQuery.raw(INSERT_MESSAGE_ONCE_POSTGRES, [m.conversationId, m.senderId, m.clientMessageId, m.kind, m.body, m.createdAt, metaOf(m)]),
      );
      const inserted = rows[0];
      if (inserted) return { message: toMessage({ ...inserted, sender_name: m.senderName }), created: true };
      const first = await findMessage(this.#db, m.conversationId, m.senderId, m.clientMessageId);
      if (!first) throw new Error('a message conflicted on its idempotency key, yet none is stored');
      return { message: first, created: false };
    }
    // SQLite has one writer at a time: the transaction that draws an id commits before the next one can
    // draw another, so ids become visible in increasing order without locking the conversation row first.
    return this.#db.transaction().execute(async (trx) => {
      // The unique (conversation, sender, clientMessageId) makes a retry insert nothing: one statement
      // instead of a look-up before every insert.
      const [inserted] = (
        await this.#hot.insertMessage(trx, {
          conversationId: m.conversationId,
          senderId: m.senderId,
          clientMessageId: m.clientMessageId,
          kind: m.kind,
          body: m.body,
          createdAt: m.createdAt,
          meta: metaOf(m),
        })
      ).rows;
      if (!inserted) {
        const first = await findMessage(trx, m.conversationId, m.senderId, m.clientMessageId);
        if (!first) throw new Error('a message conflicted on its idempotency key, yet none is stored');
        return { message: first, created: false };
      }
      await this.#hot.setLastMessage(trx, { id: m.conversationId, lastMessageId: inserted.id, updatedAt: m.createdAt });
      return { message: toMessage({ ...inserted, sender_name: m.senderName }), created: true };
    });
  }

  findMessage(conversationId: string, senderId: string, clientMessageId: string): Promise<Message | undefined> {
    return findMessage(this.#db, conversationId, senderId, clientMessageId);
  }

  async pageMessages(conversationId: string, query: MessagePageQuery) {
    const ascending = query.after !== undefined;
    let select = this.#db
      .selectFrom('messages')
      .innerJoin('users', 'users.id', 'messages.sender_id')
      .selectAll('messages')
      .select('users.display_name as sender_name')
      .where('messages.conversation_id', '=', conversationId)
      .orderBy('messages.id', ascending ? 'asc' : 'desc')
      // One extra row tells whether there is more in this direction.
      .limit(query.limit + 1);
    if (query.after !== undefined) select = select.where('messages.id', '>', query.after);
    if (query.before !== undefined) select = select.where('messages.id', '<', query.before);
    const rows = await select.execute();
    const hasMore = rows.length > query.limit;
    const page = rows.slice(0, query.limit).map(toMessage);
    return { messages: ascending ? page : page.reverse(), hasMore };
  }

  async advanceReadMarker(conversationId: string, userId: string, messageId: number): Promise<number | null> {
    await this.#db
      .updateTable('conversation_members')
      .set({ last_read_message_id: messageId })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_read_message_id', 'is', null), eb('last_read_message_id', '<', messageId)]))
      .execute();
    const row = await this.#db
      .selectFrom('conversation_members')
      .select('last_read_message_id')
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.last_read_message_id ?? null;
  }

  async waitingQueue(): Promise<QueueEntry[]> {
    const rows = await this.#db
      .selectFrom('conversations as c')
      .innerJoin('users as u', 'u.id', 'c.customer_id')
      .select(['c.id', 'c.subject', 'c.topic', 'c.created_at', 'c.queued_at', 'u.id as customer_id', 'u.display_name'])
      .where('c.status', '=', 'waiting')
      .orderBy('c.queued_at')
      .orderBy('c.id')
      .execute();
    return rows.map((row, index) => ({
      conversationId: row.id,
      subject: row.subject,
      topic: row.topic,
      customer: { userId: row.customer_id, displayName: row.display_name },
      createdAt: row.created_at,
      queuedAt: row.queued_at,
      position: index + 1,
    }));
  }

  async takeWaiting(conversationId: string, agentId: string, now: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      // The status guard makes this a compare-and-set: of two racing agents, one updates no row.
      // A new wait starts with the next reopening, and may get its own "no agent online" notice.
      const result = await trx
        .updateTable('conversations')
        .set({ status: 'active', offline_notice_at: null, updated_at: now })
        .where('id', '=', conversationId)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      // Recorded with the take itself: the pace of takes estimates the wait of those still queued.
      const { queued_at } = await trx
        .selectFrom('conversations')
        .select('queued_at')
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('queue_takes')
        .values({ conversation_id: conversationId, agent_id: agentId, queued_at, taken_at: now })
        .execute();
      await trx
        .insertInto('conversation_members')
        .values({ conversation_id: conversationId, user_id: agentId, joined_at: now, last_read_message_id: null })
        .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doNothing())
        .execute();
      return true;
    });
  }

  async recentTakeTimes(since: string, limit: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('queue_takes')
      .select('taken_at')
      .where('taken_at', '>=', since)
      .orderBy('taken_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.taken_at);
  }

  async markOfflineNotice(conversationId: string, now: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('conversations')
      .set({ offline_notice_at: now })
      .where('id', '=', conversationId)
      .where('status', '=', 'waiting')
      .where('offline_notice_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async openConversationCounts(userIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>(userIds.map((id) => [id, 0]));
    if (userIds.length === 0) return counts;
    const rows = await this.#db
      .selectFrom('conversation_members as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .select((eb) => ['m.user_id', eb.fn.countAll<number | string>().as('open')])
      .where('m.user_id', 'in', userIds)
      .where('c.status', 'in', ['waiting', 'active'])
      .groupBy('m.user_id')
      .execute();
    // PostgreSQL's count() is a bigint, which pg hands over as a string.
    for (const row of rows) counts.set(row.user_id, Number(row.open));
    return counts;
  }

  async addMember(conversationId: string, userId: string, now: string): Promise<boolean> {
    const result = await this.#db
      .insertInto('conversation_members')
      .values({ conversation_id: conversationId, user_id: userId, joined_at: now, last_read_message_id: null })
      .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async replaceMember(conversationId: string, fromUserId: string, toUserId: string, now: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('conversation_members')
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', fromUserId)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) !== 1) return false;
      await trx
        .insertInto('conversation_members')
        .values({ conversation_id: conversationId, user_id: toUserId, joined_at: now, last_read_message_id: null })
        .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doNothing())
        .execute();
      await trx.updateTable('conversations').set({ updated_at: now }).where('id', '=', conversationId).execute();
      return true;
    });
  }

  async resolve(conversationId: string, now: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('conversations')
      .set({ status: 'resolved', resolved_at: now, updated_at: now })
      .where('id', '=', conversationId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async reopen(conversationId: string, now: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('conversations')
      .set({ status: 'waiting', queued_at: now, resolved_at: null, offline_notice_at: null, updated_at: now })
      .where('id', '=', conversationId)
      .where('status', '=', 'resolved')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async conversationIdsOf(userId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('conversation_members')
      .select('conversation_id')
      .where('user_id', '=', userId)
      .execute();
    return rows.map((r) => r.conversation_id);
  }

  async contactsOf(userId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('conversation_members as mine')
      .innerJoin('conversation_members as other', 'other.conversation_id', 'mine.conversation_id')
      .select('other.user_id')
      .distinct()
      .where('mine.user_id', '=', userId)
      .where('other.user_id', '<>', userId)
      .execute();
    return rows.map((r) => r.user_id);
  }

  async #membersOf(conversationIds: string[]): Promise<Map<string, Member[]>> {
    const byConversation = new Map<string, Member[]>();
    if (conversationIds.length === 0) return byConversation;
    const rows = await this.#db
      .selectFrom('conversation_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.conversation_id', 'm.user_id', 'm.last_read_message_id', 'u.display_name', 'u.role'])
      .where('m.conversation_id', 'in', conversationIds)
      .orderBy('m.joined_at')
      .execute();
    for (const row of rows) {
      const list = byConversation.get(row.conversation_id) ?? [];
      list.push(toMember(row));
      byConversation.set(row.conversation_id, list);
    }
    return byConversation;
  }
}
