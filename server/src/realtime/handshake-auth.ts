import { randomUUID } from 'node:crypto';
import type { AccountService } from '../domain/accounts/account-service.js';
import { tokenFromCookieHeader } from '../http/session-cookie.js';
import type { Logger } from '../logger.js';
import type { IoSocket } from './socket-types.js';

/**
 * socket.io middleware: every handshake, recovered ones included, must carry a live session, from
 * `auth.token` or the web client's session cookie. Fails with the message `unauthorized`.
 */
export function handshakeAuth(accounts: AccountService, logger: Logger) {
  return async (socket: IoSocket, next: (error?: Error) => void) => {
    try {
      const authToken: unknown = socket.handshake.auth?.token;
      const token =
        typeof authToken === 'string' && authToken.length > 0
          ? authToken
          : tokenFromCookieHeader(socket.handshake.headers.cookie);
      const session = token ? await accounts.authenticate(token) : undefined;
      if (!session) return next(new Error('unauthorized'));
      // A recovered socket keeps its data, so it keeps its device id; but it must still be this user's.
      if (socket.recovered && socket.data.user?.id !== session.user.id) return next(new Error('unauthorized'));
      socket.data.user = session.user;
      socket.data.sessionId = session.sessionId;
      socket.data.deviceId ??= randomUUID();
      next();
    } catch (error) {
      logger.error({ err: error, socketId: socket.id }, 'handshake authentication failed');
      next(new Error('internal'));
    }
  };
}
