// Preloaded with `--import` into every measured server process (ours and the bare relay alike): it
// answers the bench over the IPC channel with the process's own memory — after a full garbage
// collection, so that idle memory is what is retained — and CPU time, and writes heap snapshots on
// request. It also times the process's event-loop stalls and garbage-collection pauses between two samples,
// so that a latency tail can be told apart: the loop busy (or not scheduled), or collecting garbage.
// Nothing in the server knows it.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
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

/** How late a 5 ms timer ran (ns), since the previous sample. */
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
/** Garbage-collection pauses of the main thread since the previous sample. */
let pauses = { count: 0, totalMs: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    pauses.count++;
    pauses.totalMs += entry.duration;
    pauses.maxMs = Math.max(pauses.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

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
    // The timer's own 5 ms are not a delay.
    const stalls = { loopDelayP99Ms: loopDelay.percentile(99) / 1e6 - 5, loopDelayMaxMs: loopDelay.max / 1e6 - 5, gc: pauses };
    loopDelay.reset();
    pauses = { count: 0, totalMs: 0, maxMs: 0 };
    process.send!({ probe: 'sample', id: request.id, rss: memory.rss, heapUsed: memory.heapUsed, cpu: process.cpuUsage(), at: performance.now() + performance.timeOrigin, stalls });
  });
  // The IPC channel must not keep a process alive that is otherwise done (the bare relay on SIGTERM).
  process.channel?.unref();
}
