import { Router } from 'express';
import type { QueueResponse } from '@ycyw/protocol';
import type { QueueService } from '../domain/support/queue-service.js';
import { sessionOf } from './authenticate.js';

/** GET /api/queue: the waiting customers, for agents. Mounted behind requireSession. */
export function queueRouter(queue: QueueService): Router {
  const router = Router();
  router.get('/queue', async (_req, res) => {
    res.json({ queue: await queue.queueFor(sessionOf(res).user) } satisfies QueueResponse);
  });
  return router;
}
