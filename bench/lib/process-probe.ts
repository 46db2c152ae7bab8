// Preloaded with `--import` into every measured server process (ours and the bare relay alike): it
// answers the bench over the IPC channel with the process's own memory — after a full garbage
// collection, so that idle memory is what is retained — and CPU time, and writes heap snapshots on
// request. Nothing in the server knows it.
import v8 from 'node:v8';

interface SnapshotRequest {
  probe: 'heap-snapshot';
  id: number;
  file: string;
}

interface SampleRequest {
  probe: 'sample';
  id: number;
  /** Collect garbage first (memory samples); never for CPU samples taken while traffic flows. */
  gc: boolean;
}

const gc = (globalThis as { gc?: () => void }).gc;

if (process.send) {
  process.on('message', (request: SampleRequest | SnapshotRequest) => {
    if (request?.probe === 'heap-snapshot') {
      // Where idle memory goes: the bench diffs a snapshot before and after connecting the clients.
      v8.writeHeapSnapshot(request.file);
      process.send!({ probe: 'heap-snapshot', id: request.id });
      return;
    }
    if (request?.probe !== 'sample') return;
    // Twice: the first pass may only finalize what the second frees.
    if (request.gc) {
      gc?.();
      gc?.();
    }
    const memory = process.memoryUsage();
    process.send!({ probe: 'sample', id: request.id, rss: memory.rss, heapUsed: memory.heapUsed, cpu: process.cpuUsage(), at: performance.now() + performance.timeOrigin });
  });
  // The IPC channel must not keep a process alive that is otherwise done (the bare relay on SIGTERM).
  process.channel?.unref();
}
