import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/**
 * One log line per API request when it finishes: id, method, path, status, duration. Never headers,
 * query strings or bodies, so tokens, cookies and messages stay out of the logs.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const path = req.originalUrl.split('?', 1)[0] ?? '';
    if (!path.startsWith('/api/')) return next();
    const requestId = req.get('x-request-id') ?? randomUUID();
    res.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { requestId, method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  };
}
