import type { ErrorCode } from '@ycyw/protocol';

/** The one table from error code to HTTP status. */
export const errorStatus: Record<ErrorCode, number> = {
  invalid_payload: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  email_taken: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};
