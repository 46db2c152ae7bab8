import type { ErrorCode } from '@ycyw/protocol';
import type { IoSocket } from './socket-types.js';

export type AckObserver = (event: string, outcome: 'ok' | ErrorCode, seconds: number) => void;

/**
 * socket.io middleware timing every acknowledged event, from arrival to the ack: one place for all
 * handlers, present and future.
 */
export function timeAcks(socket: IoSocket, observe: AckObserver): void {
  socket.use((packet, next) => {
    const last = packet.length - 1;
    const ack = packet[last];
    if (last > 0 && typeof ack === 'function') {
      const started = process.hrtime.bigint();
      packet[last] = (result: { ok?: boolean; error?: { code?: ErrorCode } } | undefined) => {
        const outcome = result?.ok ? 'ok' : (result?.error?.code ?? 'internal');
        observe(String(packet[0]), outcome, Number(process.hrtime.bigint() - started) / 1e9);
        (ack as (value: unknown) => void)(result);
      };
    }
    next();
  });
}
