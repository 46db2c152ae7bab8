import { Router } from 'express';
import { sql } from 'kysely';
import type { Db } from '../storage/database.js';

const CHECK_TIMEOUT_MS = 2000;

/** Resolves 'ok' or 'unreachable' within the timeout. */
async function probe(check: () => Promise<unknown>): Promise<'ok' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * /healthz: the process is alive. /readyz: it should get traffic — the database (and Redis, with
 * several nodes) answer and it is not shutting down (a load balancer drains it as soon as this is 503).
 */
export function healthRouter(deps: {
  db: Db;
  isShuttingDown: () => boolean;
  pingRedis: (() => Promise<unknown>) | null;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (deps.isShuttingDown()) {
      res.status(503).json({ status: 'shutting_down' });
      return;
    }
    const [database, redis] = await Promise.all([
      probe(() => sql`select 1`.execute(deps.db)),
      deps.pingRedis ? probe(deps.pingRedis) : Promise.resolve(undefined),
    ]);
    const ready = database === 'ok' && (redis === undefined || redis === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', database, ...(redis && { redis }) });
  });
  return router;
}
