import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { limits } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { errorText } from '../core/error-text';
import { FormError } from '../core/form-error';
import { authStrings } from './auth.strings';

/** Customers create their own account; agents' accounts are made by an operator. */
@Component({
  selector: 'app-register-page',
  imports: [ReactiveFormsModule, RouterLink, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page page--narrow">
      <h1>{{ strings.registerTitle }}</h1>
      <p class="intro">{{ strings.registerIntro }}</p>
      <form class="form card" [formGroup]="form" (ngSubmit)="createAccount()">
        <div class="field">
          <label for="register-name">{{ strings.displayNameLabel }}</label>
          <input id="register-name" type="text" formControlName="displayName" autocomplete="name" [attr.maxlength]="limits.displayNameMaxChars" />
        </div>
        <div class="field">
          <label for="register-email">{{ strings.emailLabel }}</label>
          <input id="register-email" type="email" formControlName="email" autocomplete="email" [attr.maxlength]="limits.emailMaxChars" />
        </div>
        <div class="field">
          <label for="register-password">{{ strings.passwordLabel }}</label>
          <input
            id="register-password"
            type="password"
            formControlName="password"
            autocomplete="new-password"
            aria-describedby="register-password-hint"
            [attr.maxlength]="limits.passwordMaxChars"
          />
          <small id="register-password-hint" class="hint">{{ strings.passwordHint(limits.passwordMinChars) }}</small>
        </div>
        <app-form-error [message]="error()" />
        <div class="actions">
          <button type="submit" class="button" [disabled]="busy()">{{ strings.createAccount }}</button>
        </div>
      </form>
      <p class="aside">{{ strings.haveAccount }} <a routerLink="/login">{{ strings.toLogin }}</a></p>
    </section>
  `,
})
export class RegisterPage {
  readonly #auth = inject(AuthService);
  readonly #router = inject(Router);
  protected readonly strings = authStrings;
  protected readonly limits = limits;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    displayName: ['', Validators.required],
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required, Validators.minLength(limits.passwordMinChars)]],
  });

  protected async createAccount(): Promise<void> {
    const { displayName, email, password } = this.form.controls;
    if (displayName.value.trim().length === 0) return this.error.set(this.strings.displayNameRequired);
    if (email.invalid) return this.error.set(this.strings.emailRequired);
    if (password.invalid) return this.error.set(this.strings.passwordTooShort(limits.passwordMinChars));
    this.busy.set(true);
    this.error.set(null);
    try {
      const user = await this.#auth.register({ ...this.form.getRawValue(), displayName: displayName.value.trim() });
      await this.#router.navigateByUrl(this.#auth.homePath(user.role));
    } catch (error) {
      this.error.set(errorText(error));
    } finally {
      this.busy.set(false);
    }
  }
}
