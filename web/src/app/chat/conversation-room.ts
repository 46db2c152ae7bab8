import { computed, DestroyRef, effect, inject, Injectable, signal } from '@angular/core';
import { limits, type Conversation, type Message } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { AuthService } from '../core/auth-service';
import { errorText } from '../core/error-text';
import { PageVisibility } from '../core/page-visibility';
import { SocketService } from '../core/socket-service';
import { Inbox } from './inbox';
import { mergeMessages } from './merge-messages';
import { Outbox, type PendingMessage } from './outbox';

const typingShownForMs = 3000;
const typingSentEveryMs = 2000;

/**
 * The state of the conversation on screen: its history, live messages, pending sends, who is typing and
 * how far the other members have read. Provided by the conversation page, so it lives as long as the page.
 */
@Injectable()
export class ConversationRoom {
  readonly #api = inject(ApiClient);
  readonly #socket = inject(SocketService);
  readonly #outbox = inject(Outbox);
  readonly #inbox = inject(Inbox);
  readonly #visibility = inject(PageVisibility);
  readonly #auth = inject(AuthService);
  readonly #myId = computed(() => this.#auth.user()?.id ?? null);

  readonly #conversationId = signal<string | null>(null);
  readonly #conversation = signal<Conversation | null>(null);
  readonly #messages = signal<readonly Message[]>([]);
  readonly #hasEarlier = signal(false);
  readonly #loadingEarlier = signal(false);
  readonly #error = signal<string | null>(null);
  readonly #typists = signal<ReadonlyMap<string, string>>(new Map());
  /** Other members' read markers, by user id. */
  readonly #readMarkers = signal<ReadonlyMap<string, number>>(new Map());
  readonly #typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  readonly conversation = this.#conversation.asReadonly();
  /** Stored messages, ascending ids, each once. */
  readonly messages = this.#messages.asReadonly();
  readonly hasEarlier = this.#hasEarlier.asReadonly();
  readonly loadingEarlier = this.#loadingEarlier.asReadonly();
  readonly error = this.#error.asReadonly();
  readonly typingNames = computed(() => [...this.#typists().values()]);
  /** What this user sent here that is not stored yet; hides any whose stored copy already showed up. */
  readonly pending = computed<readonly PendingMessage[]>(() => {
    const id = this.#conversationId();
    const stored = new Set(this.#messages().map((message) => message.clientMessageId));
    return this.#outbox.pending().filter((p) => p.conversationId === id && !stored.has(p.clientMessageId));
  });
  /** This user's latest message once another member's read marker reached it, else null. */
  readonly seenMessageId = computed(() => {
    const me = this.#myId();
    const messages = this.#messages();
    let mine: Message | undefined;
    for (let i = messages.length - 1; i >= 0 && mine === undefined; i--) {
      if (messages[i]!.senderId === me) mine = messages[i];
    }
    if (mine === undefined) return null;
    const myLast = mine;
    return [...this.#readMarkers().values()].some((read) => read >= myLast.id) ? myLast.id : null;
  });

  /** Every message up to this id is here: the start point of the catch-up after a reconnection. */
  #syncedUpTo = 0;
  /** False from a (re)connection until its catch-up is done; live messages then may follow a gap. */
  #synced = false;
  #loaded = false;
  #catchingUp = false;
  #catchUpAgain = false;
  /** Bumped on every open(), so answers for a conversation left meanwhile are dropped. */
  #generation = 0;
  #readSentUpTo = 0;
  #typingSentAt = 0;

  constructor() {
    const stops = [
      this.#socket.on('message:new', ({ message }) => {
        if (message.conversationId !== this.#conversationId()) return;
        this.#add([message]);
        if (this.#synced && this.#socket.connected()) this.#syncedUpTo = Math.max(this.#syncedUpTo, message.id);
        this.#stopTyping(message.senderId);
      }),
      this.#socket.on('typing', ({ conversationId, userId, displayName }) => {
        if (conversationId === this.#conversationId() && userId !== this.#myId()) this.#showTyping(userId, displayName);
      }),
      this.#socket.on('message:read', ({ conversationId, userId, messageId }) => {
        if (conversationId === this.#conversationId() && userId !== this.#myId()) this.#raiseReadMarker(userId, messageId);
      }),
      this.#socket.on('conversation:updated', ({ conversation }) => {
        if (conversation.id === this.#conversationId()) this.#conversation.set(conversation);
      }),
      this.#socket.onConnect(() => {
        this.#synced = false;
        void this.#catchUp();
      }),
      this.#outbox.onDelivered((message) => {
        if (message.conversationId === this.#conversationId()) this.#add([message]);
      }),
    ];
    inject(DestroyRef).onDestroy(() => {
      for (const stop of stops) stop();
      for (const timer of this.#typingTimers.values()) clearTimeout(timer);
      this.#leave();
    });

    // Pushes a read marker to the server whenever a newer message is on a visible screen.
    effect(() => {
      const conversationId = this.#conversationId();
      const newest = this.#messages().at(-1);
      if (conversationId === null || newest === undefined || newest.id <= this.#readSentUpTo) return;
      if (!this.#visibility.visible() || !this.#socket.connected()) return;
      this.#readSentUpTo = newest.id;
      this.#socket.notify('message:read', { conversationId, messageId: newest.id });
      this.#inbox.markRead(conversationId);
    });
  }

  async open(conversationId: string): Promise<void> {
    this.#leave();
    const generation = ++this.#generation;
    this.#conversationId.set(conversationId);
    this.#inbox.startReading(conversationId);
    try {
      const [{ conversation }, page] = await Promise.all([
        this.#api.conversation(conversationId),
        this.#api.messages(conversationId),
      ]);
      if (generation !== this.#generation) return;
      this.#takeMembers(conversation);
      this.#add(page.messages);
      this.#hasEarlier.set(page.hasMore);
      this.#syncedUpTo = page.messages.at(-1)?.id ?? 0;
      this.#loaded = true;
    } catch (error) {
      if (generation === this.#generation) this.#error.set(errorText(error));
      return;
    }
    // Messages written between the page request and now, if the socket was down meanwhile, are only
    // found this way; when nothing is missing this costs one empty page.
    this.#synced = false;
    await this.#catchUp();
  }

  async loadEarlier(): Promise<void> {
    const conversationId = this.#conversationId();
    const oldest = this.#messages()[0];
    if (conversationId === null || oldest === undefined || this.#loadingEarlier()) return;
    const generation = this.#generation;
    this.#loadingEarlier.set(true);
    try {
      const page = await this.#api.messages(conversationId, { before: oldest.id });
      if (generation !== this.#generation) return;
      this.#add(page.messages);
      this.#hasEarlier.set(page.hasMore);
      this.#error.set(null);
    } catch (error) {
      if (generation === this.#generation) this.#error.set(errorText(error));
    } finally {
      if (generation === this.#generation) this.#loadingEarlier.set(false);
    }
  }

  send(body: string): void {
    const conversationId = this.#conversationId();
    const text = body.trim();
    if (conversationId === null || text.length === 0 || text.length > limits.messageBodyMaxChars) return;
    this.#outbox.send(conversationId, text);
  }

  /** Tells the others this user is typing, at most once per interval however fast they type. */
  typing(): void {
    const conversationId = this.#conversationId();
    const now = Date.now();
    if (conversationId === null || now - this.#typingSentAt < typingSentEveryMs || !this.#socket.connected()) return;
    this.#typingSentAt = now;
    this.#socket.notify('typing', { conversationId });
  }

  /** A message this user stored some other way than the outbox (an uploaded file), shown before its echo. */
  received(message: Message): void {
    if (message.conversationId === this.#conversationId()) this.#add([message]);
  }

  retry(clientMessageId: string): void {
    this.#outbox.retry(clientMessageId);
  }

  discard(clientMessageId: string): void {
    this.#outbox.discard(clientMessageId);
  }

  /**
   * Fetches `after=` the last message known to follow no gap, page by page until the server has no more.
   * Runs after every (re)connection; socket.io's connection state recovery may have replayed the missed
   * events already, and then this finds nothing new, but recovery is not guaranteed (server restart,
   * long outage, another node).
   */
  async #catchUp(): Promise<void> {
    const conversationId = this.#conversationId();
    if (!this.#loaded || conversationId === null) return;
    if (this.#catchingUp) {
      this.#catchUpAgain = true;
      return;
    }
    const generation = this.#generation;
    this.#catchingUp = true;
    try {
      do {
        this.#catchUpAgain = false;
        let hasMore = true;
        while (hasMore) {
          const page = await this.#api.messages(conversationId, { after: this.#syncedUpTo, limit: limits.historyPageMax });
          if (generation !== this.#generation) return;
          this.#add(page.messages);
          this.#syncedUpTo = Math.max(this.#syncedUpTo, page.messages.at(-1)?.id ?? 0);
          hasMore = page.hasMore && page.messages.length > 0;
        }
        // Members, status and read markers may have changed while we were away too.
        const { conversation } = await this.#api.conversation(conversationId);
        if (generation !== this.#generation) return;
        this.#takeMembers(conversation);
      } while (this.#catchUpAgain);
      this.#synced = true;
      this.#error.set(null);
    } catch {
      // The network dropped again: the next connection runs the catch-up from where this one stopped.
    } finally {
      if (generation === this.#generation) this.#catchingUp = false;
    }
  }

  #add(messages: readonly Message[]): void {
    this.#messages.update((existing) => mergeMessages(existing, messages));
  }

  #takeMembers(conversation: Conversation): void {
    this.#conversation.set(conversation);
    for (const member of conversation.members) {
      if (member.userId !== this.#myId() && member.lastReadMessageId !== null) {
        this.#raiseReadMarker(member.userId, member.lastReadMessageId);
      }
    }
  }

  /** Read markers only move forward, whichever of the event and the fetched conversation comes first. */
  #raiseReadMarker(userId: string, messageId: number): void {
    const current = this.#readMarkers().get(userId) ?? 0;
    if (messageId > current) this.#readMarkers.update((markers) => new Map(markers).set(userId, messageId));
  }

  #showTyping(userId: string, displayName: string): void {
    clearTimeout(this.#typingTimers.get(userId));
    this.#typingTimers.set(userId, setTimeout(() => this.#stopTyping(userId), typingShownForMs));
    if (this.#typists().get(userId) !== displayName) {
      this.#typists.update((typists) => new Map(typists).set(userId, displayName));
    }
  }

  #stopTyping(userId: string): void {
    clearTimeout(this.#typingTimers.get(userId));
    this.#typingTimers.delete(userId);
    if (this.#typists().has(userId)) {
      this.#typists.update((typists) => {
        const next = new Map(typists);
        next.delete(userId);
        return next;
      });
    }
  }

  #leave(): void {
    const conversationId = this.#conversationId();
    if (conversationId !== null) this.#inbox.stopReading(conversationId);
    this.#generation += 1;
    this.#conversationId.set(null);
    this.#conversation.set(null);
    this.#messages.set([]);
    this.#hasEarlier.set(false);
    this.#loadingEarlier.set(false);
    this.#error.set(null);
    this.#typists.set(new Map());
    this.#readMarkers.set(new Map());
    for (const timer of this.#typingTimers.values()) clearTimeout(timer);
    this.#typingTimers.clear();
    this.#syncedUpTo = 0;
    this.#synced = false;
    this.#loaded = false;
    this.#catchingUp = false;
    this.#catchUpAgain = false;
    this.#readSentUpTo = 0;
  }
}
