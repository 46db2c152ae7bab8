import { inject, Injectable, InjectionToken, signal } from '@angular/core';
import { Router } from '@angular/router';
import { AlertThrottle } from './alert-throttle';
import { AuthService } from './auth-service';
import { Chime } from './chime';
import { PageVisibility } from './page-visibility';

/** Something worth interrupting a person who is in another tab for. */
export interface TabAlert {
  /** What is throttled and replaced together: a conversation id, or 'queue'. */
  readonly key: string;
  readonly title: string;
  readonly body: string;
  /** Where a click on the notification leads. */
  readonly url: string;
}

/** How an alert reaches the person: the browser's notification and a sound. Replaced in unit tests. */
export interface AlertChannels {
  notificationsSupported(): boolean;
  permission(): NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  notify(alert: TabAlert, onClick: () => void): void;
  chime(): void;
  /** Run during a click, so sounds may play later. */
  unlockSound(): void;
}

/** Alerts for the same key closer together than this are dropped. */
export const ALERT_WINDOW_MS = new InjectionToken<number>('ALERT_WINDOW_MS', { providedIn: 'root', factory: () => 5000 });

export const ALERT_CHANNELS = new InjectionToken<AlertChannels>('ALERT_CHANNELS', {
  providedIn: 'root',
  factory: () => browserChannels(inject(Chime)),
});

/**
 * Notifications and a sound while the tab is hidden: nothing while the person looks at the page (they see
 * it there), at most one per key per few seconds. Permission is asked only from a click ("Enable
 * notifications"), which browsers require and people prefer.
 */
@Injectable({ providedIn: 'root' })
export class TabAlerts {
  readonly #channels = inject(ALERT_CHANNELS);
  readonly #visibility = inject(PageVisibility);
  readonly #router = inject(Router);
  readonly #throttle = new AlertThrottle(inject(ALERT_WINDOW_MS));
  readonly #permission = signal<NotificationPermission | 'unsupported'>(
    this.#channels.notificationsSupported() ? this.#channels.permission() : 'unsupported',
  );
  /** 'default' until the person answers the browser's question. */
  readonly permission = this.#permission.asReadonly();

  constructor() {
    inject(AuthService).onSignOut(() => this.#throttle.clear());
  }

  async enable(): Promise<void> {
    this.#channels.unlockSound();
    if (this.#permission() !== 'default') return;
    try {
      this.#permission.set(await this.#channels.requestPermission());
    } catch {
      this.#permission.set(this.#channels.permission());
    }
  }

  alert(alert: TabAlert): void {
    if (this.#visibility.visible() || !this.#throttle.allow(alert.key, Date.now())) return;
    this.#channels.chime();
    if (this.#permission() === 'granted') {
      this.#channels.notify(alert, () => void this.#router.navigateByUrl(alert.url));
    }
  }
}

function browserChannels(chime: Chime): AlertChannels {
  const supported = () => typeof Notification !== 'undefined';
  return {
    notificationsSupported: supported,
    permission: () => (supported() ? Notification.permission : 'denied'),
    requestPermission: () => Notification.requestPermission(),
    notify: (alert, onClick) => {
      try {
        // The tag makes a newer notification of the same conversation replace the older one.
        const notification = new Notification(alert.title, { body: alert.body, tag: alert.key });
        notification.onclick = () => {
          window.focus();
          notification.close();
          onClick();
        };
      } catch {
        // Some mobile browsers only notify through a service worker: the sound and the title remain.
      }
    },
    chime: () => chime.play(),
    unlockSound: () => chime.unlock(),
  };
}
