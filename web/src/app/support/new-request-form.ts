import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { limits, topics, type Topic } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { errorText } from '../core/error-text';
import { FormError } from '../core/form-error';
import { Inbox } from '../chat/inbox';
import { supportStrings } from './support.strings';

/** A customer opens a support request: a subject and a topic, then straight into the conversation. */
@Component({
  selector: 'app-new-request-form',
  imports: [ReactiveFormsModule, RouterLink, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page page--narrow">
      <h1>{{ strings.newRequestTitle }}</h1>
      <p class="intro">{{ strings.newRequestIntro }}</p>
      <form class="form card" [formGroup]="form" (ngSubmit)="open()">
        <div class="field">
          <label for="request-subject">{{ strings.subjectLabel }}</label>
          <input
            id="request-subject"
            type="text"
            formControlName="subject"
            autocomplete="off"
            [attr.maxlength]="subjectMax"
            [placeholder]="strings.subjectPlaceholder"
          />
        </div>
        <div class="field">
          <label for="request-topic">{{ strings.topicLabel }}</label>
          <select id="request-topic" formControlName="topic">
            @for (topic of topics; track topic) {
              <option [value]="topic">{{ strings.topics[topic] }}</option>
            }
          </select>
        </div>
        <app-form-error [message]="error()" />
        <div class="actions">
          <a class="button button--quiet" routerLink="/conversations">{{ strings.cancel }}</a>
          <button type="submit" class="button" [disabled]="busy()">{{ strings.openRequest }}</button>
        </div>
      </form>
    </section>
  `,
})
export class NewRequestForm {
  readonly #api = inject(ApiClient);
  readonly #inbox = inject(Inbox);
  readonly #router = inject(Router);
  protected readonly strings = supportStrings;
  protected readonly topics = topics;
  protected readonly subjectMax = limits.subjectMaxChars;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    subject: ['', [Validators.required, Validators.maxLength(limits.subjectMaxChars)]],
    topic: ['reservation' as Topic, Validators.required],
  });

  protected async open(): Promise<void> {
    const { subject, topic } = this.form.getRawValue();
    if (subject.trim().length === 0) {
      this.error.set(this.strings.subjectRequired);
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { conversation } = await this.#api.createConversation({ subject: subject.trim(), topic });
      this.#inbox.add(conversation);
      await this.#router.navigate(['/conversations', conversation.id]);
    } catch (error) {
      this.error.set(errorText(error));
    } finally {
      this.busy.set(false);
    }
  }
}
