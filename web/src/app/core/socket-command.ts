import type { ClientToServerEvents } from '@ycyw/protocol';
import { RequestError } from './request-error';
import type { AckData, PayloadOf, SocketService } from './socket-service';

/**
 * Emits a client event whose refusal the person must be told about, and resolves with the acknowledged
 * data. Every failure becomes a RequestError, so features show it with `errorText` like an HTTP error:
 * the server's code (`conflict`, `forbidden`, …), or `network_error` when it never answered.
 */
export async function sendCommand<E extends keyof ClientToServerEvents>(
  socket: Pick<SocketService, 'request'>,
  event: E,
  payload: PayloadOf<E>,
): Promise<AckData<E>> {
  let ack;
  try {
    ack = await socket.request(event, payload);
  } catch {
    throw new RequestError('network_error', `${event} was not acknowledged`, 0);
  }
  if (!ack.ok) throw new RequestError(ack.error.code, ack.error.message, 0);
  const { ok: _ok, ...data } = ack;
  return data as AckData<E>;
}
