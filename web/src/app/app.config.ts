import { type ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { CallService } from './call/call-service';
import { PresenceService } from './core/presence-service';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    // Presence and calls must listen before the socket's first connection, when the server sends its
    // presence snapshot and the calls still live in this user's conversations.
    provideAppInitializer(() => {
      inject(PresenceService);
      inject(CallService);
    }),
  ],
};
