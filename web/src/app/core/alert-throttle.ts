/**
 * At most one alert per key (a conversation, the queue) in any `windowMs`: a burst of messages is one
 * notification and one sound, not ten.
 */
export class AlertThrottle {
  readonly #lastAt = new Map<string, number>();

  constructor(readonly windowMs: number) {}

  /** True, and counted, when an alert for this key may go out at `now`. */
  allow(key: string, now: number): boolean {
    const last = this.#lastAt.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.#lastAt.set(key, now);
    return true;
  }

  clear(): void {
    this.#lastAt.clear();
  }
}
