import { errorText } from '../core/error-text';
import { RequestError } from '../core/request-error';
import { supportStrings } from './support.strings';

/** A desk action's failure in the desk's words: a conflict here is about the agent or the conversation's state. */
export function deskErrorText(error: unknown): string {
  return error instanceof RequestError && error.code === 'conflict' ? supportStrings.deskConflict : errorText(error);
}
