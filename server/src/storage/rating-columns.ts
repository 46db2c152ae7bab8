import type { Rating } from '@ycyw/protocol';
import type { ConversationRow } from './schema.js';

/** The rating stored in a conversation's rating_* columns, or null before the customer rated it. */
export function ratingOf(row: Pick<ConversationRow, 'rating_score' | 'rating_comment' | 'rated_at' | 'updated_at'>): Rating | null {
  return row.rating_score === null
    ? null
    : { score: row.rating_score, comment: row.rating_comment, ratedAt: row.rated_at ?? row.updated_at };
}
