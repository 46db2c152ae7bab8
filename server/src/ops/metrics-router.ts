import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { ServerMetrics } from './metrics.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** GET /metrics in the Prometheus text format; behind a bearer token when METRICS_TOKEN is set. */
export function metricsRouter(metrics: ServerMetrics, token: string | null): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (token !== null && !sameSecret(req.get('authorization') ?? '', `Bearer ${token}`)) {
      res.status(401).json({ error: { code: 'unauthorized', message: 'Metrics need the bearer token' } });
      return;
    }
    res.set('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
