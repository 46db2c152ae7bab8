import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { ConversationSummary } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { FormError } from '../core/form-error';
import { supportStrings } from '../support/support.strings';
import { chatStrings } from './chat.strings';
import { Inbox } from './inbox';

/** The signed-in user's conversations, newest activity first, with unread counts. */
@Component({
  selector: 'app-conversation-list',
  imports: [RouterLink, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './conversation-list.html',
  styleUrl: './conversation-list.css',
})
export class ConversationList {
  protected readonly inbox = inject(Inbox);
  protected readonly strings = chatStrings;
  protected readonly topicLabels = supportStrings.topics;
  readonly #auth = inject(AuthService);
  readonly #router = inject(Router);
  protected readonly isCustomer = computed(() => this.#auth.user()?.role === 'customer');

  constructor() {
    void this.inbox.load();
  }

  protected startRequest(): void {
    void this.#router.navigateByUrl('/conversations/new');
  }

  /** The other members' names, or the status while nobody else has joined. */
  protected withWhom(conversation: ConversationSummary): string {
    const me = this.#auth.user()?.id;
    const others = conversation.members.filter((member) => member.userId !== me).map((member) => member.displayName);
    return others.length > 0 ? others.join(', ') : this.strings.status[conversation.status];
  }
}
