import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Attachment, Message, User } from '@ycyw/protocol';
import type { Clock } from '../clock.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import { DomainError } from '../domain-error.js';
import type { AttachmentStore, StoredAttachment } from './attachment-store.js';
import { detectAttachmentType, TYPE_SAMPLE_BYTES } from './attachment-type.js';
import type { BlobStore } from './blob-store.js';
import { limitBytes, peek } from './byte-stream.js';
import { formatFileSize } from './file-size.js';

export interface UploadInput {
  conversationId: string;
  clientMessageId: string;
  fileName: string;
  /** The media type the client declared (its Content-Type), lower-case, without parameters. */
  declaredType: string | undefined;
  /** The size the client announced (Content-Length), when it did. */
  declaredBytes: number | undefined;
  /** The file's bytes, read only once the sender is known to be allowed to post. */
  content: AsyncIterable<Uint8Array>;
}

/** Where members download an attachment (the contract's `url`). */
export const attachmentUrl = (id: string) => `/api/attachments/${id}`;

const readableTypes = 'Only JPEG, PNG, GIF or WebP images and PDF documents can be sent';

/**
 * Keeps only the last path segment and drops control characters: the name is shown to other members
 * and offered back as a download name, so it must not carry a path or break a header.
 */
function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = (name.split(/[/\\]/).at(-1) ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}

function toAttachment(stored: StoredAttachment): Attachment {
  return {
    id: stored.id,
    fileName: stored.fileName,
    contentType: stored.contentType,
    sizeBytes: stored.sizeBytes,
    url: attachmentUrl(stored.id),
  };
}

/** Photos and PDF documents sent in a conversation: checked, stored, posted as `kind: 'file'` entries, served to members. */
export class AttachmentService {
  readonly #conversations: ConversationService;
  readonly #store: AttachmentStore;
  readonly #blobs: BlobStore;
  readonly #clock: Clock;
  readonly #maxBytes: number;
  readonly #reportError: (error: unknown) => void;

  constructor(deps: {
    conversations: ConversationService;
    store: AttachmentStore;
    blobs: BlobStore;
    clock: Clock;
    maxBytes: number;
    reportError: (error: unknown) => void;
  }) {
    this.#conversations = deps.conversations;
    this.#store = deps.store;
    this.#blobs = deps.blobs;
    this.#clock = deps.clock;
    this.#maxBytes = deps.maxBytes;
    this.#reportError = deps.reportError;
  }

  /**
   * Stores a file and posts it in the conversation, with the rules and idempotency of message:send:
   * retrying with the same clientMessageId returns the first message and keeps no second copy.
   */
  async upload(user: User, input: UploadInput): Promise<Message> {
    // Before a single byte is read: someone who may not post here must not be able to fill the disk.
    await this.#conversations.assertCanPost(user, input.conversationId);
    if (input.declaredBytes !== undefined && input.declaredBytes > this.#maxBytes) throw this.#tooLarge();

    const { head, content } = await peek(input.content, TYPE_SAMPLE_BYTES);
    const contentType = await detectAttachmentType(head);
    if (!contentType) throw new DomainError('unsupported_media_type', readableTypes);
    if (input.declaredType !== contentType) {
      throw new DomainError('unsupported_media_type', `The file is ${contentType}, but was sent as ${input.declaredType ?? 'no type'}`);
    }

    const id = randomUUID();
    // Spread over 256 folders so that no one folder grows huge.
    const storageKey = `${id.slice(0, 2)}/${id}`;
    const sizeBytes = await this.#blobs.put(storageKey, limitBytes(content, this.#maxBytes, () => this.#tooLarge()));
    const stored: StoredAttachment = {
      id,
      conversationId: input.conversationId,
      uploaderId: user.id,
      fileName: safeFileName(input.fileName),
      contentType,
      sizeBytes,
      storageKey,
      createdAt: this.#clock.now().toISOString(),
    };
    let message: Message;
    try {
      await this.#store.insert(stored);
      message = await this.#conversations.sendFile(user, {
        conversationId: input.conversationId,
        clientMessageId: input.clientMessageId,
        attachment: toAttachment(stored),
      });
    } catch (error) {
      await this.#discard(stored);
      throw error;
    }
    // A retry (or a twin request racing this one) was stored first: this copy is not referenced by anything.
    if (message.attachment?.id !== id) await this.#discard(stored);
    return message;
  }

  /** An attachment and its bytes, for a member of its conversation; not_found or forbidden otherwise. */
  async open(user: User, attachmentId: string): Promise<{ attachment: Attachment; content: Readable }> {
    const stored = await this.#store.find(attachmentId);
    if (!stored) throw new DomainError('not_found', 'No such attachment');
    await this.#conversations.get(user, stored.conversationId);
    const content = await this.#blobs.get(stored.storageKey);
    if (!content) throw new DomainError('not_found', 'This attachment is no longer stored');
    return { attachment: toAttachment(stored), content };
  }

  #tooLarge(): DomainError {
    return new DomainError('payload_too_large', `A file may be ${formatFileSize(this.#maxBytes)} at most`);
  }

  /** Removes a copy nothing refers to. A failure only leaves an orphan behind: it is reported, not thrown. */
  async #discard(stored: StoredAttachment): Promise<void> {
    await Promise.all([this.#store.delete(stored.id), this.#blobs.delete(stored.storageKey)]).catch(this.#reportError);
  }
}
