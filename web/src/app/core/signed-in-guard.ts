import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AuthService } from './auth-service';

/** Pages for signed-in users only; the others go to the login page. */
export const signedInGuard: CanActivateFn = async () => {
  // Injected before awaiting: the injection context does not survive an await.
  const auth = inject(AuthService);
  const router = inject(Router);
  await auth.restore();
  return auth.signedIn() || router.parseUrl('/login');
};
