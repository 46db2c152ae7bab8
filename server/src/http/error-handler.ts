import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorResponse } from '@ycyw/protocol';
import { DomainError } from '../domain/domain-error.js';
import type { Logger } from '../logger.js';
import { errorStatus } from './error-status.js';

/** Turns body-parser's own errors into our codes. */
function fromBodyParser(error: unknown): DomainError | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') return new DomainError('payload_too_large', 'Request body is too large');
  if (type === 'entity.parse.failed') return new DomainError('invalid_payload', 'Request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new DomainError('invalid_payload', 'Unsupported body encoding');
  }
  return undefined;
}

/** Maps every error to `{error: {code, message}}`; unknown ones are logged and answered as `internal`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    // Too late for an error body: let Express end the response.
    if (res.headersSent) return next(error);
    const known = error instanceof DomainError ? error : fromBodyParser(error);
    if (!known) logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    const code = known?.code ?? 'internal';
    const body: ErrorResponse = { error: { code, message: known?.message ?? 'Something went wrong' } };
    res.status(errorStatus[code]).json(body);
  };
}

/** Unknown /api routes answer in the API's error shape, not with the web app. */
export const apiNotFound: RequestHandler = (_req, _res, next) => {
  next(new DomainError('not_found', 'No such endpoint'));
};
