import { computed, Injectable, signal } from '@angular/core';
import type { ClientToServerEvents, ServerToClientEvents } from '@ycyw/protocol';
import { io, type Socket } from 'socket.io-client';

/**
 * - `offline`: no session, or the user logged out.
 * - `connecting`: first connection of this session, nothing was lost yet.
 * - `connected`: events flow.
 * - `reconnecting`: the connection dropped; socket.io retries and events may be missed meanwhile.
 */
export type ConnectionState = 'offline' | 'connecting' | 'connected' | 'reconnecting';

/** The server's maps reversed: what it emits we listen to, what it listens to we emit. */
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type ClientEvent = keyof ClientToServerEvents;
type ServerEvent = keyof ServerToClientEvents;
export type PayloadOf<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
export type AckOf<E extends ClientEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
/** The fields of a successful acknowledgement, `{ ok: true }` aside. */
export type AckData<E extends ClientEvent> = Omit<Extract<AckOf<E>, { ok: true }>, 'ok'>;

/** Raised by `request` when the socket is down or the server did not acknowledge in time. */
export class SocketUnavailableError extends Error {
  override readonly name = 'SocketUnavailableError';
}

const defaultAckTimeoutMs = 5000;

/**
 * The one socket.io connection of this tab (one device for the server). It authenticates with the session
 * cookie, so it is opened after login and closed on logout.
 */
@Injectable({ providedIn: 'root' })
export class SocketService {
  readonly #state = signal<ConnectionState>('offline');
  readonly state = this.#state.asReadonly();
  readonly connected = computed(() => this.#state() === 'connected');
  readonly #deviceId = signal<string | null>(null);
  /** The id the server gave this tab, from `session:ready`. */
  readonly deviceId = this.#deviceId.asReadonly();

  readonly #socket: ClientSocket = io({
    autoConnect: false,
    withCredentials: true,
    // The default 5 s ceiling makes a tab wait long after the network is back; 3 s is still gentle.
    reconnectionDelayMax: 3000,
  });
  readonly #connectHandlers = new Set<() => void>();
  #onUnauthorized: () => void = () => undefined;
  #kickTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.#socket.on('connect', () => {
      this.#state.set('connected');
      for (const handler of this.#connectHandlers) handler();
    });
    this.#socket.on('session:ready', ({ deviceId }) => this.#deviceId.set(deviceId));
    this.#socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.#state.set('reconnecting');
      // socket.io does not retry after the server closed the socket itself, which it does on logout in
      // another tab: one attempt tells whether the session still stands (connect_error 'unauthorized').
      if (reason === 'io server disconnect') this.#retrySoon();
    });
    this.#socket.on('connect_error', (error) => {
      if (error.message === 'unauthorized') {
        this.disconnect();
        this.#onUnauthorized();
        return;
      }
      this.#state.set('reconnecting');
      // A refusal by the server's middleware is final for socket.io; transport failures are retried by it.
      if (!this.#socket.active) this.#retrySoon();
    });
  }

  /** Opens the connection; `onUnauthorized` runs when the server refuses the session. */
  connect(onUnauthorized: () => void): void {
    this.#onUnauthorized = onUnauthorized;
    if (this.#socket.connected || this.#socket.active) return;
    this.#state.set('connecting');
    this.#socket.connect();
  }

  disconnect(): void {
    clearTimeout(this.#kickTimer);
    this.#socket.disconnect();
    this.#deviceId.set(null);
    this.#state.set('offline');
  }

  /** Listens to a server event until the returned function is called. */
  on<E extends ServerEvent>(event: E, handler: ServerToClientEvents[E]): () => void {
    // socket.io's typed overloads do not resolve through a generic event name; the map above is the check.
    const socket = this.#socket as unknown as Socket;
    const listener = handler as (...args: unknown[]) => void;
    socket.on(event as string, listener);
    return () => socket.off(event as string, listener);
  }

  /** Runs after every successful (re)connection, which is when missed events must be caught up on. */
  onConnect(handler: () => void): () => void {
    this.#connectHandlers.add(handler);
    return () => this.#connectHandlers.delete(handler);
  }

  /** Resolves at the next successful connection, at once when connected. */
  whenConnected(): Promise<void> {
    if (this.#socket.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.onConnect(() => {
        stop();
        resolve();
      });
    });
  }

  /**
   * Emits a client event and resolves with its acknowledgement. Rejects with SocketUnavailableError when
   * disconnected (rather than letting socket.io buffer the packet and send it late) or on timeout.
   */
  async request<E extends ClientEvent>(event: E, payload: PayloadOf<E>, timeoutMs = defaultAckTimeoutMs): Promise<AckOf<E>> {
    if (!this.#socket.connected) throw new SocketUnavailableError(`not connected, ${event} not sent`);
    const socket = this.#socket as unknown as Socket;
    try {
      return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as AckOf<E>;
    } catch {
      throw new SocketUnavailableError(`${event} was not acknowledged within ${timeoutMs} ms`);
    }
  }

  /** Sends an event whose answer does not matter (typing, read markers, presence). */
  notify<E extends ClientEvent>(event: E, payload: PayloadOf<E>): void {
    this.request(event, payload).catch(() => undefined);
  }

  #retrySoon(): void {
    clearTimeout(this.#kickTimer);
    this.#kickTimer = setTimeout(() => {
      if (this.#state() !== 'offline' && !this.#socket.connected) this.#socket.connect();
    }, 1000 + Math.random() * 1000);
  }
}
