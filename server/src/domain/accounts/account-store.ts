import type { Role, User } from '@ycyw/protocol';

export interface StoredUser extends User {
  passwordHash: string;
  createdAt: string;
}

/** An agent as colleagues see them. */
export interface AgentAccount {
  id: string;
  displayName: string;
}

export interface StoredSession {
  id: string;
  userId: string;
  expiresAt: string;
}

/** Persistence the account service needs. */
export interface AccountStore {
  /** Returns false when the email is already registered. */
  insertUser(user: StoredUser): Promise<boolean>;
  findUserByEmail(email: string): Promise<StoredUser | undefined>;
  findUserById(id: string): Promise<StoredUser | undefined>;
  /** Every agent account (the desk is small: tens of agents, not thousands). */
  listAgents(): Promise<AgentAccount[]>;
  insertSession(session: StoredSession & { tokenHash: string; createdAt: string }): Promise<void>;
  /** The session with that token hash, with its user, if it has not expired at `now`. */
  findLiveSession(tokenHash: string, now: string): Promise<{ session: StoredSession; user: StoredUser } | undefined>;
  deleteSession(id: string): Promise<void>;
  deleteExpiredSessions(now: string): Promise<number>;
}

export type NewUserInput = { email: string; password: string; displayName: string; role: Role };
