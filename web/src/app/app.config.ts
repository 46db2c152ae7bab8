import { type ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { PresenceService } from './core/presence-service';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    // Presence must listen before the socket's first connection, when the server sends its snapshot.
    provideAppInitializer(() => {
      inject(PresenceService);
    }),
  ],
};
