import { inject, Injectable } from '@angular/core';
import type { Message } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { SocketService } from '../core/socket-service';
import { TabAlerts } from '../core/tab-alerts';
import { chatStrings } from './chat.strings';
import { Inbox } from './inbox';

/** How much of a message a notification shows: enough to decide whether to come back now. */
const previewChars = 140;

/**
 * A new message from someone else while the tab is hidden: a notification (one per conversation per few
 * seconds, see TabAlerts) and a sound. Call entries are left out: a call rings on its own.
 */
@Injectable({ providedIn: 'root' })
export class MessageAlerts {
  readonly #alerts = inject(TabAlerts);
  readonly #auth = inject(AuthService);
  readonly #inbox = inject(Inbox);

  constructor() {
    inject(SocketService).on('message:new', ({ message }) => this.#alertFor(message));
  }

  #alertFor(message: Message): void {
    if (message.kind === 'call' || message.senderId === this.#auth.user()?.id) return;
    const subject = this.#inbox.conversations()?.find((conversation) => conversation.id === message.conversationId)?.subject;
    this.#alerts.alert({
      key: message.conversationId,
      title: chatStrings.newMessageFrom(message.senderName, subject),
      body: message.body.length > previewChars ? `${message.body.slice(0, previewChars - 1)}…` : message.body,
      url: `/conversations/${message.conversationId}`,
    });
  }
}
