import type { CustomerContext } from '@ycyw/protocol';
import type { CustomerHistoryStore } from '../domain/support/customer-context-service.js';
import type { Db } from './database.js';
import { ratingOf } from './rating-columns.js';

/** A customer's account and conversations, read for the agents' customer context. */
export class CustomerHistoryRepository implements CustomerHistoryStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async customerContextOf(conversationId: string): Promise<CustomerContext | undefined> {
    const customer = await this.#db
      .selectFrom('conversations as c')
      .innerJoin('users as u', 'u.id', 'c.customer_id')
      .select(['u.id', 'u.display_name', 'u.email', 'u.created_at'])
      .where('c.id', '=', conversationId)
      .executeTakeFirst();
    if (!customer) return undefined;
    const rows = await this.#db
      .selectFrom('conversations')
      .select(['id', 'subject', 'topic', 'status', 'created_at', 'resolved_at', 'rating_score', 'rating_comment', 'rated_at', 'updated_at'])
      .where('customer_id', '=', customer.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return {
      customer: { userId: customer.id, displayName: customer.display_name, email: customer.email, memberSince: customer.created_at },
      conversations: rows.map((row) => ({
        id: row.id,
        subject: row.subject,
        topic: row.topic,
        status: row.status,
        createdAt: row.created_at,
        resolvedAt: row.resolved_at,
        rating: ratingOf(row),
      })),
    };
  }
}
