import { Injectable } from '@angular/core';
import {
  agentsResponseSchema,
  authResponseSchema,
  conversationResponseSchema,
  conversationsResponseSchema,
  customerContextResponseSchema,
  deskStatsResponseSchema,
  errorResponseSchema,
  iceServersResponseSchema,
  meResponseSchema,
  messageResponseSchema,
  messagesResponseSchema,
  queuePositionResponseSchema,
  queueResponseSchema,
  type AgentsResponse,
  type AuthResponse,
  type ConversationResponse,
  type ConversationsResponse,
  type CustomerContextResponse,
  type DeskStatsResponse,
  type IceServersResponse,
  type CreateConversationBody,
  type LoginBody,
  type MeResponse,
  type MessageResponse,
  type MessagesQuery,
  type MessagesResponse,
  type QueuePositionResponse,
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
    return this.#request('GET', conversationPath(id), conversationResponseSchema);
  }

  messages(conversationId: string, query: MessagesQuery = {}): Promise<MessagesResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params}` : '';
    return this.#request('GET', `${conversationPath(conversationId)}/messages${search}`, messagesResponseSchema);
  }

  /** STUN/TURN for this user; TURN credentials expire after `ttlSeconds`. */
  iceServers(): Promise<IceServersResponse> {
    return this.#request('GET', '/api/ice-servers', iceServersResponseSchema);
  }

  queue(): Promise<QueueResponse> {
    return this.#request('GET', '/api/queue', queueResponseSchema);
  }

  /** The customer's place in the queue; `409 conflict` once the conversation no longer waits. */
  queuePosition(conversationId: string): Promise<QueuePositionResponse> {
    return this.#request('GET', `${conversationPath(conversationId)}/queue-position`, queuePositionResponseSchema);
  }

  /** Every agent with their presence (agents only). */
  agents(): Promise<AgentsResponse> {
    return this.#request('GET', '/api/agents', agentsResponseSchema);
  }

  /** Who the conversation's customer is and their earlier requests (agents only). */
  customerContext(conversationId: string): Promise<CustomerContextResponse> {
    return this.#request('GET', `${conversationPath(conversationId)}/customer`, customerContextResponseSchema);
  }

  deskStats(): Promise<DeskStatsResponse> {
    return this.#request('GET', '/api/desk/stats', deskStatsResponseSchema);
  }

  /**
   * Sends a file as the request body with its own Content-Type; the answer is its `kind: 'file'` message.
   * Idempotent on clientMessageId, like message:send.
   */
  uploadAttachment(conversationId: string, file: File, clientMessageId: string): Promise<MessageResponse> {
    const query = new URLSearchParams({ fileName: file.name, clientMessageId });
    return this.#request('POST', `${conversationPath(conversationId)}/attachments?${query}`, messageResponseSchema, file);
  }

  async #request<T>(method: 'GET' | 'POST', path: string, schema: ResponseSchema<T>, body?: unknown): Promise<T>;
  async #request(method: 'GET' | 'POST', path: string, schema: null, body?: unknown): Promise<void>;
  async #request<T>(method: 'GET' | 'POST', path: string, schema: ResponseSchema<T> | null, body?: unknown): Promise<T | void> {
    let response: Response;
    try {
      response = await fetch(path, { method, credentials: 'same-origin', ...withBody(body) });
    } catch {
      throw new RequestError('network_error', 'The request did not reach the server', 0);
    }
    if (!response.ok) throw await toRequestError(response);
    if (schema === null) return;
    return schema.parse(await response.json());
  }
}

/** A Blob (an attachment) goes as it is, with its own type; anything else as JSON. */
function withBody(body: unknown): { headers: Record<string, string>; body?: BodyInit } {
  const accept = 'application/json';
  if (body === undefined) return { headers: { accept } };
  if (body instanceof Blob) return { headers: { accept, 'content-type': body.type || 'application/octet-stream' }, body };
  return { headers: { accept, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Where a member downloads the conversation as plain text (the session cookie authenticates the link). */
export function transcriptUrl(conversationId: string): string {
  return `${conversationPath(conversationId)}/transcript?format=txt`;
}

function conversationPath(conversationId: string): string {
  return `/api/conversations/${encodeURIComponent(conversationId)}`;
}

async function toRequestError(response: Response): Promise<RequestError> {
  const parsed = errorResponseSchema.safeParse(await response.json().catch(() => null));
  if (parsed.success) return new RequestError(parsed.data.error.code, parsed.data.error.message, response.status);
  // A proxy or a crashed server answers without our error body; the status still says whose fault it is.
  return new RequestError(response.status === 401 ? 'unauthorized' : 'internal', response.statusText, response.status);
}
