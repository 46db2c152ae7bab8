import { computed, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { TitleStrategy, type RouterStateSnapshot } from '@angular/router';
import { AuthService } from '../core/auth-service';
import { Inbox } from './inbox';

/** "(3) Conversation · Live Support": the page's title behind the number of unread messages, if any. */
export function titleWithUnread(pageTitle: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${pageTitle}` : pageTitle;
}

/**
 * The router's title strategy, with the total unread count in front, live: a person sees from another
 * tab that someone wrote. The inbox is loaded at sign-in for that, not only when its page opens.
 */
@Injectable({ providedIn: 'root' })
export class UnreadTitle extends TitleStrategy {
  readonly #title = inject(Title);
  readonly #inbox = inject(Inbox);
  /** The route's title; index.html's until the first navigation. */
  readonly #pageTitle = signal(this.#title.getTitle());
  readonly unread = computed(() => (this.#inbox.conversations() ?? []).reduce((sum, summary) => sum + summary.unreadCount, 0));

  constructor() {
    super();
    const auth = inject(AuthService);
    effect(() => this.#title.setTitle(titleWithUnread(this.#pageTitle(), this.unread())));
    effect(() => {
      if (auth.user() === null) return;
      untracked(() => {
        if (this.#inbox.conversations() === null) void this.#inbox.load();
      });
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const title = this.buildTitle(snapshot);
    if (title !== undefined) this.#pageTitle.set(title);
  }
}
