import { Router } from 'express';
import { sql } from 'kysely';
import type { Db } from '../storage/database.js';

/**
 * /healthz: the process is alive. /readyz: it should get traffic — the database answers and it is
 * not shutting down (a load balancer drains it as soon as this turns 503).
 */
export function healthRouter(deps: { db: Db; isShuttingDown: () => boolean }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (deps.isShuttingDown()) {
      res.status(503).json({ status: 'shutting_down' });
      return;
    }
    try {
      await sql`select 1`.execute(deps.db);
      res.json({ status: 'ready', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return router;
}
