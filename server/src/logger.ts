import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The one logger. Secrets never reach it: request logging keeps method, path and status only, and the
 * realtime layer logs event names and ids, never payloads.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'ycyw-support' },
    redact: {
      paths: ['password', 'token', 'body', '*.password', '*.token', '*.body', 'headers.authorization', 'headers.cookie'],
      censor: '[redacted]',
    },
  });
}
