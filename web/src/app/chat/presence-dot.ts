import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { PresenceStatus } from '@ycyw/protocol';
import { chatStrings } from './chat.strings';

/** A coloured dot for a member's presence, with the status in words for those who cannot see colour. */
@Component({
  selector: 'app-presence-dot',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="dot" [class]="'dot--' + status()" aria-hidden="true"></span
    ><span class="visually-hidden">({{ label() }})</span>`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
    }
    .dot {
      display: inline-block;
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      border: 2px solid var(--surface);
      box-shadow: 0 0 0 1px var(--border);
    }
    .dot--online {
      background: var(--success);
    }
    .dot--away {
      background: var(--warning);
    }
    .dot--offline {
      background: var(--muted);
    }
  `,
})
export class PresenceDot {
  readonly status = input.required<PresenceStatus>();
  protected readonly label = computed(() => chatStrings.presence[this.status()]);
}
