import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { QueueEntry } from '@ycyw/protocol';
import { FormError } from '../core/form-error';
import { RequestError } from '../core/request-error';
import { errorText } from '../core/error-text';
import { Inbox } from '../chat/inbox';
import { QueueService } from './queue-service';
import { supportStrings } from './support.strings';

/** Wait times are shown in minutes, so the page refreshes them twice a minute. */
const clockTickMs = 30_000;

/** The agents' live list of waiting customers, each with a "Take" button. */
@Component({
  selector: 'app-agent-queue',
  imports: [FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './agent-queue.html',
  styleUrl: './agent-queue.css',
})
export class AgentQueue {
  protected readonly queue = inject(QueueService);
  protected readonly strings = supportStrings;
  protected readonly error = signal<string | null>(null);
  /** The conversation being taken, whose button waits for the acknowledgement. */
  protected readonly taking = signal<string | null>(null);
  protected readonly now = signal(Date.now());
  readonly #inbox = inject(Inbox);
  readonly #router = inject(Router);

  constructor() {
    void this.queue.load();
    const clock = setInterval(() => this.now.set(Date.now()), clockTickMs);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
  }

  protected waited(entry: QueueEntry): string {
    return this.strings.waitingFor(Math.max(0, Math.floor((this.now() - Date.parse(entry.createdAt)) / 60_000)));
  }

  protected async take(entry: QueueEntry): Promise<void> {
    if (this.taking() !== null) return;
    this.taking.set(entry.conversationId);
    this.error.set(null);
    try {
      const conversation = await this.queue.take(entry.conversationId);
      this.#inbox.add(conversation);
      await this.#router.navigate(['/conversations', conversation.id]);
    } catch (error) {
      this.error.set(
        error instanceof RequestError && error.code === 'conflict' ? this.strings.takenByAnother : errorText(error),
      );
    } finally {
      this.taking.set(null);
    }
  }
}
