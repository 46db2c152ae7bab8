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
  kind: 'text' | 'call' | 'system';
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
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessageRow = Insertable<MessagesTable>;
