import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { limits } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { errorText } from '../core/error-text';
import { FormError } from '../core/form-error';
import { authStrings } from './auth.strings';

@Component({
  selector: 'app-login-page',
  imports: [ReactiveFormsModule, RouterLink, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page page--narrow">
      <h1>{{ strings.loginTitle }}</h1>
      <p class="intro">{{ strings.loginIntro }}</p>
      <form class="form card" [formGroup]="form" (ngSubmit)="logIn()">
        <div class="field">
          <label for="login-email">{{ strings.emailLabel }}</label>
          <input id="login-email" type="email" formControlName="email" autocomplete="email" [attr.maxlength]="emailMax" />
        </div>
        <div class="field">
          <label for="login-password">{{ strings.passwordLabel }}</label>
          <input id="login-password" type="password" formControlName="password" autocomplete="current-password" />
        </div>
        <app-form-error [message]="error()" />
        <div class="actions">
          <button type="submit" class="button" [disabled]="busy()">{{ strings.logIn }}</button>
        </div>
      </form>
      <p class="aside">{{ strings.noAccount }} <a routerLink="/register">{{ strings.toRegister }}</a></p>
    </section>
  `,
})
export class LoginPage {
  readonly #auth = inject(AuthService);
  readonly #router = inject(Router);
  protected readonly strings = authStrings;
  protected readonly emailMax = limits.emailMaxChars;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });

  protected async logIn(): Promise<void> {
    const { email, password } = this.form.controls;
    if (email.invalid) return this.error.set(this.strings.emailRequired);
    if (password.invalid) return this.error.set(this.strings.passwordRequired);
    this.busy.set(true);
    this.error.set(null);
    try {
      const user = await this.#auth.login(this.form.getRawValue());
      await this.#router.navigateByUrl(this.#auth.homePath(user.role));
    } catch (error) {
      this.error.set(errorText(error));
    } finally {
      this.busy.set(false);
    }
  }
}
