import { afterEach, describe, expect, it } from 'vitest';
import { TestServer } from '../test-support/test-app.js';

describe('brute-force brakes on the auth endpoints', () => {
  let server: TestServer | undefined;
  afterEach(() => server?.stop());

  it('after too many failed logins for one email, even the right password is refused with 429 rate_limited', async () => {
    server = await TestServer.start('sqlite', { LOGIN_FAILURES_PER_ACCOUNT: '3' });
    const customer = await server.registerCustomer('Target');
    const login = (password: string) =>
      server!.request('POST', '/api/auth/login', { body: { email: customer.user.email, password } });

    for (let attempt = 0; attempt < 3; attempt++) expect((await login('wrong password')).status).toBe(401);
    const blocked = await login(customer.password);

    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    const other = await server.registerCustomer('Someone else');
    expect((await server.request('POST', '/api/auth/login', { body: { email: other.user.email, password: other.password } })).status).toBe(200);
  });

  it('a successful login clears the failure count', async () => {
    server = await TestServer.start('sqlite', { LOGIN_FAILURES_PER_ACCOUNT: '3' });
    const customer = await server.registerCustomer('Forgetful');
    const login = (password: string) =>
      server!.request('POST', '/api/auth/login', { body: { email: customer.user.email, password } });

    for (let round = 0; round < 3; round++) {
      expect((await login('wrong password')).status).toBe(401);
      expect((await login('wrong password')).status).toBe(401);
      expect((await login(customer.password)).status).toBe(200);
    }
  });

  it('one address may make only so many register and login attempts in the window', async () => {
    server = await TestServer.start('sqlite', { AUTH_ATTEMPTS_PER_ADDRESS: '4' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await server.request('POST', '/api/auth/login', { body: { email: 'nobody@example.test', password: 'whatever1' } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});
