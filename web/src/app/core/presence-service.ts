import { effect, inject, Injectable, signal } from '@angular/core';
import type { PresenceStatus } from '@ycyw/protocol';
import { AuthService } from './auth-service';
import { PageVisibility } from './page-visibility';
import { SocketService } from './socket-service';

/**
 * Presence both ways: the status of the people this user shares a conversation with (from `presence`
 * events, which the server also sends as a snapshot on connect), and this tab's own status, online while
 * visible and away while hidden.
 */
@Injectable({ providedIn: 'root' })
export class PresenceService {
  readonly #socket = inject(SocketService);
  readonly #visibility = inject(PageVisibility);
  readonly #statuses = signal<ReadonlyMap<string, PresenceStatus>>(new Map());

  constructor() {
    this.#socket.on('presence', ({ userId, status }) =>
      this.#statuses.update((statuses) => new Map(statuses).set(userId, status)),
    );
    inject(AuthService).onSignOut(() => this.#statuses.set(new Map()));
    // Pushes the tab's visibility to the server; re-runs on every reconnection since `connected` flips.
    effect(() => {
      if (!this.#socket.connected()) return;
      this.#socket.notify('presence:set', { status: this.#visibility.visible() ? 'online' : 'away' });
    });
  }

  /** A user nobody told us about is shown offline. */
  statusOf(userId: string): PresenceStatus {
    return this.#statuses().get(userId) ?? 'offline';
  }
}
