import type { Rating } from '@ycyw/protocol';
import type { RatingStats, RatingStore } from '../domain/support/rating-service.js';
import type { Db } from './database.js';

/** Ratings, in the rating_* columns of conversations (migration 0003). */
export class RatingRepository implements RatingStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async rate(conversationId: string, rating: Rating): Promise<boolean> {
    // updated_at is left alone: it orders conversations by their last activity, and a rating is not one.
    const result = await this.#db
      .updateTable('conversations')
      .set({ rating_score: rating.score, rating_comment: rating.comment, rated_at: rating.ratedAt })
      .where('id', '=', conversationId)
      .where('status', '=', 'resolved')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async ratingStats(): Promise<RatingStats> {
    const row = await this.#db
      .selectFrom('conversations')
      .select((eb) => [eb.fn.avg<number | string | null>('rating_score').as('average'), eb.fn.count<number | string>('rating_score').as('count')])
      .where('rating_score', 'is not', null)
      .executeTakeFirstOrThrow();
    // PostgreSQL answers numeric and bigint as strings.
    const average = row.average === null ? null : Math.round(Number(row.average) * 100) / 100;
    return { average, count: Number(row.count) };
  }
}
