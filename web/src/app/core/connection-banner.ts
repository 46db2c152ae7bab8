import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { coreStrings } from './core.strings';
import { SocketService } from './socket-service';

/** Tells the person, while the live connection is down, that what they see may be behind. */
@Component({
  selector: 'app-connection-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (socket.state() === 'reconnecting') {
      <p class="banner" role="status">{{ strings.reconnecting }}</p>
    }
  `,
  styles: `
    .banner {
      margin: 0;
      padding: 0.4rem 1rem;
      background: var(--warning-soft);
      color: var(--warning);
      text-align: center;
      font-weight: 600;
    }
  `,
})
export class ConnectionBanner {
  protected readonly socket = inject(SocketService);
  protected readonly strings = coreStrings;
}
