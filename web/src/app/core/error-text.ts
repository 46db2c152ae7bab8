import { RequestError } from './request-error';
import { coreStrings } from './core.strings';

/** The sentence shown to a person for an error thrown by the API client or a socket acknowledgement. */
export function errorText(error: unknown): string {
  if (error instanceof RequestError) {
    // The server's invalid_payload message names the field at fault, which our generic text cannot.
    if (error.code === 'invalid_payload' && error.message) return `${coreStrings.errors.invalid_payload} (${error.message})`;
    return coreStrings.errors[error.code];
  }
  return coreStrings.errors.internal;
}
