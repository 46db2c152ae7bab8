import { Router } from 'express';
import { type AuthResponse, loginBodySchema, type MeResponse, registerBodySchema } from '@ycyw/protocol';
import type { AccountService, IssuedSession } from '../domain/accounts/account-service.js';
import { DomainError } from '../domain/domain-error.js';
import { parseInput } from '../parse-input.js';
import type { SharedRedis } from '../storage/rate-limiter.js';
import { authRateLimit, type AuthRateLimitOptions } from './auth-rate-limit.js';
import { requireSession, sessionOf } from './authenticate.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';

export function authRouter(deps: {
  accounts: AccountService;
  cookieSecure: boolean;
  allowedOrigins: readonly string[];
  authRateLimit: AuthRateLimitOptions;
  sharedRedis: SharedRedis | null;
}): Router {
  const { accounts, cookieSecure } = deps;
  const router = Router();
  const authenticated = requireSession(accounts, deps.allowedOrigins);
  const limiter = authRateLimit(deps.authRateLimit, deps.sharedRedis);

  const issued = (session: IssuedSession): AuthResponse => ({ user: session.user, token: session.token });

  router.post('/auth/register', limiter.admit, async (req, res) => {
    const session = await accounts.register(parseInput(registerBodySchema, req.body));
    setSessionCookie(res, session.token, session.expiresAt, cookieSecure);
    res.status(201).json(issued(session));
  });

  router.post('/auth/login', limiter.admit, async (req, res) => {
    const { email, password } = parseInput(loginBodySchema, req.body);
    await limiter.checkAccount(req.ip, email);
    const session = await accounts.login(email, password).catch(async (error: unknown) => {
      if (error instanceof DomainError && error.code === 'invalid_credentials') await limiter.recordFailure(req.ip, email);
      throw error;
    });
    await limiter.recordSuccess(req.ip, email);
    setSessionCookie(res, session.token, session.expiresAt, cookieSecure);
    res.json(issued(session));
  });

  router.post('/auth/logout', authenticated, async (_req, res) => {
    await accounts.logout(sessionOf(res).sessionId);
    clearSessionCookie(res, cookieSecure);
    res.status(204).end();
  });

  router.get('/me', authenticated, (_req, res) => {
    res.json({ user: sessionOf(res).user } satisfies MeResponse);
  });

  return router;
}
