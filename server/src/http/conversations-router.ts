import { Router } from 'express';
import {
  type ConversationResponse,
  type ConversationsResponse,
  createConversationBodySchema,
  messagesQuerySchema,
  type MessagesResponse,
} from '@ycyw/protocol';
import type { ConversationService } from '../domain/conversations/conversation-service.js';
import { parseInput } from '../parse-input.js';
import { sessionOf } from './authenticate.js';
import { conversationIdOf } from './path-params.js';

/** /api/conversations: the caller's conversations and their history. Mounted behind requireSession. */
export function conversationsRouter(conversations: ConversationService): Router {
  const router = Router();

  router.get('/conversations', async (_req, res) => {
    const list = await conversations.list(sessionOf(res).user);
    res.json({ conversations: list } satisfies ConversationsResponse);
  });

  router.post('/conversations', async (req, res) => {
    const conversation = await conversations.open(sessionOf(res).user, parseInput(createConversationBodySchema, req.body));
    res.status(201).json({ conversation } satisfies ConversationResponse);
  });

  router.get('/conversations/:id', async (req, res) => {
    const conversation = await conversations.get(sessionOf(res).user, conversationIdOf(req.params.id));
    res.json({ conversation } satisfies ConversationResponse);
  });

  router.get('/conversations/:id/messages', async (req, res) => {
    const query = parseInput(messagesQuerySchema, req.query);
    const page = await conversations.messages(sessionOf(res).user, conversationIdOf(req.params.id), query);
    res.json(page satisfies MessagesResponse);
  });

  return router;
}
