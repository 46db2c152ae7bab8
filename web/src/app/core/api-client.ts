import { Injectable } from '@angular/core';
import {
  authResponseSchema,
  conversationResponseSchema,
  conversationsResponseSchema,
  errorResponseSchema,
  iceServersResponseSchema,
  meResponseSchema,
  messagesResponseSchema,
  queueResponseSchema,
  type AuthResponse,
  type ConversationResponse,
  type ConversationsResponse,
  type IceServersResponse,
  type CreateConversationBody,
  type LoginBody,
  type MeResponse,
  type MessagesQuery,
  type MessagesResponse,
  type QueueResponse,
  type RegisterBody,
} from '@ycyw/protocol';
import { RequestError } from './request-error';

/**
 * The HTTP half of the protocol. The session rides in the httpOnly cookie the server sets on login, so
 * nothing here ever sees or stores the token. Answers are parsed with the protocol's schemas: a server
 * that drifted from the contract fails loudly here rather than deep inside a template.
 */
/** What the client needs of a protocol response schema. */
interface ResponseSchema<T> {
  parse(data: unknown): T;
}

@Injectable({ providedIn: 'root' })
export class ApiClient {
  register(body: RegisterBody): Promise<AuthResponse> {
    return this.#request('POST', '/api/auth/register', authResponseSchema, body);
  }

  login(body: LoginBody): Promise<AuthResponse> {
    return this.#request('POST', '/api/auth/login', authResponseSchema, body);
  }

  logout(): Promise<void> {
    return this.#request('POST', '/api/auth/logout', null);
  }

  me(): Promise<MeResponse> {
    return this.#request('GET', '/api/me', meResponseSchema);
  }

  conversations(): Promise<ConversationsResponse> {
    return this.#request('GET', '/api/conversations', conversationsResponseSchema);
  }

  createConversation(body: CreateConversationBody): Promise<ConversationResponse> {
    return this.#request('POST', '/api/conversations', conversationResponseSchema, body);
  }

  conversation(id: string): Promise<ConversationResponse> {
    return this.#request('GET', `/api/conversations/${encodeURIComponent(id)}`, conversationResponseSchema);
  }

  messages(conversationId: string, query: MessagesQuery = {}): Promise<MessagesResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params}` : '';
    return this.#request(
      'GET',
      `/api/conversations/${encodeURIComponent(conversationId)}/messages${search}`,
      messagesResponseSchema,
    );
  }

  /** STUN/TURN for this user; TURN credentials expire after `ttlSeconds`. */
  iceServers(): Promise<IceServersResponse> {
    return this.#request('GET', '/api/ice-servers', iceServersResponseSchema);
  }

  queue(): Promise<QueueResponse> {
    return this.#request('GET', '/api/queue', queueResponseSchema);
  }

  async #request<T>(method: 'GET' | 'POST', path: string, schema: ResponseSchema<T>, body?: unknown): Promise<T>;
  async #request(method: 'GET' | 'POST', path: string, schema: null, body?: unknown): Promise<void>;
  async #request<T>(method: 'GET' | 'POST', path: string, schema: ResponseSchema<T> | null, body?: unknown): Promise<T | void> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new RequestError('network_error', 'The request did not reach the server', 0);
    }
    if (!response.ok) throw await toRequestError(response);
    if (schema === null) return;
    return schema.parse(await response.json());
  }
}

async function toRequestError(response: Response): Promise<RequestError> {
  const parsed = errorResponseSchema.safeParse(await response.json().catch(() => null));
  if (parsed.success) return new RequestError(parsed.data.error.code, parsed.data.error.message, response.status);
  // A proxy or a crashed server answers without our error body; the status still says whose fault it is.
  return new RequestError(response.status === 401 ? 'unauthorized' : 'internal', response.statusText, response.status);
}
