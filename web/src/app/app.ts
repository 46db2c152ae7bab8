import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from './core/auth-service';
import { ConnectionBanner } from './core/connection-banner';
import { coreStrings } from './core/core.strings';

/** The application shell: brand, navigation, who is signed in, the connection banner and the page. */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ConnectionBanner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
  styleUrl: './app.css',
})
export class App {
  readonly #auth = inject(AuthService);
  protected readonly strings = coreStrings;
  protected readonly user = this.#auth.user;
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
