import type { Request, RequestHandler, Response } from 'express';
import type { AccountService, AuthenticatedSession } from '../domain/accounts/account-service.js';
import { DomainError } from '../domain/domain-error.js';
import { originAllowed } from './origin-policy.js';
import { tokenFromCookieHeader } from './session-cookie.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/**
 * Requires a live session from the Bearer header or, for the web client, the session cookie. A
 * cookie-authenticated request that changes state must come from an allowed origin (CSRF defence
 * on top of SameSite).
 */
export function requireSession(accounts: AccountService, allowedOrigins: readonly string[]): RequestHandler {
  return async (req, res, next) => {
    const bearer = bearerToken(req);
    const token = bearer ?? tokenFromCookieHeader(req.get('cookie'));
    if (!token) throw new DomainError('unauthorized', 'Log in first');
    if (!bearer && !SAFE_METHODS.has(req.method) && !originAllowed(req.get('origin'), req.get('host'), allowedOrigins)) {
      throw new DomainError('forbidden', 'Origin not allowed');
    }
    const session = await accounts.authenticate(token);
    if (!session) throw new DomainError('unauthorized', 'Session expired or revoked; log in again');
    res.locals.session = session;
    next();
  };
}

/** The session `requireSession` found. */
export function sessionOf(res: Response): AuthenticatedSession {
  const session = res.locals.session as AuthenticatedSession | undefined;
  if (!session) throw new DomainError('unauthorized', 'Log in first');
  return session;
}
