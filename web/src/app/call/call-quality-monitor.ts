import { signal } from '@angular/core';
import { emptyQuality, summarizeStats, type CallQuality, type StatsReportLike, type StatsSample } from './call-quality';
import type { PeerLink } from './peer-link';

const everyMs = 1000;

/** getStats of every link of a call, once a second, turned into the quality panel's figures. */
export class CallQualityMonitor {
  readonly #quality = signal<ReadonlyMap<string, CallQuality>>(new Map());
  /** By remote device id. */
  readonly quality = this.#quality.asReadonly();
  readonly #samples = new Map<string, StatsSample>();
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Idempotent; `links` is read at each tick, so links made or closed later are followed. */
  start(links: () => Iterable<PeerLink>): void {
    this.#timer ??= setInterval(() => void this.#sample([...links()]), everyMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#samples.clear();
    this.#quality.set(new Map());
  }

  async #sample(links: PeerLink[]): Promise<void> {
    const next = new Map<string, CallQuality>();
    await Promise.all(
      links.map(async (link) => {
        try {
          const report = (await link.getStats()) as unknown as StatsReportLike;
          const { quality, sample } = summarizeStats(report, this.#samples.get(link.remoteDeviceId) ?? null);
          this.#samples.set(link.remoteDeviceId, sample);
          next.set(link.remoteDeviceId, quality);
        } catch {
          next.set(link.remoteDeviceId, emptyQuality);
        }
      }),
    );
    // A tick that finishes after stop() must not bring back the figures of a call that is over.
    if (this.#timer !== undefined) this.#quality.set(next);
  }
}
