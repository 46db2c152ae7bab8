import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { Conversation } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { FormError } from '../core/form-error';
import { AgentPickerForm, type AgentPickerMode } from './agent-picker-form';
import { CustomerDetails } from './customer-details';
import { deskErrorText } from './desk-error-text';
import { DeskService } from './desk-service';
import { supportStrings } from './support.strings';

/**
 * What an agent in the conversation can do with it: resolve, transfer, invite another agent (while it is
 * active), and look up the customer (at any time).
 */
@Component({
  selector: 'app-desk-actions',
  imports: [AgentPickerForm, CustomerDetails, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (member()) {
      <div class="desk-actions" role="group" [attr.aria-label]="strings.deskActions">
        @if (active()) {
          <button type="button" class="button button--quiet" [disabled]="resolving()" (click)="resolve()">
            {{ strings.resolve }}
          </button>
          <button type="button" class="button button--quiet" [attr.aria-expanded]="picker() === 'transfer'" (click)="togglePicker('transfer')">
            {{ strings.transfer }}
          </button>
          <button type="button" class="button button--quiet" [attr.aria-expanded]="picker() === 'invite'" (click)="togglePicker('invite')">
            {{ strings.inviteAgent }}
          </button>
        }
        <button
          type="button"
          class="button button--quiet"
          aria-controls="customer-details-panel"
          [attr.aria-expanded]="customerShown()"
          (click)="customerShown.set(!customerShown())"
        >
          {{ strings.customerDetails }}
        </button>
      </div>
      <app-form-error [message]="error()" />
      <div id="customer-details-panel">
        @if (customerShown()) {
          <app-customer-details [conversationId]="conversation().id" />
        }
      </div>
    }
    <!-- Outside the member check: the transfer's conversation:updated (without this agent) may come before
         its acknowledgement, and the form must live to hear that. -->
    @if (active() && picker(); as mode) {
      <app-agent-picker-form [mode]="mode" [conversation]="conversation()" (done)="handedOver(mode)" (cancelled)="picker.set(null)" />
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 0.5rem;
    }
    .desk-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
  `,
})
export class DeskActions {
  readonly conversation = input.required<Conversation>();
  readonly #desk = inject(DeskService);
  readonly #auth = inject(AuthService);
  readonly #router = inject(Router);
  protected readonly strings = supportStrings;
  /** An agent who transferred the conversation away still sees it until they leave the page. */
  protected readonly member = computed(() => {
    const me = this.#auth.user();
    return me?.role === 'agent' && this.conversation().members.some((member) => member.userId === me.id);
  });
  protected readonly active = computed(() => this.conversation().status === 'active');
  protected readonly picker = signal<AgentPickerMode | null>(null);
  protected readonly customerShown = signal(false);
  protected readonly resolving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected togglePicker(mode: AgentPickerMode): void {
    this.picker.set(this.picker() === mode ? null : mode);
    this.error.set(null);
  }

  protected async resolve(): Promise<void> {
    this.resolving.set(true);
    this.error.set(null);
    try {
      await this.#desk.resolve(this.conversation().id);
      this.picker.set(null);
    } catch (error) {
      this.error.set(deskErrorText(error));
    } finally {
      this.resolving.set(false);
    }
  }

  /** After a transfer the conversation is someone else's: back to the queue for the next customer. */
  protected handedOver(mode: AgentPickerMode): void {
    this.picker.set(null);
    if (mode === 'transfer') void this.#router.navigateByUrl('/queue');
  }
}
