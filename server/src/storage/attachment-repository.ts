import type { AttachmentStore, StoredAttachment } from '../domain/attachments/attachment-store.js';
import type { Db } from './database.js';

/** Attachment records in the `attachments` table (migration 0003). */
export class AttachmentRepository implements AttachmentStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async insert(a: StoredAttachment): Promise<void> {
    await this.#db
      .insertInto('attachments')
      .values({
        id: a.id,
        conversation_id: a.conversationId,
        uploader_id: a.uploaderId,
        file_name: a.fileName,
        content_type: a.contentType,
        size_bytes: a.sizeBytes,
        storage_key: a.storageKey,
        created_at: a.createdAt,
      })
      .execute();
  }

  async find(id: string): Promise<StoredAttachment | undefined> {
    const row = await this.#db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    return (
      row && {
        id: row.id,
        conversationId: row.conversation_id,
        uploaderId: row.uploader_id,
        fileName: row.file_name,
        contentType: row.content_type,
        sizeBytes: row.size_bytes,
        storageKey: row.storage_key,
        createdAt: row.created_at,
      }
    );
  }

  async delete(id: string): Promise<void> {
    await this.#db.deleteFrom('attachments').where('id', '=', id).execute();
  }
}
