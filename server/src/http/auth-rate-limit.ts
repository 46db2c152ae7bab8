import type { RequestHandler } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../domain/domain-error.js';
import { createRateLimiter, type SharedRedis } from '../storage/rate-limiter.js';

export interface AuthRateLimitOptions {
  /** Attempts per address in the window, whatever the email (register and login together). */
  perAddress: number;
  /** Failed logins per address and email in the window: slows password guessing on one account. */
  failuresPerAccount: number;
  windowSeconds: number;
}

function tooMany(rejection: unknown): never {
  if (rejection instanceof RateLimiterRes) {
    const seconds = Math.ceil(rejection.msBeforeNext / 1000);
    throw new DomainError('rate_limited', `Too many attempts; try again in ${seconds} s`);
  }
  throw rejection;
}

export interface AuthRateLimit {
  /** Middleware: counts every attempt from the client's address. */
  admit: RequestHandler;
  /** Throws rate_limited when this address has failed too often for this email. */
  checkAccount(ip: string | undefined, email: string): Promise<void>;
  recordFailure(ip: string | undefined, email: string): Promise<void>;
  recordSuccess(ip: string | undefined, email: string): Promise<void>;
}

/**
 * Brute-force brakes for the unauthenticated endpoints. `admit` guards every attempt by address;
 * `failures` counts only failed logins per address and email, and is cleared by a success.
 */
export function authRateLimit(options: AuthRateLimitOptions, redis: SharedRedis | null): AuthRateLimit {
  const window = options.windowSeconds;
  const byAddress = createRateLimiter({ name: 'auth-address', points: options.perAddress, durationSeconds: window }, redis);
  const failures = createRateLimiter({ name: 'login-failures', points: options.failuresPerAccount, durationSeconds: window }, redis);
  const accountKey = (ip: string | undefined, email: string) => `${ip ?? 'unknown'}|${email}`;

  const admit: RequestHandler = async (req, _res, next) => {
    await byAddress.consume(req.ip ?? 'unknown').catch(tooMany);
    next();
  };

  return {
    admit,
    async checkAccount(ip: string | undefined, email: string): Promise<void> {
      const state = await failures.get(accountKey(ip, email));
      if (state && state.consumedPoints >= options.failuresPerAccount) tooMany(state);
    },
    async recordFailure(ip: string | undefined, email: string): Promise<void> {
      await failures.penalty(accountKey(ip, email), 1);
    },
    async recordSuccess(ip: string | undefined, email: string): Promise<void> {
      await failures.delete(accountKey(ip, email));
    },
  };
}
