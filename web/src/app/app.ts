import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { CallPanel } from './call/call-panel';
import { IncomingCallBanner } from './call/incoming-call-banner';
import { MediaProblemAlert } from './call/media-problem-alert';
import { AuthService } from './core/auth-service';
import { ConnectionBanner } from './core/connection-banner';
import { coreStrings } from './core/core.strings';
import { TabAlerts } from './core/tab-alerts';

/**
 * The application shell: brand, navigation, who is signed in, the connection banner, calls (ringing,
 * in progress) on every page, and the page.
 */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ConnectionBanner, IncomingCallBanner, MediaProblemAlert, CallPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
  styleUrl: './app.css',
})
export class App {
  readonly #auth = inject(AuthService);
  protected readonly strings = coreStrings;
  protected readonly user = this.#auth.user;
  /** Offers "Enable notifications" until the person answered the browser's question once. */
  protected readonly alerts = inject(TabAlerts);
  protected readonly isAgent = computed(() => this.user()?.role === 'agent');
  protected readonly loggingOut = signal(false);

  protected async logOut(): Promise<void> {
    this.loggingOut.set(true);
    try {
      await this.#auth.logout();
    } catch {
      // The local session ends either way (see AuthService.logout); nothing more to tell.
    } finally {
      this.loggingOut.set(false);
    }
  }
}
