import { inject, Injectable, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { TitleStrategy, type RouterStateSnapshot } from '@angular/router';

/**
 * The router's title strategy, which only records each route's title: what the tab finally shows is
 * written by UnreadTitle, which adds the unread count. It must stay free of services that need the Router
 * (AuthService does), since the Router itself is built with it.
 */
@Injectable({ providedIn: 'root' })
export class PageTitleStrategy extends TitleStrategy {
  readonly #pageTitle = signal(inject(Title).getTitle());
  /** The current route's title; index.html's until the first navigation. */
  readonly pageTitle = this.#pageTitle.asReadonly();

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const title = this.buildTitle(snapshot);
    if (title !== undefined) this.#pageTitle.set(title);
  }
}
