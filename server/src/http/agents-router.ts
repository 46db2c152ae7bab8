import { Router } from 'express';
import type { AgentsResponse } from '@ycyw/protocol';
import type { AgentAvailability } from '../domain/support/agent-availability.js';
import { sessionOf } from './authenticate.js';

/** GET /api/agents: every agent with their presence, for agents choosing whom to transfer to or invite. */
export function agentsRouter(availability: AgentAvailability): Router {
  const router = Router();
  router.get('/agents', async (_req, res) => {
    res.json({ agents: await availability.agentsFor(sessionOf(res).user) } satisfies AgentsResponse);
  });
  return router;
}
