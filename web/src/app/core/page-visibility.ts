import { DOCUMENT, DestroyRef, inject, Injectable, signal } from '@angular/core';

/** Whether the person can see this tab: drives presence (online / away) and read markers. */
@Injectable({ providedIn: 'root' })
export class PageVisibility {
  readonly #document = inject(DOCUMENT);
  readonly #visible = signal(this.#document.visibilityState === 'visible');
  readonly visible = this.#visible.asReadonly();

  constructor() {
    const update = () => this.#visible.set(this.#document.visibilityState === 'visible');
    this.#document.addEventListener('visibilitychange', update);
    inject(DestroyRef).onDestroy(() => this.#document.removeEventListener('visibilitychange', update));
  }
}
