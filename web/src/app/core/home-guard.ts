import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AuthService } from './auth-service';

/** The bare site address: always redirects, to the user's home page or to login. */
export const homeGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  await auth.restore();
  const user = auth.user();
  return inject(Router).parseUrl(user === null ? '/login' : auth.homePath(user.role));
};
