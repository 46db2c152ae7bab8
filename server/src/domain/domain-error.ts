import type { ErrorCode } from '@ycyw/protocol';

/** A failure the caller can act on; http/ and realtime/ turn its code into the wire error. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
