import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import type { DeskStatsResponse } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { SocketService } from '../core/socket-service';
import { supportStrings } from './support.strings';

/** How satisfied customers are, from GET /api/desk/stats; fetched again after every reconnection. */
@Component({
  selector: 'app-average-rating',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (text(); as text) {
      <p class="average-rating">{{ text }}</p>
    }
  `,
  styles: `
    .average-rating {
      margin: 0;
      color: var(--muted-text);
      font-size: 0.95rem;
    }
  `,
})
export class AverageRating {
  readonly #api = inject(ApiClient);
  readonly #stats = signal<DeskStatsResponse | null>(null);
  protected readonly text = computed(() => {
    const ratings = this.#stats()?.ratings;
    if (ratings === undefined) return null;
    return ratings.average === null ? supportStrings.noRatingsYet : supportStrings.averageRating(ratings.average, ratings.count);
  });

  constructor() {
    void this.#load();
    const stop = inject(SocketService).onConnect(() => void this.#load());
    inject(DestroyRef).onDestroy(stop);
  }

  async #load(): Promise<void> {
    try {
      this.#stats.set(await this.#api.deskStats());
    } catch {
      // A figure for information only: the queue matters more than an error about it.
    }
  }
}
