import { createHmac } from 'node:crypto';
import type { IceServer, IceServersResponse } from '@ycyw/protocol';
import type { Clock } from '../clock.js';

export interface IceSettings {
  readonly stunUrls: readonly string[];
  readonly turnUrls: readonly string[];
  readonly turnSecret: string | null;
  readonly turnTtlSeconds: number;
}

/**
 * Hands each user the configured STUN/TURN servers. TURN credentials follow the TURN REST API scheme
 * that coturn's `use-auth-secret` checks: username `<expiry unix seconds>:<userId>`, credential the
 * base64 HMAC-SHA1 of that username with the shared secret. Nothing long-lived reaches the client.
 */
export class IceServerIssuer {
  readonly #settings: IceSettings;
  readonly #clock: Clock;

  constructor(settings: IceSettings, clock: Clock) {
    this.#settings = settings;
    this.#clock = clock;
  }

  /** False when no STUN or TURN server is configured: only host candidates will be gathered. */
  get configured(): boolean {
    return this.#settings.stunUrls.length > 0 || this.#turnEnabled;
  }

  issueFor(userId: string): IceServersResponse {
    const iceServers: IceServer[] = [];
    const { stunUrls, turnUrls, turnSecret, turnTtlSeconds } = this.#settings;
    if (stunUrls.length > 0) iceServers.push({ urls: [...stunUrls] });
    if (this.#turnEnabled && turnSecret) {
      const expiry = Math.floor(this.#clock.now().getTime() / 1000) + turnTtlSeconds;
      const username = `${expiry}:${userId}`;
      const credential = createHmac('sha1', turnSecret).update(username).digest('base64');
      iceServers.push({ urls: [...turnUrls], username, credential });
    }
    return { iceServers, ttlSeconds: this.#turnEnabled ? turnTtlSeconds : 0 };
  }

  get #turnEnabled(): boolean {
    return this.#settings.turnUrls.length > 0 && this.#settings.turnSecret !== null;
  }
}
