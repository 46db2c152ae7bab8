import { Router } from 'express';
import { conversationRefSchema, type QueuePositionResponse, type QueueResponse } from '@ycyw/protocol';
import type { QueueService } from '../domain/support/queue-service.js';
import { parseInput } from '../parse-input.js';
import { sessionOf } from './authenticate.js';

/**
 * GET /api/queue: the waiting customers, for agents; GET /api/conversations/:id/queue-position: a
 * customer's place in it. Mounted behind requireSession.
 */
export function queueRouter(queue: QueueService): Router {
  const router = Router();
  router.get('/queue', async (_req, res) => {
    res.json({ queue: await queue.queueFor(sessionOf(res).user) } satisfies QueueResponse);
  });
  router.get('/conversations/:id/queue-position', async (req, res) => {
    const { conversationId } = parseInput(conversationRefSchema, { conversationId: req.params.id });
    res.json({ queuePosition: await queue.positionFor(sessionOf(res).user, conversationId) } satisfies QueuePositionResponse);
  });
  return router;
}
