import type { RatingService } from '../domain/support/rating-service.js';
import type { Logger } from '../logger.js';
import type { EventGuard } from './event-handler.js';
import { onEvent } from './event-handler.js';
import type { IoSocket } from './socket-types.js';

/** conversation:rate. */
export function registerRatingHandlers(socket: IoSocket, deps: { ratings: RatingService; logger: Logger; guard: EventGuard }): void {
  onEvent(socket, deps, 'conversation:rate', async (payload) => ({
    conversation: await deps.ratings.rate(socket.data.user, payload),
  }));
}
