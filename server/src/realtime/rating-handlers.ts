import type { RatingService } from '../domain/support/rating-service.js';
import type { ClientEvents } from './event-handler.js';

/** conversation:rate. */
export function ratingHandlers(events: ClientEvents, deps: { ratings: RatingService }): void {
  events.on('conversation:rate', async (socket, payload) => ({
    conversation: await deps.ratings.rate(socket.data.user, payload),
  }));
}
