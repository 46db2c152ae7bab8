import type { Generated, Insertable, Selectable } from 'kysely';

// Timestamps are ISO-8601 UTC strings in both dialects: they sort as text and need no per-driver parsing.

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  role: 'customer' | 'agent';
  created_at: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ConversationsTable {
  id: string;
  customer_id: string;
  subject: string;
  topic: 'reservation' | 'billing' | 'vehicle' | 'account' | 'other';
  status: 'waiting' | 'active' | 'resolved';
  created_at: string;
  updated_at: string;
  last_message_id: number | null;
  /** Filled for every row by migration 0003 and by every insert. */
  queued_at: string;
  resolved_at: string | null;
  offline_notice_at: string | null;
  rating_score: number | null;
  rating_comment: string | null;
  rated_at: string | null;
}

export interface QueueTakesTable {
  conversation_id: string;
  agent_id: string;
  queued_at: string;
  taken_at: string;
}

export interface AttachmentsTable {
  id: string;
  conversation_id: string;
  uploader_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  storage_key: string;
  created_at: string;
}

export interface ConversationMembersTable {
  conversation_id: string;
  user_id: string;
  joined_at: string;
  last_read_message_id: number | null;
}

export interface MessagesTable {
  id: Generated<number>;
  conversation_id: string;
  sender_id: string;
  client_message_id: string;
  kind: 'text' | 'call' | 'system' | 'file';
  body: string;
  created_at: string;
  /** JSON with the structured part of non-text entries, e.g. `{"call": {...}}`; null for text. */
  meta: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  conversations: ConversationsTable;
  conversation_members: ConversationMembersTable;
  messages: MessagesTable;
  queue_takes: QueueTakesTable;
  attachments: AttachmentsTable;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
export type NewMessageRow = Insertable<MessagesTable>;
