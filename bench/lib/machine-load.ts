import fs from 'node:fs';
import { sleep } from './pool.js';

/**
 * CPU pressure (Linux PSI, /proc/pressure/cpu "some"): the share of time at least one runnable task
 * waited for a CPU. On a shared machine it says how much other work competed with a run. Null where
 * the kernel does not expose it.
 */
function readPressure(): { avg10: number; totalMicros: number } | null {
  try {
    const some = fs.readFileSync('/proc/pressure/cpu', 'utf8').split('\n').find((line) => line.startsWith('some '));
    const avg10 = Number(some?.match(/avg10=([\d.]+)/)?.[1]);
    const total = Number(some?.match(/total=(\d+)/)?.[1]);
    return Number.isFinite(avg10) && Number.isFinite(total) ? { avg10, totalMicros: total } : null;
  } catch {
    return null;
  }
}

/** Measures CPU pressure over a window: call `stop()` at its end for the % of the window's time. */
export function cpuPressureWindow(): { stop(): number } {
  const start = readPressure();
  const startedAt = performance.now();
  return {
    stop: () => {
      const end = readPressure();
      if (!start || !end) return Number.NaN;
      return ((end.totalMicros - start.totalMicros) / 1000 / (performance.now() - startedAt)) * 100;
    },
  };
}

/** Waits (at most `maxMs`) until the CPU pressure of the last 10 s is at most `percent`. */
export async function waitForQuiet(percent: number, maxMs: number, log: (line: string) => void): Promise<void> {
  const deadline = performance.now() + maxMs;
  let said = false;
  for (;;) {
    const pressure = readPressure();
    if (!pressure || pressure.avg10 <= percent) return;
    if (performance.now() > deadline) {
      log(`  CPU pressure still ${pressure.avg10} % after ${maxMs / 1000} s: running anyway`);
      return;
    }
    if (!said) log(`  waiting for CPU pressure ≤ ${percent} % (now ${pressure.avg10} %)…`);
    said = true;
    await sleep(2000);
  }
}
