import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { Conversation, QueueEntry } from '@ycyw/protocol';
import { Inbox } from '../chat/inbox';
import { errorText } from '../core/error-text';
import { FormError } from '../core/form-error';
import { RequestError } from '../core/request-error';
import { AverageRating } from './average-rating';
import { QueueService } from './queue-service';
import { supportStrings } from './support.strings';
import { waitTimeText } from './wait-time';

/** Wait times are shown in minutes; ticking four times a minute keeps them at most 15 s behind. */
const clockTickMs = 15_000;

/** The agents' live list of waiting customers, each with a "Take" button, and "Take oldest". */
@Component({
  selector: 'app-agent-queue',
  imports: [FormError, AverageRating],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './agent-queue.html',
  styleUrl: './agent-queue.css',
})
export class AgentQueue {
  protected readonly queue = inject(QueueService);
  protected readonly strings = supportStrings;
  protected readonly error = signal<string | null>(null);
  /** The conversation being taken ('oldest' for take-next), whose button waits for the acknowledgement. */
  protected readonly taking = signal<string | null>(null);
  protected readonly now = signal(Date.now());
  protected readonly empty = computed(() => (this.queue.queue()?.length ?? 0) === 0);
  readonly #inbox = inject(Inbox);
  readonly #router = inject(Router);

  constructor() {
    void this.queue.load();
    const clock = setInterval(() => this.now.set(Date.now()), clockTickMs);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
  }

  protected waited(entry: QueueEntry): string {
    return waitTimeText(entry.queuedAt, this.now());
  }

  protected take(entry: QueueEntry): Promise<void> {
    return this.#takeWith(entry.conversationId, () => this.queue.take(entry.conversationId));
  }

  protected takeOldest(): Promise<void> {
    return this.#takeWith('oldest', () => this.queue.takeNext());
  }

  async #takeWith(key: string, takeIt: () => Promise<Conversation>): Promise<void> {
    if (this.taking() !== null) return;
    this.taking.set(key);
    this.error.set(null);
    try {
      const conversation = await takeIt();
      this.#inbox.add(conversation);
      await this.#router.navigate(['/conversations', conversation.id]);
    } catch (error) {
      this.error.set(this.#takeErrorText(error));
    } finally {
      this.taking.set(null);
    }
  }

  #takeErrorText(error: unknown): string {
    if (error instanceof RequestError && error.code === 'conflict') return this.strings.takenByAnother;
    if (error instanceof RequestError && error.code === 'not_found') return this.strings.nobodyWaitingAnyMore;
    return errorText(error);
  }
}
