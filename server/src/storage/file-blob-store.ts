import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../domain/attachments/blob-store.js';

/** Keys are ours (ids), but a key must never reach outside the root, whatever a caller passes. */
const SAFE_KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/** A BlobStore in a folder (`DATA_DIR/attachments`): one file per key. */
export class FileBlobStore implements BlobStore {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async put(key: string, content: AsyncIterable<Uint8Array>): Promise<number> {
    const target = this.#pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written aside and renamed into place: a reader never sees half a file, and a failed upload leaves
    // only the partial file, removed below.
    const partial = `${target}.${randomUUID()}.part`;
    let size = 0;
    async function* counted() {
      for await (const chunk of content) {
        size += chunk.length;
        yield chunk;
      }
    }
    try {
      await pipeline(counted, createWriteStream(partial, { flags: 'wx', flush: true }));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return size;
  }

  async get(key: string): Promise<Readable | undefined> {
    try {
      // Opened here, not lazily by the stream: a missing file is known before any response header is sent.
      const handle = await open(this.#pathOf(key), 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#pathOf(key), { force: true });
  }

  #pathOf(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`unsafe blob key ${JSON.stringify(key)}`);
    return path.join(this.#root, key);
  }
}
