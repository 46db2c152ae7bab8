import type http from 'node:http';
import { Server } from 'socket.io';
import { limits, PROTOCOL_VERSION } from '@ycyw/protocol';
import type { AccountService } from '../domain/accounts/account-service.js';
import type { CallService } from '../domain/calls/call-service.js';
import type { ConversationService } from '../domain/conversations/conversation-service.js';
import type { PresenceService } from '../domain/presence/presence-service.js';
import type { CallReportService } from '../domain/calls/call-report-service.js';
import type { DeskService } from '../domain/support/desk-service.js';
import type { RatingService } from '../domain/support/rating-service.js';
import type { QueueService } from '../domain/support/queue-service.js';
import { originAllowed } from '../http/origin-policy.js';
import type { Logger } from '../logger.js';
import type { AckTracker } from './ack-tracker.js';
import { callHandlers } from './call-handlers.js';
import { callReportHandler } from './call-report-handler.js';
import { chatHandlers } from './chat-handlers.js';
import { ClientEvents, type EventGuard, socketFields } from './event-handler.js';
import { handshakeAuth } from './handshake-auth.js';
import { presenceHandlers } from './presence-handlers.js';
import { ratingHandlers } from './rating-handlers.js';
import { roomFor } from './rooms.js';
import type { IoServer, IoSocket } from './socket-types.js';
import { supportHandlers } from './support-handlers.js';

/** The socket.io server, not yet serving events: `serveEvents` wires them once the domain exists. */
export function createSocketServer(httpServer: http.Server, allowedOrigins: readonly string[]): IoServer {
  return new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: limits.maxPayloadBytes,
    // Browsers do not apply CORS to WebSockets, so the Origin check is ours, for every transport.
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, allowedOrigins)),
    cors: allowedOrigins.length > 0 ? { origin: [...allowedOrigins], credentials: true } : undefined,
    connectionStateRecovery: {
      maxDisconnectionDuration: 2 * 60 * 1000,
      // A recovered socket must be authenticated again: its session may have been revoked meanwhile.
      skipMiddlewares: false,
    },
  });
}

export interface RealtimeDeps {
  logger: Logger;
  accounts: AccountService;
  conversations: ConversationService;
  queue: QueueService;
  desk: DeskService;
  ratings: RatingService;
  callReports: CallReportService;
  presence: PresenceService;
  calls: CallService;
  guard: EventGuard;
  acks: AckTracker;
  /** A conversation was taken after waiting this long. */
  observeQueueWait: (seconds: number) => void;
}

/** Authenticates every handshake and serves the client events of each connection. */
export function serveEvents(io: IoServer, deps: RealtimeDeps): void {
  // Every listener is made once here and shared by all connections (see ClientEvents).
  const events = new ClientEvents(deps);
  chatHandlers(events, deps);
  presenceHandlers(events, deps);
  // For customers too: every event must be acknowledged, and the domain answers them `forbidden`.
  supportHandlers(events, deps);
  ratingHandlers(events, deps);
  callHandlers(events, deps);
  callReportHandler(events, deps);
  const disconnected = function (this: IoSocket, reason: string) {
    deps.logger.info({ reason, ...socketFields(this) }, 'socket disconnected');
    deps.presence.deviceGone(this.data.user, this.data.deviceId);
    // The device's grace period starts: it may come back (a reload, a network blip) and stay in its calls.
    deps.calls.deviceDisconnected(this.data.deviceId);
  };

  io.use(handshakeAuth(deps.accounts, deps.logger));
  io.on('connection', (socket) => {
    connect(socket, events, disconnected, deps).catch((err: unknown) => {
      deps.logger.error({ err, ...socketFields(socket) }, 'connection setup failed');
      socket.disconnect(true);
    });
  });
}

async function connect(
  socket: IoSocket,
  events: ClientEvents,
  disconnected: (this: IoSocket, reason: string) => void,
  deps: RealtimeDeps,
): Promise<void> {
  const { user, sessionId, deviceId } = socket.data;
  deps.logger.info({ recovered: socket.recovered, transport: socket.conn.transport.name, ...socketFields(socket) }, 'socket connected');
  socket.on('disconnect', disconnected);

  // Handlers first, synchronously: a client may emit as soon as it is connected.
  deps.acks.track(socket);
  events.serve(socket);

  const rooms = [roomFor.user(user.id), roomFor.session(sessionId), roomFor.device(deviceId)];
  if (user.role === 'agent') rooms.push(roomFor.agents());
  await socket.join(rooms);
  // A reloaded or reconnected tab learns of the calls it can join or that are ringing for it — first, so
  // that this snapshot cannot arrive after (and undo) a live change of the call made once the tab is ready.
  for (const call of await deps.calls.deviceConnected(user, deviceId)) socket.emit('call:updated', { call });

  socket.emit('session:ready', { deviceId, user, protocolVersion: PROTOCOL_VERSION });
  // Presence lives in Redis with several nodes: an outage there must not refuse the connection.
  try {
    await deps.presence.deviceStatus(user, deviceId, 'online');
    for (const event of await deps.presence.contactsPresence(user)) socket.emit('presence', event);
  } catch (err) {
    deps.logger.warn({ err, ...socketFields(socket) }, 'presence unavailable');
  }
  if (user.role === 'agent') socket.emit('queue:updated', { queue: await deps.queue.queue() });
  // The estimate counts agents online, in Redis with several nodes: like presence, never fatal here.
  try {
    for (const position of await deps.queue.positionsOf(user)) socket.emit('queue:position', position);
  } catch (err) {
    deps.logger.warn({ err, ...socketFields(socket) }, 'queue positions unavailable');
  }
}
