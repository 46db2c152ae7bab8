import * as z from 'zod';

/** Version of this contract; bumped on any change a third-party client must know about. */
export const PROTOCOL_VERSION = '1.1.0';

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

/** A customer's satisfaction with a resolved conversation. */
export const ratingSchema = z.object({
  /** 1 (very unhappy) to 5 (very happy). */
  score: z.number().int().min(1).max(5),
  comment: z.string().nullable(),
  ratedAt: z.string(),
});
export type Rating = z.infer<typeof ratingSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  subject: z.string(),
  topic: topicSchema,
  status: conversationStatusSchema,
  members: z.array(memberSchema),
  createdAt: z.string(),
  /** Id of the newest message, or null while there is none. */
  lastMessageId: z.number().int().nullable(),
  /** When it last entered the queue: when it was opened, or reopened by the customer writing after it was resolved. */
  queuedAt: z.string(),
  /** When it was last resolved; null while it is open. */
  resolvedAt: z.string().nullable(),
  /** The customer's rating, once given (only a resolved conversation can be rated). */
  rating: ratingSchema.nullable(),
});
export type Conversation = z.infer<typeof conversationSchema>;

/** A conversation as the requesting user sees it in their list. */
export const conversationSummarySchema = conversationSchema.extend({
  /** Messages from other members newer than the requester's read marker. */
  unreadCount: z.number().int().nonnegative(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

export const messageKindSchema = z.enum(['text', 'call', 'system', 'file']);
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

/** A file sent in a conversation (a photo of the car, a PDF contract): the structured part of a `kind: 'file'` entry. */
export const attachmentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  /** One of `limits.attachmentContentTypes`, checked against the file's own bytes. */
  contentType: z.string(),
  sizeBytes: z.number().int().positive(),
  /** Where members download it (`GET /api/attachments/:id`, with the session cookie or bearer token). */
  url: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

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
  /** Present on `kind: 'file'` entries. */
  attachment: attachmentSchema.optional(),
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
  /** When it entered the queue; the wait is counted from here. */
  queuedAt: z.string(),
  /** 1 for the conversation waiting longest. */
  position: z.number().int().positive(),
});
export type QueueEntry = z.infer<typeof queueEntrySchema>;

/** What a customer is told about one of their waiting conversations. */
export const queuePositionSchema = z.object({
  conversationId: z.string(),
  /** 1: next in line. */
  position: z.number().int().positive(),
  /** Estimated from the recent pace of takes; null when there is too little recent history to tell. */
  estimatedWaitSeconds: z.number().int().nonnegative().nullable(),
  /** Agents online now (not away); 0 means the customer's messages wait until one comes. */
  agentsOnline: z.number().int().nonnegative(),
});
export type QueuePosition = z.infer<typeof queuePositionSchema>;

/** An agent as other agents see them when choosing whom to transfer to or invite. */
export const agentSummarySchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  status: presenceStatusSchema,
  /** Conversations this agent is a member of that are waiting or active. */
  openConversations: z.number().int().nonnegative(),
});
export type AgentSummary = z.infer<typeof agentSummarySchema>;

/** Who the customer of a conversation is, and their earlier requests: what an agent sees one click away. */
export const customerContextSchema = z.object({
  customer: z.object({
    userId: z.string(),
    displayName: z.string(),
    email: z.string(),
    /** When the account was created. */
    memberSince: z.string(),
  }),
  /** Every conversation of this customer, newest first, this one included. */
  conversations: z.array(
    z.object({
      id: z.string(),
      subject: z.string(),
      topic: topicSchema,
      status: conversationStatusSchema,
      createdAt: z.string(),
      resolvedAt: z.string().nullable(),
      rating: ratingSchema.nullable(),
    }),
  ),
});
export type CustomerContext = z.infer<typeof customerContextSchema>;

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

