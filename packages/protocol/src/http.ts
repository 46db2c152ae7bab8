import * as z from 'zod';
import { limits } from './limits.js';
import {
  agentSummarySchema,
  conversationSchema,
  customerContextSchema,
  conversationSummarySchema,
  iceServerSchema,
  messageIdSchema,
  messageSchema,
  queueEntrySchema,
  queuePositionSchema,
  topicSchema,
  userSchema,
} from './models.js';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(limits.emailMaxChars)
  .pipe(z.email({ message: 'must be an email address' }));

const password = z.string().min(limits.passwordMinChars).max(limits.passwordMaxChars);

/** POST /api/auth/register */
export const registerBodySchema = z.object({
  email,
  password,
  displayName: z.string().trim().min(1).max(limits.displayNameMaxChars),
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

/** POST /api/auth/login. The password is not length-checked so a bad one reads as invalid_credentials. */
export const loginBodySchema = z.object({
  email,
  password: z.string().min(1).max(limits.passwordMaxChars),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

/** 201 from register, 200 from login. */
export const authResponseSchema = z.object({ user: userSchema, token: z.string() });
export type AuthResponse = z.infer<typeof authResponseSchema>;

/** GET /api/me */
export const meResponseSchema = z.object({ user: userSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;

/** POST /api/conversations */
export const createConversationBodySchema = z.object({
  subject: z.string().trim().min(1).max(limits.subjectMaxChars),
  topic: topicSchema,
});
export type CreateConversationBody = z.infer<typeof createConversationBodySchema>;

/** 201 from POST /api/conversations, 200 from GET /api/conversations/:id */
export const conversationResponseSchema = z.object({ conversation: conversationSchema });
export type ConversationResponse = z.infer<typeof conversationResponseSchema>;

/** GET /api/conversations */
export const conversationsResponseSchema = z.object({ conversations: z.array(conversationSummarySchema) });
export type ConversationsResponse = z.infer<typeof conversationsResponseSchema>;

/**
 * GET /api/conversations/:id/messages query. `before` pages backwards from a message id, `after` forwards
 * (the catch-up after a reconnect); with neither, the newest page.
 */
export const messagesQuerySchema = z
  .object({
    before: z.coerce.number().pipe(messageIdSchema).optional(),
    after: z.coerce.number().int().nonnegative().optional(),
    limit: z.coerce.number().int().min(1).max(limits.historyPageMax).default(limits.historyPageDefault),
  })
  .refine((q) => q.before === undefined || q.after === undefined, {
    message: 'use either before or after, not both',
  });
export type MessagesQuery = z.input<typeof messagesQuerySchema>;

/** A page is in ascending id order; hasMore says whether more exist in the paging direction. */
export const messagesResponseSchema = z.object({ messages: z.array(messageSchema), hasMore: z.boolean() });
export type MessagesResponse = z.infer<typeof messagesResponseSchema>;

/** GET /api/queue (agents only): the waiting conversations, oldest first. */
export const queueResponseSchema = z.object({ queue: z.array(queueEntrySchema) });
export type QueueResponse = z.infer<typeof queueResponseSchema>;

/** GET /api/ice-servers */
export const iceServersResponseSchema = z.object({
  iceServers: z.array(iceServerSchema),
  /** How long the TURN credentials stay valid; fetch again before then. */
  ttlSeconds: z.number().int().nonnegative(),
});
export type IceServersResponse = z.infer<typeof iceServersResponseSchema>;

/** GET /api/conversations/:id/queue-position (the customer, while the conversation waits). */
export const queuePositionResponseSchema = z.object({ queuePosition: queuePositionSchema });
export type QueuePositionResponse = z.infer<typeof queuePositionResponseSchema>;

/** GET /api/agents (agents only): every agent with their presence, to choose whom to transfer to or invite. */
export const agentsResponseSchema = z.object({ agents: z.array(agentSummarySchema) });
export type AgentsResponse = z.infer<typeof agentsResponseSchema>;

/** GET /api/conversations/:id/customer (agents only) */
export const customerContextResponseSchema = customerContextSchema;
export type CustomerContextResponse = z.infer<typeof customerContextResponseSchema>;

/** GET /api/conversations/:id/transcript query. */
export const transcriptQuerySchema = z.object({ format: z.enum(['txt', 'json']).default('json') });
export type TranscriptQuery = z.input<typeof transcriptQuerySchema>;

/** GET /api/conversations/:id/transcript?format=json: the conversation and its whole timeline, calls included. */
export const transcriptResponseSchema = z.object({
  conversation: conversationSchema,
  messages: z.array(messageSchema),
  exportedAt: z.string(),
});
export type TranscriptResponse = z.infer<typeof transcriptResponseSchema>;

/**
 * POST /api/conversations/:id/attachments?fileName=&clientMessageId= — the request body is the file itself,
 * with its Content-Type. 201 `{ message }` (a `kind: 'file'` entry); idempotent on clientMessageId like message:send.
 */
export const attachmentQuerySchema = z.object({
  fileName: z.string().trim().min(1).max(limits.fileNameMaxChars),
  clientMessageId: z.string().min(1).max(limits.clientMessageIdMaxChars),
});
export type AttachmentQuery = z.infer<typeof attachmentQuerySchema>;

export const messageResponseSchema = z.object({ message: messageSchema });
export type MessageResponse = z.infer<typeof messageResponseSchema>;

/** GET /api/desk/stats (agents only): how satisfied customers are. */
export const deskStatsResponseSchema = z.object({
  ratings: z.object({
    /** Mean score of every rated conversation; null before the first rating. */
    average: z.number().nullable(),
    count: z.number().int().nonnegative(),
  }),
});
export type DeskStatsResponse = z.infer<typeof deskStatsResponseSchema>;
