import { inject, Injectable } from '@angular/core';
import { ApiClient } from '../core/api-client';

/** Refresh this long before the TURN credentials expire, and never more often than the floor below. */
const refreshShare = 0.8;
const minRefreshMs = 10_000;

/**
 * The STUN/TURN servers for calls, fetched from GET /api/ice-servers when a call begins and fetched again
 * before its short-lived TURN credentials expire, for as long as a call goes on. A failed fetch leaves
 * the previous list (host candidates still work on one network).
 */
@Injectable({ providedIn: 'root' })
export class IceServers {
  readonly #api = inject(ApiClient);
  #servers: RTCIceServer[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #onRefresh: ((servers: readonly RTCIceServer[]) => void) | null = null;

  get current(): readonly RTCIceServer[] {
    return this.#servers;
  }

  /** Fetches the list and keeps it fresh, calling `onRefresh` with each later list, until `stop()`. */
  async load(onRefresh: (servers: readonly RTCIceServer[]) => void): Promise<readonly RTCIceServer[]> {
    this.#onRefresh = onRefresh;
    await this.#fetch();
    return this.#servers;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#onRefresh = null;
  }

  async #fetch(): Promise<void> {
    clearTimeout(this.#timer);
    try {
      const { iceServers, ttlSeconds } = await this.#api.iceServers();
      this.#servers = iceServers.map((server) => ({ ...server }));
      if (ttlSeconds > 0 && iceServers.length > 0) this.#schedule(Math.max(minRefreshMs, ttlSeconds * 1000 * refreshShare));
    } catch (error) {
      console.warn('ICE servers could not be fetched; keeping the previous list', error);
      this.#schedule(minRefreshMs);
    }
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(async () => {
      if (this.#onRefresh === null) return;
      await this.#fetch();
      this.#onRefresh?.(this.#servers);
    }, delayMs);
  }
}
