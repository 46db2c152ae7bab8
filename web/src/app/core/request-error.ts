import type { ErrorCode } from '@ycyw/protocol';

/** What went wrong with a request: a protocol error code, or the network never answered. */
export type RequestErrorCode = ErrorCode | 'network_error';

/**
 * A request the server refused or never answered: thrown by the API client for every non-2xx answer, and
 * by features for a socket acknowledgement with `ok: false` (the same codes).
 */
export class RequestError extends Error {
  override readonly name = 'RequestError';

  constructor(
    readonly code: RequestErrorCode,
    message: string,
    /** HTTP status; 0 for socket acknowledgements and for requests that never reached the server. */
    readonly status: number,
  ) {
    super(message);
  }
}
