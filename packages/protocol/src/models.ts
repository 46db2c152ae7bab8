import * as z from 'zod';

/** Version of this contract; bumped on any change a third-party client must know about. */
export const PROTOCOL_VERSION = '1.0.0';

export const roleSchema = z.enum(['customer', 'agent']);
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type User = z.infer<typeof userSchema>;

export const topics = ['reservation', 'billing', 'vehicle', 'account', 'other'] as const;
export const topicSchema = z.enum(topics);
export type Topic = z.infer<typeof topicSchema>;

export const conversationStatusSchema = z.enum(['waiting', 'active', 'resolved']);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

export const memberSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: roleSchema,
  /** Highest message id this member has marked read, or null before the first read marker. */
  lastReadMessageId: z.number().int().nullable(),
});
export type Member = z.infer<typeof memberSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  subject: z.string(),
  topic: topicSchema,
  status: conversationStatusSchema,
  members: z.array(memberSchema),
  createdAt: z.string(),
  /** Id of the newest message, or null while there is none. */
  lastMessageId: z.number().int().nullable(),
});
export type Conversation = z.infer<typeof conversationSchema>;

/** A conversation as the requesting user sees it in their list. */
export const conversationSummarySchema = conversationSchema.extend({
  /** Messages from other members newer than the requester's read marker. */
  unreadCount: z.number().int().nonnegative(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

export const messageKindSchema = z.enum(['text', 'call', 'system']);
export type MessageKind = z.infer<typeof messageKindSchema>;

export const messageIdSchema = z.number().int().positive();

export const callMediaSchema = z.enum(['audio', 'video']);
export type CallMedia = z.infer<typeof callMediaSchema>;

/** How a call ended, as the conversation timeline shows it. */
export const callOutcomeSchema = z.enum(['answered', 'missed', 'declined', 'cancelled']);
export type CallOutcome = z.infer<typeof callOutcomeSchema>;

/** The structured part of a `kind: 'call'` timeline entry. */
export const callSummarySchema = z.object({
  callId: z.string(),
  media: callMediaSchema,
  outcome: callOutcomeSchema,
  /** userId of the member who started the call. */
  startedBy: z.string(),
  /** From the first answer to the end; null when nobody answered. */
  durationSeconds: z.number().int().nonnegative().nullable(),
  /** Display names of everyone who joined, the caller included. */
  joined: z.array(z.string()),
});
export type CallSummary = z.infer<typeof callSummarySchema>;

export const messageSchema = z.object({
  /** Server-assigned; orders the messages of a conversation. */
  id: messageIdSchema,
  conversationId: z.string(),
  senderId: z.string(),
  senderName: z.string(),
  clientMessageId: z.string(),
  kind: messageKindSchema,
  /** For text, what the sender wrote; for other kinds, a readable summary (e.g. "Video call, 2 min 5 s"). */
  body: z.string(),
  createdAt: z.string(),
  /** Present on `kind: 'call'` entries. */
  call: callSummarySchema.optional(),
});
export type Message = z.infer<typeof messageSchema>;

export const presenceStatusSchema = z.enum(['online', 'away', 'offline']);
export type PresenceStatus = z.infer<typeof presenceStatusSchema>;

export const queueEntrySchema = z.object({
  conversationId: z.string(),
  subject: z.string(),
  topic: topicSchema,
  customer: z.object({ userId: z.string(), displayName: z.string() }),
  createdAt: z.string(),
  /** 1 for the oldest waiting conversation. */
  position: z.number().int().positive(),
});
export type QueueEntry = z.infer<typeof queueEntrySchema>;

export const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

export const callStatusSchema = z.enum(['ringing', 'active', 'ended']);
export type CallStatus = z.infer<typeof callStatusSchema>;

export const participantStateSchema = z.enum(['ringing', 'joined', 'declined', 'missed', 'busy', 'left']);
export type ParticipantState = z.infer<typeof participantStateSchema>;

export const callParticipantSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  state: participantStateSchema,
  /** The device (tab) that joined, once joined. */
  deviceId: z.string().optional(),
});
export type CallParticipant = z.infer<typeof callParticipantSchema>;

export const callSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  media: callMediaSchema,
  status: callStatusSchema,
  startedBy: z.string(),
  participants: z.array(callParticipantSchema),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type Call = z.infer<typeof callSchema>;

