import { computed, effect, inject, Injectable, untracked } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { AuthService } from '../core/auth-service';
import { PageTitleStrategy } from '../core/page-title-strategy';
import { Inbox } from './inbox';

/** "(3) Conversation · Live Support": the page's title behind the number of unread messages, if any. */
export function titleWithUnread(pageTitle: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${pageTitle}` : pageTitle;
}

/**
 * The tab's title with the total unread count in front, live: a person sees from another tab that someone
 * wrote. The inbox is loaded at sign-in for that, not only when its page opens.
 */
@Injectable({ providedIn: 'root' })
export class UnreadTitle {
  readonly #inbox = inject(Inbox);
  readonly unread = computed(() => (this.#inbox.conversations() ?? []).reduce((sum, summary) => sum + summary.unreadCount, 0));

  constructor() {
    const title = inject(Title);
    const page = inject(PageTitleStrategy);
    const auth = inject(AuthService);
    effect(() => title.setTitle(titleWithUnread(page.pageTitle(), this.unread())));
    effect(() => {
      if (auth.user() === null) return;
      untracked(() => {
        if (this.#inbox.conversations() === null) void this.#inbox.load();
      });
    });
  }
}
