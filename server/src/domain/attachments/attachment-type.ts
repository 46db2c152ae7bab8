import { fileTypeFromBuffer } from 'file-type';
import { limits } from '@ycyw/protocol';

/** How much of a file's start the detection needs (file-type's own sample size). */
export const TYPE_SAMPLE_BYTES = 4100;

const accepted: ReadonlySet<string> = new Set(limits.attachmentContentTypes);

/**
 * The attachment type a file's first bytes show, when it is one we accept (JPEG, PNG, GIF, WebP, PDF).
 * The bytes decide, not the name or the declared type: a browser displays what the bytes are.
 */
export async function detectAttachmentType(head: Uint8Array): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(head);
  return detected && accepted.has(detected.mime) ? detected.mime : undefined;
}
