import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * The Redis connection shared by the socket.io adapter, presence and rate limits. A Redis outage must
 * never take a node down: errors are logged (ioredis reconnects by itself), and a command fails after
 * two retries instead of hanging the request that needed it.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger.error({ err: { message: err.message } }, 'redis unavailable');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('redis available again');
    down = false;
  });
  return redis;
}
