import type { Readable } from 'node:stream';

/**
 * Where the bytes of attachments live, by key. The file system implements it today
 * (storage/file-blob-store.ts); an object store (S3, GCS, …) can replace it without touching the domain.
 */
export interface BlobStore {
  /**
   * Stores `content` under `key` and resolves with its size in bytes once it is stored. When `content`
   * fails (e.g. the upload is over its limit), it rejects with that error and leaves nothing under `key`.
   */
  put(key: string, content: AsyncIterable<Uint8Array>): Promise<number>;
  /** The stored bytes, or undefined when nothing is stored under `key`. */
  get(key: string): Promise<Readable | undefined>;
  /** Removes what is stored under `key`; nothing stored is not an error. */
  delete(key: string): Promise<void>;
}
