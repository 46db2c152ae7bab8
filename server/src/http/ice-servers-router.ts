import { Router } from 'express';
import type { IceServersResponse } from '@ycyw/protocol';
import type { IceServerIssuer } from '../domain/calls/ice-server-issuer.js';
import { sessionOf } from './authenticate.js';

/** GET /api/ice-servers: STUN/TURN with per-user, short-lived TURN credentials. Behind requireSession. */
export function iceServersRouter(issuer: IceServerIssuer): Router {
  const router = Router();
  router.get('/ice-servers', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(issuer.issueFor(sessionOf(res).user.id) satisfies IceServersResponse);
  });
  return router;
}
