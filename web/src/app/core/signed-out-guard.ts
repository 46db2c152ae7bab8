import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AuthService } from './auth-service';

/** Login and register are for visitors; a signed-in user goes to their home page instead. */
export const signedOutGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  await auth.restore();
  const user = auth.user();
  return user === null || inject(Router).parseUrl(auth.homePath(user.role));
};
