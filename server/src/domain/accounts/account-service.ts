import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { RegisterBody, Role, User } from '@ycyw/protocol';
import type { Clock } from '../clock.js';
import { DomainError } from '../domain-error.js';
import type { AccountStore, StoredUser } from './account-store.js';
import type { PasswordHasher } from './password-hasher.js';

export interface AuthenticatedSession {
  user: User;
  sessionId: string;
}

export interface IssuedSession extends AuthenticatedSession {
  /** The bearer token; only its hash is stored. */
  token: string;
  expiresAt: Date;
}

/** Tokens are stored as SHA-256 hashes: a leaked database does not leak usable sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toUser(stored: StoredUser): User {
  return { id: stored.id, email: stored.email, displayName: stored.displayName, role: stored.role };
}

export class AccountService {
  readonly #store: AccountStore;
  readonly #hasher: PasswordHasher;
  readonly #clock: Clock;
  readonly #onSessionRevoked: (sessionId: string) => void;
  readonly #sessionTtlMs: number;

  constructor(deps: {
    store: AccountStore;
    hasher: PasswordHasher;
    clock: Clock;
    /** Disconnects the sockets opened with a session that was just revoked. */
    onSessionRevoked: (sessionId: string) => void;
    sessionTtlMs: number;
  }) {
    this.#store = deps.store;
    this.#hasher = deps.hasher;
    this.#clock = deps.clock;
    this.#onSessionRevoked = deps.onSessionRevoked;
    this.#sessionTtlMs = deps.sessionTtlMs;
  }

  /** Creates a user (a customer unless `role` says otherwise); email_taken if the email exists. */
  async createUser(input: RegisterBody, role: Role = 'customer'): Promise<User> {
    const stored: StoredUser = {
      id: randomUUID(),
      email: input.email,
      displayName: input.displayName,
      role,
      passwordHash: await this.#hasher.hash(input.password),
      createdAt: this.#clock.now().toISOString(),
    };
    if (!(await this.#store.insertUser(stored))) {
      throw new DomainError('email_taken', 'An account with this email already exists');
    }
    return toUser(stored);
  }

  /** Registers a customer and opens a session for them. */
  async register(input: RegisterBody): Promise<IssuedSession> {
    const user = await this.createUser(input);
    return this.#openSession(user);
  }

  /** Opens a session; unknown email and wrong password fail alike with invalid_credentials. */
  async login(email: string, password: string): Promise<IssuedSession> {
    const stored = await this.#store.findUserByEmail(email);
    const valid = await this.#hasher.verify(stored?.passwordHash, password);
    if (!stored || !valid) throw new DomainError('invalid_credentials', 'Email or password is incorrect');
    return this.#openSession(toUser(stored));
  }

  /** The session a token belongs to, or undefined if it is unknown, revoked or expired. */
  async authenticate(token: string): Promise<AuthenticatedSession | undefined> {
    const found = await this.#store.findLiveSession(hashToken(token), this.#clock.now().toISOString());
    return found && { user: toUser(found.user), sessionId: found.session.id };
  }

  /** Revokes the session and disconnects every socket opened with it. */
  async logout(sessionId: string): Promise<void> {
    await this.#store.deleteSession(sessionId);
    this.#onSessionRevoked(sessionId);
  }

  async #openSession(user: User): Promise<IssuedSession> {
    const now = this.#clock.now();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.#sessionTtlMs);
    const sessionId = randomUUID();
    await this.#store.insertSession({
      id: sessionId,
      userId: user.id,
      tokenHash: hashToken(token),
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    return { user, sessionId, token, expiresAt };
  }
}
