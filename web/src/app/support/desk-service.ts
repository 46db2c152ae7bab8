import { inject, Injectable } from '@angular/core';
import type { Conversation, RatePayload, TransferPayload } from '@ycyw/protocol';
import { sendCommand } from '../core/socket-command';
import { SocketService } from '../core/socket-service';

/**
 * The desk's actions on one conversation: an agent resolves, transfers or invites, a customer rates. Each
 * resolves with the conversation as the server left it, or throws a RequestError (`conflict` when the
 * state changed under the person, e.g. the other agent went away).
 */
@Injectable({ providedIn: 'root' })
export class DeskService {
  readonly #socket = inject(SocketService);

  async resolve(conversationId: string): Promise<Conversation> {
    return (await sendCommand(this.#socket, 'conversation:resolve', { conversationId })).conversation;
  }

  async transfer(payload: TransferPayload): Promise<Conversation> {
    return (await sendCommand(this.#socket, 'conversation:transfer', payload)).conversation;
  }

  async invite(conversationId: string, userId: string): Promise<Conversation> {
    return (await sendCommand(this.#socket, 'conversation:invite', { conversationId, userId })).conversation;
  }

  async rate(payload: RatePayload): Promise<Conversation> {
    return (await sendCommand(this.#socket, 'conversation:rate', payload)).conversation;
  }
}
