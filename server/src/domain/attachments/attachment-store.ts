/** An attachment's record: who sent what, in which conversation, and where its bytes are. */
export interface StoredAttachment {
  id: string;
  conversationId: string;
  uploaderId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** Its key in the BlobStore. */
  storageKey: string;
  createdAt: string;
}

/** Persistence of attachment records (the bytes are in the BlobStore). */
export interface AttachmentStore {
  insert(attachment: StoredAttachment): Promise<void>;
  find(id: string): Promise<StoredAttachment | undefined>;
  delete(id: string): Promise<void>;
}
