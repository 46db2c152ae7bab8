import { type ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, TitleStrategy, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { CallService } from './call/call-service';
import { MessageAlerts } from './chat/message-alerts';
import { UnreadTitle } from './chat/unread-title';
import { PageTitleStrategy } from './core/page-title-strategy';
import { PresenceService } from './core/presence-service';
import { QueueAlerts } from './support/queue-alerts';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    { provide: TitleStrategy, useExisting: PageTitleStrategy },
    // Presence and calls must listen before the socket's first connection, when the server sends its
    // presence snapshot and the calls still live in this user's conversations; the alerts, so the queue's
    // first snapshot is known and only later arrivals ring.
    provideAppInitializer(() => {
      inject(PresenceService);
      inject(CallService);
      inject(MessageAlerts);
      inject(QueueAlerts);
      inject(UnreadTitle);
    }),
  ],
};
