import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AuthService } from './auth-service';

/** Pages for signed-in users only; the others go to the login page. */
export const signedInGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  await auth.restore();
  return auth.signedIn() || inject(Router).parseUrl('/login');
};
