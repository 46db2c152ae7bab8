import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** An error placed next to the form or control it is about, announced as soon as it appears. */
@Component({
  selector: 'app-form-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (message(); as text) {
      <p class="form-error" role="alert">{{ text }}</p>
    }
  `,
  styles: `
    .form-error {
      margin: 0.5rem 0;
      padding: 0.5rem 0.75rem;
      border-radius: var(--radius);
      background: var(--danger-soft);
      color: var(--danger);
      font-size: 0.9rem;
    }
  `,
})
export class FormError {
  readonly message = input<string | null>(null);
}
