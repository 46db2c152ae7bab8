import { create as contentDisposition } from 'content-disposition';
import { Router } from 'express';
import { transcriptQuerySchema, type TranscriptResponse } from '@ycyw/protocol';
import type { TranscriptService } from '../domain/conversations/transcript-service.js';
import { transcriptFileName, transcriptText } from '../domain/conversations/transcript-text.js';
import { parseInput } from '../parse-input.js';
import { sessionOf } from './authenticate.js';
import { conversationIdOf } from './path-params.js';

/** GET /api/conversations/:id/transcript?format=json|txt, for members. Mounted behind requireSession. */
export function transcriptRouter(transcripts: TranscriptService): Router {
  const router = Router();
  router.get('/conversations/:id/transcript', async (req, res) => {
    const { format } = parseInput(transcriptQuerySchema, req.query);
    const transcript = await transcripts.export(sessionOf(res).user, conversationIdOf(req.params.id));
    if (format === 'json') {
      res.json(transcript satisfies TranscriptResponse);
      return;
    }
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition(transcriptFileName(transcript)));
    res.send(transcriptText(transcript));
  });
  return router;
}
