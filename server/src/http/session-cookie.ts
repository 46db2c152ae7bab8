import type { Response } from 'express';
import { parse } from 'cookie';

export const SESSION_COOKIE = 'ycyw_session';

/** Reads the session token from a Cookie header, if any. */
export function tokenFromCookieHeader(header: string | undefined): string | undefined {
  return header ? parse(header)[SESSION_COOKIE] : undefined;
}

export function setSessionCookie(res: Response, token: string, expiresAt: Date, secure: boolean): void {
  // httpOnly keeps the token out of page scripts; SameSite=Lax keeps it off cross-site POSTs.
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, expires: expiresAt, path: '/' });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
