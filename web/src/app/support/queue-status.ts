import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
import type { QueuePosition } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { SocketService } from '../core/socket-service';
import { queueStatusLines } from './queue-status-text';

/**
 * A waiting customer's place in the queue, live: fetched once, then moved by every `queue:position` the
 * server sends (on connect and whenever the queue or the agents online change). Shows nothing when the
 * conversation does not wait (the server answers 409).
 */
@Component({
  selector: 'app-queue-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="queue-status" role="status">
      @for (line of lines(); track $index) {
        <p class="queue-status__line" [class.queue-status__line--main]="$first">{{ line }}</p>
      }
    </div>
  `,
  styles: `
    .queue-status:empty {
      display: none;
    }
    .queue-status {
      margin: 0 auto;
      padding: 0.5rem 1rem;
      max-width: 32rem;
      border-radius: var(--radius);
      background: var(--accent-soft);
      text-align: center;
    }
    .queue-status__line {
      margin: 0;
      font-size: 0.9rem;
    }
    .queue-status__line--main {
      font-weight: 600;
      font-size: 1rem;
    }
  `,
})
export class QueueStatus {
  readonly conversationId = input.required<string>();
  readonly #api = inject(ApiClient);
  readonly #position = signal<QueuePosition | null>(null);
  /** Bumped by every event, so an HTTP answer that was already on its way when one came cannot undo it. */
  #version = 0;
  protected readonly lines = computed(() => {
    const position = this.#position();
    return position !== null && position.conversationId === this.conversationId() ? queueStatusLines(position) : [];
  });

  constructor() {
    const stop = inject(SocketService).on('queue:position', (position) => {
      if (position.conversationId !== this.conversationId()) return;
      this.#version += 1;
      this.#position.set(position);
    });
    inject(DestroyRef).onDestroy(stop);
    effect(() => {
      const conversationId = this.conversationId();
      untracked(() => void this.#load(conversationId));
    });
  }

  async #load(conversationId: string): Promise<void> {
    const version = this.#version;
    try {
      const { queuePosition } = await this.#api.queuePosition(conversationId);
      if (version === this.#version) this.#position.set(queuePosition);
    } catch {
      // 409: not waiting (any more); anything else: the live events will tell. Either way, say nothing.
    }
  }
}
