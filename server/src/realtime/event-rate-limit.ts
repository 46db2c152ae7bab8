import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../domain/domain-error.js';
import type { EventGuard } from './event-handler.js';
import type { IoSocket } from './socket-types.js';

/**
 * Bounds how many events one user may send (all their tabs together): enough for fast typing and
 * signaling bursts, not for flooding the database.
 */
export function eventRateLimit(limiter: RateLimiterAbstract): EventGuard {
  return {
    async admit(socket: IoSocket) {
      try {
        await limiter.consume(socket.data.user.id);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          throw new DomainError('rate_limited', `Too many events; retry in ${Math.ceil(rejection.msBeforeNext / 1000)} s`);
        }
        throw rejection;
      }
    },
  };
}
