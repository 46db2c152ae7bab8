import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

/** Redis as the limits share it: the connection and the deployment's key prefix. */
export interface SharedRedis {
  client: Redis;
  keyPrefix: string;
}

export interface LimiterSettings {
  /** Names this limit's keys; unique per limit. */
  name: string;
  points: number;
  durationSeconds: number;
}

/**
 * A rate limiter shared by every node through Redis when there is one, else per process. If Redis
 * fails, the node falls back to counting on its own rather than refusing or letting everything through.
 */
export function createRateLimiter(settings: LimiterSettings, redis: SharedRedis | null): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points: settings.points, duration: settings.durationSeconds });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis.client,
    keyPrefix: `${redis.keyPrefix}limit:${settings.name}`,
    points: settings.points,
    duration: settings.durationSeconds,
    insuranceLimiter: memory,
  });
}
