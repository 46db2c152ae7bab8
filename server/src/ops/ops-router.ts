import { Router } from 'express';
import type { Db } from '../storage/database.js';
import { healthRouter } from './health-router.js';
import type { ServerMetrics } from './metrics.js';
import { metricsRouter } from './metrics-router.js';

/** The operator's endpoints: /healthz, /readyz, /metrics. */
export function opsRouter(deps: {
  db: Db;
  isShuttingDown: () => boolean;
  pingRedis: (() => Promise<unknown>) | null;
  metrics: ServerMetrics;
  metricsToken: string | null;
}): Router {
  const router = Router();
  router.use(healthRouter(deps));
  router.use(metricsRouter(deps.metrics, deps.metricsToken));
  return router;
}
