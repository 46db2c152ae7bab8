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

function toApiError(error: unknown, logger: Logger, event: string): ApiError {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  logger.error({ err: error, event }, 'event handler failed');
  return { code: 'internal', message: 'Something went wrong' };
}

/**
 * Registers one client event: parse the payload with its protocol schema, run the handler, answer the
 * acknowledgement with `{ok: true, ...}` or `{ok: false, error}`. A handler never throws past here, so
 * one bad event cannot hurt the connection or anyone else's.
 */
export function onEvent<E extends ClientEventName>(
  socket: IoSocket,
  deps: { logger: Logger; guard: EventGuard },
  event: E,
  handler: (payload: PayloadOf<E>) => Promise<AckData<E>>,
): void {
  const listener = async (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') {
      deps.logger.debug({ event }, 'event without acknowledgement ignored');
      return;
    }
    const reply = ack as (result: unknown) => void;
    try {
      await deps.guard.admit(socket);
      const payload = parseInput(clientEventSchemas[event], args.length > 1 ? args[0] : undefined) as PayloadOf<E>;
      reply({ ok: true, ...(await handler(payload)) });
    } catch (error) {
      reply({ ok: false, error: toApiError(error, deps.logger, event) });
    }
  };
  socket.on(event, listener as never);
}
