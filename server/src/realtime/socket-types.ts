import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, User } from '@ycyw/protocol';

/** Per-connection data; restored with the socket by connection state recovery. */
export interface SocketData {
  user: User;
  sessionId: string;
  /** This connection's device id: one per tab, stable across a recovered reconnection. */
  deviceId: string;
}

// Nodes talk only through the adapter's broadcasts for now.
export type InterServerEvents = Record<string, never>;

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
