import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { LoginBody, RegisterBody, Role, User } from '@ycyw/protocol';
import { ApiClient } from './api-client';
import { RequestError } from './request-error';
import { SocketService } from './socket-service';

/**
 * Who is signed in. The session itself is the server's httpOnly cookie; this service only learns the user
 * (from login, register or GET /api/me) and opens the socket for them.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  readonly #api = inject(ApiClient);
  readonly #socket = inject(SocketService);
  readonly #router = inject(Router);
  readonly #user = signal<User | null>(null);
  readonly user = this.#user.asReadonly();
  readonly signedIn = computed(() => this.#user() !== null);
  #restored: Promise<void> | null = null;
  readonly #signOutHandlers = new Set<() => void>();

  /** Resolves once we know whether the cookie holds a live session; asks the server only once. */
  restore(): Promise<void> {
    this.#restored ??= this.#api.me().then(
      ({ user }) => this.#start(user),
      (error: unknown) => {
        // A 401 just means "not signed in"; any other failure must not lock the person out either.
        if (!(error instanceof RequestError)) console.error(error);
        this.#user.set(null);
      },
    );
    return this.#restored;
  }

  async login(body: LoginBody): Promise<User> {
    const { user } = await this.#api.login(body);
    this.#start(user);
    return user;
  }

  async register(body: RegisterBody): Promise<User> {
    const { user } = await this.#api.register(body);
    this.#start(user);
    return user;
  }

  async logout(): Promise<void> {
    try {
      await this.#api.logout();
    } finally {
      this.#end();
    }
  }

  /** Where a user lands after login: agents work the queue, customers see their requests. */
  homePath(role: Role): string {
    return role === 'agent' ? '/queue' : '/conversations';
  }

  /** Runs at every sign-out, so per-user state held by root services is not shown to the next user. */
  onSignOut(handler: () => void): () => void {
    this.#signOutHandlers.add(handler);
    return () => this.#signOutHandlers.delete(handler);
  }

  #start(user: User): void {
    this.#restored = Promise.resolve();
    this.#user.set(user);
    this.#socket.connect(() => this.#end());
  }

  /** Local sign-out, also when the server says the session is gone (logout in another tab, expiry). */
  #end(): void {
    this.#socket.disconnect();
    this.#user.set(null);
    for (const handler of this.#signOutHandlers) handler();
    void this.#router.navigateByUrl('/login');
  }
}
