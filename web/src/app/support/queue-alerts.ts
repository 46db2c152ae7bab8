import { inject, Injectable } from '@angular/core';
import type { QueueEntry } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { SocketService } from '../core/socket-service';
import { TabAlerts } from '../core/tab-alerts';
import { supportStrings } from './support.strings';

/**
 * For agents with the tab hidden: a new waiting customer. Only a conversation that was not in the previous
 * `queue:updated` counts, so the snapshot sent at each connection and rows leaving the queue say nothing.
 */
@Injectable({ providedIn: 'root' })
export class QueueAlerts {
  readonly #alerts = inject(TabAlerts);
  /** The waiting conversations last seen; null before the first snapshot of this session. */
  #known: ReadonlySet<string> | null = null;

  constructor() {
    inject(SocketService).on('queue:updated', ({ queue }) => this.#compare(queue));
    inject(AuthService).onSignOut(() => (this.#known = null));
  }

  #compare(queue: readonly QueueEntry[]): void {
    const known = this.#known;
    this.#known = new Set(queue.map((entry) => entry.conversationId));
    if (known === null) return;
    const arrived = queue.filter((entry) => !known.has(entry.conversationId));
    const newest = arrived.at(-1);
    if (newest === undefined) return;
    this.#alerts.alert({
      key: 'queue',
      title: supportStrings.newWaitingCustomer(arrived.length),
      body: `${newest.customer.displayName}: ${newest.subject} (${supportStrings.topics[newest.topic]})`,
      url: '/queue',
    });
  }
}
