import { limits } from '@ycyw/protocol';
import { chatStrings } from './chat.strings';

/** What the server accepts (it checks the bytes themselves too; this spares a doomed upload). */
export const attachmentAccept: string = limits.attachmentContentTypes.join(',');

/**
 * Why this file cannot be sent, or null when it can: the same type and size rules the server applies, with
 * a sentence that names the file. `maxBytes` is the protocol's default limit unless told otherwise.
 */
export function attachmentProblem(
  file: Pick<File, 'name' | 'size' | 'type'>,
  maxBytes: number = limits.attachmentMaxBytes,
): string | null {
  if (!(limits.attachmentContentTypes as readonly string[]).includes(file.type)) return chatStrings.fileTypeNotAllowed(file.name);
  if (file.size === 0) return chatStrings.fileEmpty(file.name);
  if (file.size > maxBytes) return chatStrings.fileTooLarge(file.name, maxBytes);
  if (file.name.trim().length > limits.fileNameMaxChars) return chatStrings.fileNameTooLong(limits.fileNameMaxChars);
  return null;
}
