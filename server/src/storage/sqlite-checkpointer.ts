import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** How often the background thread copies the WAL's committed pages back into the database file. */
const CHECKPOINT_INTERVAL_MS = 250;
/**
 * Past this many WAL frames (4 KiB each), the worker waits for a gap between the writer's transactions and
 * starts the WAL over (see the worker's code).
 */
const RESTART_FRAMES = 4096;
/** The main connection's own automatic checkpoints, should the background thread fail (SQLite's default). */
const FALLBACK_AUTOCHECKPOINT_PAGES = 1000;

// The worker's code is inline (no file of its own) so that it runs the same from the built JavaScript, under
// tsx and under vitest; it gets better-sqlite3 by the path the main thread resolved. A PASSIVE checkpoint
// never waits for the writer nor blocks it: pages committed meanwhile are left for the next round. But the
// WAL only starts over when a writer finds it completely checkpointed, and with a commit every few ms some
// commit always lands while a checkpoint runs: past RESTART_FRAMES, a RESTART checkpoint takes the write
// lock between two transactions, copies the few frames the passive one left, and lets the next commit
// start the WAL from its beginning. Only then does the main connection wait (~1–3 ms), once per 16 MiB.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
  if (log >= workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Runs the WAL checkpoints of a SQLite database in a worker thread instead of in the commits of the main
 * connection. SQLite checkpoints inside the commit that takes the WAL past 1,000 pages: with a message
 * stored every few milliseconds that is a 1–9 ms stall of the event loop several times a second (writing
 * the pages back, and an fsync under `synchronous = NORMAL`), which every socket on the node waits out.
 * Here the main connection never checkpoints (`wal_autocheckpoint = 0`) and a second connection in a worker
 * does, every 250 ms; should the worker fail, the main connection takes its checkpoints back.
 */
export class SqliteCheckpointer {
  readonly #worker: Worker;
  #closed = false;

  private constructor(worker: Worker) {
    this.#worker = worker;
  }

  /** Starts checkpointing `file`, which `sqlite` (the main connection, in WAL mode) has open. */
  static start(sqlite: SQLite.Database, file: string, onError: (error: Error) => void): SqliteCheckpointer {
    sqlite.pragma('wal_autocheckpoint = 0');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file, intervalMs: CHECKPOINT_INTERVAL_MS, restartFrames: RESTART_FRAMES },
    });
    const checkpointer = new SqliteCheckpointer(worker);
    const takeBack = (error: Error) => {
      if (checkpointer.#closed) return;
      checkpointer.#closed = true;
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
      onError(error);
    };
    worker.on('error', takeBack);
    worker.on('exit', (code) => takeBack(new Error(`the SQLite checkpoint thread stopped (exit code ${code})`)));
    // Never what keeps a process alive.
    worker.unref();
    return checkpointer;
  }

  /** Stops the worker, before the main connection closes (its close then checkpoints what is left). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#worker.postMessage('close');
  }
}
