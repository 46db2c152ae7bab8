import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import type { Role } from '@ycyw/protocol';
import { AuthService } from './auth-service';

/** Pages for one role: a visitor goes to login, a user of another role to their own home page. */
export function roleGuard(role: Role): CanActivateFn {
  return async () => {
    const auth = inject(AuthService);
    const router = inject(Router);
    await auth.restore();
    const user = auth.user();
    if (user === null) return router.parseUrl('/login');
    return user.role === role || router.parseUrl(auth.homePath(user.role));
  };
}
