import type { z } from 'zod';
import { type ApiError, type ClientEventName, clientEventSchemas, type ClientToServerEvents } from '@ycyw/protocol';
import { DomainError } from '../domain/domain-error.js';
import type { Logger } from '../logger.js';
import { parseInput } from '../parse-input.js';
import type { IoSocket } from './socket-types.js';

type AckOf<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[1];
type AckResultOf<E extends ClientEventName> = Parameters<AckOf<E>>[0];
/** What a handler returns: the success acknowledgement without its `ok: true`. */
export type AckData<E extends ClientEventName> = Omit<Extract<AckResultOf<E>, { ok: true }>, 'ok'>;
export type PayloadOf<E extends ClientEventName> = z.output<(typeof clientEventSchemas)[E]>;

export interface EventGuard {
  /** Throws rate_limited when the user sends too much. */
  admit(socket: IoSocket): Promise<void>;
}

/** Who sent an event, for the log (never the payload: it may hold a message body). */
export function socketFields(socket: IoSocket) {
  return { userId: socket.data.user.id, socketId: socket.id, deviceId: socket.data.deviceId };
}

function toApiError(error: unknown, logger: Logger, socket: IoSocket, event: string): ApiError {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  logger.error({ err: error, event, ...socketFields(socket) }, 'event handler failed');
  return { code: 'internal', message: 'Something went wrong' };
}

/** Answers one client event of one socket; what it returns goes in the `{ok: true, ...}` acknowledgement. */
export type EventHandler<E extends ClientEventName> = (socket: IoSocket, payload: PayloadOf<E>) => Promise<AckData<E>>;

type SharedListener = (this: IoSocket, ...args: unknown[]) => Promise<void>;

/**
 * The client events the server answers, each made once and shared by every connection: socket.io calls a
 * listener with its socket as `this`, so a connection holds a reference per event instead of a closure per
 * event (with 16 events that was ~3 KiB per idle connection).
 *
 * Each event is parsed with its protocol schema, handled, and acknowledged with `{ok: true, ...}` or
 * `{ok: false, error}`. A handler never throws past here, so one bad event cannot hurt the connection or
 * anyone else's.
 */
export class ClientEvents {
  readonly #logger: Logger;
  readonly #guard: EventGuard;
  readonly #listeners = new Map<ClientEventName, SharedListener>();

  constructor(deps: { logger: Logger; guard: EventGuard }) {
    this.#logger = deps.logger;
    this.#guard = deps.guard;
  }

  on<E extends ClientEventName>(event: E, handler: EventHandler<E>): this {
    const logger = this.#logger;
    const guard = this.#guard;
    this.#listeners.set(event, async function (this: IoSocket, ...args: unknown[]) {
      const ack = args.at(-1);
      if (typeof ack !== 'function') {
        logger.debug({ event, ...socketFields(this) }, 'event without acknowledgement ignored');
        return;
      }
      const reply = ack as (result: unknown) => void;
      try {
        await guard.admit(this);
        const payload = parseInput(clientEventSchemas[event], args.length > 1 ? args[0] : undefined) as PayloadOf<E>;
        reply({ ok: true, ...(await handler(this, payload)) });
      } catch (error) {
        reply({ ok: false, error: toApiError(error, logger, this, event) });
      }
    });
    return this;
  }

  /** Serves every event registered so far on this socket. */
  serve(socket: IoSocket): void {
    for (const [event, listener] of this.#listeners) socket.on(event, listener as never);
  }
}
