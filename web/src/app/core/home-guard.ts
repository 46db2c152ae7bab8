import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AuthService } from './auth-service';

/** The bare site address: always redirects, to the user's home page or to login. */
export const homeGuard: CanActivateFn = async () => {
  // Injected before awaiting: the injection context does not survive an await.
  const auth = inject(AuthService);
  const router = inject(Router);
  await auth.restore();
  const user = auth.user();
  return router.parseUrl(user === null ? '/login' : auth.homePath(user.role));
};
