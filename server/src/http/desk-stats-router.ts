import { Router } from 'express';
import type { DeskStatsResponse } from '@ycyw/protocol';
import type { RatingService } from '../domain/support/rating-service.js';
import { sessionOf } from './authenticate.js';

/** GET /api/desk/stats: how satisfied customers are, for agents. Mounted behind requireSession. */
export function deskStatsRouter(ratings: RatingService): Router {
  const router = Router();
  router.get('/desk/stats', async (_req, res) => {
    res.json({ ratings: await ratings.stats(sessionOf(res).user) } satisfies DeskStatsResponse);
  });
  return router;
}
