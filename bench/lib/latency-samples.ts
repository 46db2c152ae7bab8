/** Latencies of one kind (ms), with the percentiles the report asks for. */
export class LatencySamples {
  readonly #values: number[] = [];
  #sorted = true;

  add(ms: number): void {
    this.#values.push(ms);
    this.#sorted = false;
  }

  get count(): number {
    return this.#values.length;
  }

  /** Nearest-rank percentile; NaN when there are no samples. */
  percentile(p: number): number {
    if (this.#values.length === 0) return Number.NaN;
    if (!this.#sorted) {
      this.#values.sort((a, b) => a - b);
      this.#sorted = true;
    }
    const rank = Math.ceil((p / 100) * this.#values.length);
    return this.#values[Math.min(this.#values.length, Math.max(1, rank)) - 1]!;
  }
}

/** The median of some figures, NaN ignored (NaN if none is left). */
export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
}
