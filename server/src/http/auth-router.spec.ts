import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '@ycyw/protocol';
import { disconnected, sleep, TestServer } from '../test-support/test-app.js';
import { testDialects } from '../test-support/test-databases.js';

const uniqueEmail = () => `${randomUUID()}@example.test`;
const sessionCookie = (token: string) => ({ cookie: `ycyw_session=${token}` });

/** Every error body is exactly `{error: {code, message}}`, with a message for people and no stack trace. */
function expectError(response: { status: number; body: any }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
  expect(response.body.error.message).not.toMatch(/\n\s+at |node_modules|\.[jt]s:\d+/);
}

describe.each(testDialects)('auth endpoints (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(dialect);
  });
  afterAll(() => server?.stop());

  describe('POST /api/auth/register', () => {
    it('creates a customer, returns the user and a token, and sets an httpOnly SameSite=Lax session cookie', async () => {
      const email = uniqueEmail();
      const response = await server.request('POST', '/api/auth/register', {
        body: { email, password: 'long enough password', displayName: 'Camille' },
      });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        user: { id: expect.any(String), email, displayName: 'Camille', role: 'customer' },
        token: expect.any(String),
      });
      const [cookie, ...others] = response.headers.getSetCookie();
      expect(others).toEqual([]);
      expect(cookie).toMatch(new RegExp(`^ycyw_session=${response.body.token};`));
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      expect(cookie).toMatch(/;\s*Path=\//i);
    });

    it('never makes an agent, even when the body asks for that role', async () => {
      const response = await server.request('POST', '/api/auth/register', {
        body: { email: uniqueEmail(), password: 'long enough password', displayName: 'Mallory', role: 'agent' },
      });

      expect(response.status).toBe(201);
      expect(response.body.user.role).toBe('customer');
    });

    it('refuses an email that is already registered, whatever its case, with 409 email_taken', async () => {
      const local = randomUUID();
      const first = await server.request('POST', '/api/auth/register', {
        body: { email: `${local}@Example.test`, password: 'long enough password', displayName: 'One' },
      });
      const second = await server.request('POST', '/api/auth/register', {
        body: { email: ` ${local.toUpperCase()}@EXAMPLE.TEST `, password: 'another password', displayName: 'Two' },
      });

      expect(first.status).toBe(201);
      expect(first.body.user.email).toBe(`${local}@example.test`);
      expectError(second, 409, 'email_taken');
    });

    it.each([
      ['a missing email', { password: 'long enough password', displayName: 'X' }, 'email'],
      ['a missing password', { email: 'x@example.test', displayName: 'X' }, 'password'],
      ['a missing display name', { email: 'x@example.test', password: 'long enough password' }, 'displayName'],
      ['a password shorter than 8 characters', { email: 'x@example.test', password: 'short', displayName: 'X' }, 'password'],
      ['an invalid email', { email: 'not-an-email', password: 'long enough password', displayName: 'X' }, 'email'],
      ['fields of the wrong type', { email: 42, password: ['long enough password'], displayName: { name: 'X' } }, 'email'],
      ['a blank display name', { email: 'x@example.test', password: 'long enough password', displayName: '   ' }, 'displayName'],
      ['a NUL character in the display name', { email: 'x@example.test', password: 'long enough password', displayName: 'A\u0000B' }, 'displayName'],
    ])('answers 400 invalid_payload naming the field for %s', async (_case, body, field) => {
      const response = await server.request('POST', '/api/auth/register', { body });

      expectError(response, 400, 'invalid_payload');
      expect(response.body.error.message).toContain(field);
    });

    it.each([
      ['a body that is not JSON', '{"email": "x@example.test", "password": '],
      ['a JSON array', '[1, 2, 3]'],
      ['a bare JSON string', '"hello"'],
    ])('answers 400 invalid_payload for %s sent as application/json', async (_case, raw) => {
      const response = await server.request('POST', '/api/auth/register', { body: raw });

      expectError(response, 400, 'invalid_payload');
    });

    it('answers 400 invalid_payload for a body that is not sent as JSON at all', async () => {
      const response = await server.request('POST', '/api/auth/register', {
        body: JSON.stringify({ email: uniqueEmail(), password: 'long enough password', displayName: 'X' }),
        headers: { 'content-type': 'text/plain' },
      });

      expectError(response, 400, 'invalid_payload');
    });

    it('answers 413 payload_too_large for a body over 64 KiB', async () => {
      const body = { email: uniqueEmail(), password: 'long enough password', displayName: 'x'.repeat(limits.maxPayloadBytes) };

      const response = await server.request('POST', '/api/auth/register', { body });

      expectError(response, 413, 'payload_too_large');
    });
  });

  describe('POST /api/auth/login', () => {
    it('opens a new session for the right password, whatever the case of the email, and sets the cookie', async () => {
      const customer = await server.registerCustomer('Léa');

      const response = await server.request('POST', '/api/auth/login', {
        body: { email: customer.user.email.toUpperCase(), password: customer.password },
      });

      expect(response.status).toBe(200);
      expect(response.body.user).toEqual(customer.user);
      expect(response.body.token).not.toBe(customer.token);
      expect(response.headers.getSetCookie()[0]).toMatch(new RegExp(`^ycyw_session=${response.body.token};`));
      const me = await server.request('GET', '/api/me', { token: response.body.token });
      expect(me.body.user).toEqual(customer.user);
    });

    it('answers 401 invalid_credentials with the same message for a wrong password and an unknown email', async () => {
      const customer = await server.registerCustomer();

      const wrongPassword = await server.request('POST', '/api/auth/login', {
        body: { email: customer.user.email, password: 'not the password' },
      });
      const unknownEmail = await server.request('POST', '/api/auth/login', {
        body: { email: uniqueEmail(), password: customer.password },
      });
      const shortPassword = await server.request('POST', '/api/auth/login', {
        body: { email: customer.user.email, password: 'short' },
      });

      expectError(wrongPassword, 401, 'invalid_credentials');
      expectError(unknownEmail, 401, 'invalid_credentials');
      expectError(shortPassword, 401, 'invalid_credentials');
      expect(unknownEmail.body).toEqual(wrongPassword.body);
      expect(shortPassword.body).toEqual(wrongPassword.body);
      expect(wrongPassword.headers.getSetCookie()).toEqual([]);
    });

    it('answers 400 invalid_payload for a login body without a password', async () => {
      const response = await server.request('POST', '/api/auth/login', { body: { email: uniqueEmail() } });

      expectError(response, 400, 'invalid_payload');
    });
  });

  describe('GET /api/me', () => {
    it('returns the user of a Bearer token', async () => {
      const customer = await server.registerCustomer('Bearer Ben');

      const response = await server.request('GET', '/api/me', { token: customer.token });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ user: customer.user });
    });

    it('returns the user of the session cookie alone', async () => {
      const customer = await server.registerCustomer('Cookie Chloé');

      const response = await server.request('GET', '/api/me', { headers: sessionCookie(customer.token) });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ user: customer.user });
    });

    it.each([
      ['no token', {}],
      ['a garbage Bearer token', { authorization: 'Bearer not-a-real-token' }],
      ['a garbage session cookie', sessionCookie('not-a-real-token')],
      ['a malformed Authorization header', { authorization: 'Basic dXNlcjpwYXNz' }],
    ])('answers 401 unauthorized with %s', async (_case, headers) => {
      const response = await server.request('GET', '/api/me', { headers });

      expectError(response, 401, 'unauthorized');
    });
  });

  describe('POST /api/auth/logout', () => {
    it('answers 204, clears the cookie, and the token is refused afterwards', async () => {
      const customer = await server.registerCustomer();

      const response = await server.request('POST', '/api/auth/logout', { token: customer.token });

      expect(response.status).toBe(204);
      expect(response.headers.getSetCookie()[0]).toMatch(/^ycyw_session=;.*Expires=Thu, 01 Jan 1970/i);
      expectError(await server.request('GET', '/api/me', { token: customer.token }), 401, 'unauthorized');
      expectError(await server.request('GET', '/api/me', { headers: sessionCookie(customer.token) }), 401, 'unauthorized');
      expect(await server.connectError({ token: customer.token })).toBe('unauthorized');
    });

    it("disconnects that session's sockets and leaves another session of the same user connected", async () => {
      const customer = await server.registerCustomer();
      const otherSession = await server.login(customer);
      const loggedOutTab1 = await server.connect(customer);
      const loggedOutTab2 = await server.connect(customer);
      const otherTab = await server.connect(otherSession);
      const closed = [disconnected(loggedOutTab1), disconnected(loggedOutTab2)];

      const response = await server.request('POST', '/api/auth/logout', { token: customer.token });

      expect(response.status).toBe(204);
      expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
      await sleep(100);
      expect(otherTab.connected).toBe(true);
      expect(await otherTab.emitWithAck('presence:set', { status: 'online' })).toEqual({ ok: true });
      expect((await server.request('GET', '/api/me', { token: otherSession.token })).status).toBe(200);
    });

    it('logs out with the session cookie when the request comes from the server’s own origin', async () => {
      const customer = await server.registerCustomer();

      const response = await server.request('POST', '/api/auth/logout', {
        headers: { ...sessionCookie(customer.token), origin: server.baseUrl },
      });

      expect(response.status).toBe(204);
      expect((await server.request('GET', '/api/me', { token: customer.token })).status).toBe(401);
    });
  });

  describe('cross-site requests', () => {
    it('refuses a cookie-authenticated POST from a foreign Origin with 403 forbidden and changes nothing', async () => {
      const customer = await server.registerCustomer();

      const logout = await server.request('POST', '/api/auth/logout', {
        headers: { ...sessionCookie(customer.token), origin: 'https://evil.example' },
      });
      const open = await server.request('POST', '/api/conversations', {
        body: { subject: 'Planted', topic: 'other' },
        headers: { ...sessionCookie(customer.token), origin: 'https://evil.example' },
      });

      expectError(logout, 403, 'forbidden');
      expectError(open, 403, 'forbidden');
      expect((await server.request('GET', '/api/me', { token: customer.token })).status).toBe(200);
      const list = await server.request('GET', '/api/conversations', { token: customer.token });
      expect(list.body.conversations).toEqual([]);
    });

    it('accepts a Bearer-authenticated POST whatever its Origin, since no browser attaches a Bearer token by itself', async () => {
      const customer = await server.registerCustomer();

      const response = await server.request('POST', '/api/conversations', {
        token: customer.token,
        body: { subject: 'From the partner site', topic: 'other' },
        headers: { origin: 'https://partner.example' },
      });

      expect(response.status).toBe(201);
    });
  });

  describe('unknown endpoints', () => {
    it('answer 404 not_found in the API error shape', async () => {
      const customer = await server.registerCustomer();

      const unknownPath = await server.request('GET', '/api/nothing-here', { token: customer.token });
      const unknownMethod = await server.request('DELETE', '/api/me', { token: customer.token });

      expectError(unknownPath, 404, 'not_found');
      expectError(unknownMethod, 404, 'not_found');
      expect(unknownPath.headers.get('content-type')).toMatch(/^application\/json/);
    });
  });
});
