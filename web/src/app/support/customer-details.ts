import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import type { CustomerContext } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { errorText } from '../core/error-text';
import { FormError } from '../core/form-error';
import { supportStrings } from './support.strings';

/** Who the conversation's customer is and how their earlier requests went: what an agent sees one click away. */
@Component({
  selector: 'app-customer-details',
  imports: [DatePipe, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="customer card" aria-labelledby="customer-details-title">
      <h2 id="customer-details-title" class="customer__title">{{ strings.customerDetails }}</h2>
      <app-form-error [message]="error()" />
      @if (context(); as context) {
        <dl class="customer__facts">
          <dt>{{ strings.nameLabel }}</dt>
          <dd>{{ context.customer.displayName }}</dd>
          <dt>{{ strings.email }}</dt>
          <dd><a [href]="'mailto:' + context.customer.email">{{ context.customer.email }}</a></dd>
          <dt>{{ strings.memberSince }}</dt>
          <dd><time [attr.datetime]="context.customer.memberSince">{{ context.customer.memberSince | date: 'mediumDate' }}</time></dd>
        </dl>
        <h3 id="customer-conversations-title" class="customer__subtitle">{{ strings.earlierConversations }}</h3>
        <ul class="customer__history" aria-labelledby="customer-conversations-title">
          @for (past of context.conversations; track past.id) {
            <li class="customer__conversation">
              <span class="customer__subject">
                {{ past.subject }}
                @if (past.id === conversationId()) {
                  <span class="customer__current">{{ strings.thisConversation }}</span>
                }
              </span>
              <span class="customer__meta">
                <time [attr.datetime]="past.createdAt">{{ past.createdAt | date: 'mediumDate' }}</time> ·
                {{ strings.topics[past.topic] }} · {{ strings.conversationStatus[past.status] }} ·
                {{ past.rating ? strings.ratedOutcome(past.rating.score) : strings.notRated }}
                @if (past.rating?.comment; as comment) {
                  — “{{ comment }}”
                }
              </span>
            </li>
          }
        </ul>
      } @else if (!error()) {
        <p class="customer__loading">{{ strings.loading }}</p>
      }
    </section>
  `,
  styles: `
    .customer {
      display: grid;
      gap: 0.5rem;
      padding: 1rem;
    }
    .customer__title {
      margin: 0;
      font-size: 1.05rem;
    }
    .customer__subtitle {
      margin: 0.25rem 0 0;
      font-size: 0.95rem;
    }
    .customer__facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.2rem 1rem;
      margin: 0;
    }
    .customer__facts dt {
      font-weight: 600;
    }
    .customer__facts dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .customer__history {
      display: grid;
      gap: 0.4rem;
      max-height: 14rem;
      overflow-y: auto;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .customer__conversation {
      display: grid;
      padding-bottom: 0.4rem;
      border-bottom: 1px solid var(--border);
    }
    .customer__subject {
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .customer__current,
    .customer__meta,
    .customer__loading {
      color: var(--muted-text);
      font-size: 0.9rem;
      font-weight: 400;
    }
  `,
})
export class CustomerDetails {
  readonly conversationId = input.required<string>();
  readonly #api = inject(ApiClient);
  protected readonly strings = supportStrings;
  protected readonly context = signal<CustomerContext | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const conversationId = this.conversationId();
      untracked(() => void this.#load(conversationId));
    });
  }

  async #load(conversationId: string): Promise<void> {
    this.context.set(null);
    this.error.set(null);
    try {
      const context = await this.#api.customerContext(conversationId);
      if (conversationId === this.conversationId()) this.context.set(context);
    } catch (error) {
      if (conversationId === this.conversationId()) this.error.set(errorText(error));
    }
  }
}
