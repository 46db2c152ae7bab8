import { Router } from 'express';
import type { CustomerContextResponse } from '@ycyw/protocol';
import type { CustomerContextService } from '../domain/support/customer-context-service.js';
import { sessionOf } from './authenticate.js';
import { conversationIdOf } from './path-params.js';

/** GET /api/conversations/:id/customer: who the customer is and their history, for agents. Mounted behind requireSession. */
export function customerContextRouter(customerContext: CustomerContextService): Router {
  const router = Router();
  router.get('/conversations/:id/customer', async (req, res) => {
    const context = await customerContext.forAgent(sessionOf(res).user, conversationIdOf(req.params.id));
    res.json(context satisfies CustomerContextResponse);
  });
  return router;
}
