import * as z from 'zod';
import { limits } from './limits.js';
import {
  conversationSchema,
  conversationSummarySchema,
  iceServerSchema,
  messageIdSchema,
  messageSchema,
  queueEntrySchema,
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
