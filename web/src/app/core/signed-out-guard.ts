import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AuthService } from './auth-service';

/** Login and register are for visitors; a signed-in user goes to their home page instead. */
export const signedOutGuard: CanActivateFn = async () => {
  // Injected before awaiting: the injection context does not survive an await.
  const auth = inject(AuthService);
  const router = inject(Router);
  await auth.restore();
  const user = auth.user();
  return user === null || router.parseUrl(auth.homePath(user.role));
};
