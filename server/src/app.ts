import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { AccountService } from './domain/accounts/account-service.js';
import { AttachmentService } from './domain/attachments/attachment-service.js';
import { PasswordHasher } from './domain/accounts/password-hasher.js';
import { CallService } from './domain/calls/call-service.js';
import { IceServerIssuer } from './domain/calls/ice-server-issuer.js';
import { CallReportService } from './domain/calls/call-report-service.js';
import { MemoryCallStore } from './domain/calls/memory-call-store.js';
import { type Clock, systemClock } from './domain/clock.js';
import { ConversationService } from './domain/conversations/conversation-service.js';
import { TranscriptService } from './domain/conversations/transcript-service.js';
import { CustomerContextService } from './domain/support/customer-context-service.js';
import { RatingService } from './domain/support/rating-service.js';
import { PresenceService } from './domain/presence/presence-service.js';
import { type Scheduler, systemScheduler } from './domain/scheduler.js';
import { AgentAvailability } from './domain/support/agent-availability.js';
import { DeskService } from './domain/support/desk-service.js';
import { OfflineNotice } from './domain/support/offline-notice.js';
import { QueuePositions } from './domain/support/queue-positions.js';
import { QueueService } from './domain/support/queue-service.js';
import { createHttpApp } from './http/http-app.js';
import type { Logger } from './logger.js';
import { MeteredNotifier } from './ops/metered-notifier.js';
import { ServerMetrics } from './ops/metrics.js';
import { opsRouter } from './ops/ops-router.js';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { MemoryPresenceStore } from './domain/presence/memory-presence-store.js';
import { RedisCallStore } from './storage/redis-call-store.js';
import { RedisPresenceStore } from './storage/redis-presence-store.js';
import { connectRedis } from './storage/redis-connection.js';
import { createRateLimiter } from './storage/rate-limiter.js';
import { AckTracker } from './realtime/ack-tracker.js';
import { eventRateLimit } from './realtime/event-rate-limit.js';
import { createSocketServer, serveEvents } from './realtime/socket-server.js';
import type { IoServer } from './realtime/socket-types.js';
import { AccountRepository } from './storage/account-repository.js';
import { AttachmentRepository } from './storage/attachment-repository.js';
import { CustomerHistoryRepository } from './storage/customer-history-repository.js';
import { RatingRepository } from './storage/rating-repository.js';
import { FileBlobStore } from './storage/file-blob-store.js';
import { ConversationRepository } from './storage/conversation-repository.js';
import { type Db, migrateToLatest, openDatabase } from './storage/database.js';

export interface App {
  readonly server: http.Server;
  readonly io: IoServer;
  readonly db: Db;
  readonly accounts: AccountService;
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Client events received and not yet acknowledged. */
  inFlightEvents(): number;
  /** Graceful and idempotent: stop accepting, disconnect sockets, finish requests, close storage. */
  close(): Promise<void>;
}

/**
 * An acknowledgement written just before shutdown may still sit in engine.io's write buffer: wait (a
 * second at most) for every connection to flush, so dropping the transports does not drop the acks.
 */
async function flushAcknowledgements(io: IoServer): Promise<void> {
  // engine.io has no public "is flushed" flag; its (typed-private) writeBuffer is the honest answer.
  const unflushed = (conn: object) => {
    const buffer = (conn as { writeBuffer?: unknown }).writeBuffer;
    return Array.isArray(buffer) && buffer.length > 0;
  };
  const pending = [...io.of('/').sockets.values()]
    .map((socket) => socket.conn)
    .filter(unflushed)
    .map((conn) => new Promise((resolve) => conn.once('drain', resolve)));
  await Promise.race([Promise.all(pending), delay(1000)]);
}

export interface AppOptions {
  logger: Logger;
  clock?: Clock;
  /** Timers of the domain (call ringing and reconnection). */
  scheduler?: Scheduler;
  /** How long a disconnected device still counts for presence. */
  presenceGraceMs?: number;
}

const SESSION_SWEEP_MS = 60 * 60 * 1000;

/** Builds the whole server from its configuration: storage, domain, HTTP and realtime. */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;

  const db = openDatabase(config.database, {
    onIdleError: (err) => logger.warn({ err }, 'an idle database connection was closed by the server'),
    onCheckpointError: (err) => logger.error({ err }, 'the SQLite checkpoint thread failed: checkpoints run in commits again'),
  });
  await migrateToLatest(db, config.database.kind);
  const accountStore = new AccountRepository(db);
  const conversationStore = new ConversationRepository(db);
  const ratingStore = new RatingRepository(db);

  // The Express app is built once the domain exists, but must be the server's own request listener
  // before socket.io attaches: socket.io then routes /socket.io/ to itself and everything else to it.
  let httpApp: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => httpApp(req, res));
  const io = createSocketServer(server, config.allowedOrigins);
  const redis = config.redis ? connectRedis(config.redis.url, logger) : null;
  const sharedRedis = redis && config.redis ? { client: redis, keyPrefix: config.redis.keyPrefix } : null;
  if (redis && config.redis) {
    // Redis streams (not pub/sub): a node that loses Redis for a while resumes the stream where it left
    // off, and connection state recovery sessions are stored there, so a client recovers on any node.
    io.adapter(
      createAdapter(redis, {
        streamName: `${config.redis.keyPrefix}socket.io`,
        sessionKeyPrefix: `${config.redis.keyPrefix}sio:session:`,
        maxLen: 100_000,
      }),
    );
  }
  // Filled in once presence exists; the gauges only read them when Prometheus scrapes.
  const live = { usersOnline: () => 0 };
  const metrics = new ServerMetrics({
    connectedSockets: () => io.of('/').sockets.size,
    usersOnline: () => live.usersOnline(),
    ratingStats: () => ratingStore.ratingStats(),
  });
  const notifier = new MeteredNotifier(io, metrics);
  const reportError = (err: unknown) => logger.error({ err }, 'background task failed');

  const accounts = new AccountService({
    store: accountStore,
    hasher: new PasswordHasher(),
    clock,
    onSessionRevoked: (sessionId) => notifier.sessionRevoked(sessionId),
    sessionTtlMs: config.sessionTtlMs,
  });
  const presence = new PresenceService({
    presence:
      redis && config.redis
        ? new RedisPresenceStore(redis, { keyPrefix: config.redis.keyPrefix, ttlMs: 30_000, heartbeatMs: 5_000 }, reportError)
        : new MemoryPresenceStore(),
    conversations: conversationStore,
    notifier,
    graceMs: options.presenceGraceMs ?? 5000,
    reportError,
    // Waiting customers are told how many agents are online. An expiry (a dead node's devices) comes
    // without the user's role: look it up.
    onChanged: ({ userId, role }) => {
      (async () => {
        if ((role ?? (await accountStore.findUserById(userId))?.role) === 'agent') queue.publishPositions();
      })().catch(reportError);
    },
  });
  live.usersOnline = () => presence.onlineCount();
  const availability = new AgentAvailability({
    listAgents: () => accountStore.listAgents(),
    statusOf: (userIds) => presence.statusOf(userIds),
    openConversationCounts: (userIds) => conversationStore.openConversationCounts(userIds),
  });
  const queue = new QueueService({
    store: conversationStore,
    notifier,
    clock,
    positions: new QueuePositions({
      recentTakeTimes: (since, limit) => conversationStore.recentTakeTimes(since, limit),
      agentsOnline: () => availability.onlineCount(),
      clock,
    }),
    reportError,
    onMembersChanged: (conversation) => {
      presence.introduce(conversation.members.map((m) => m.userId)).catch(reportError);
    },
  });
  const desk = new DeskService({
    store: conversationStore,
    notifier,
    clock,
    findUser: async (userId) => {
      const user = await accountStore.findUserById(userId);
      return user && { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
    },
    isOnline: (userId) => availability.isOnline(userId),
    postSystemEntry: (actor, conversationId, body) => conversations.postSystemEntry(actor, conversationId, body),
    onMembersChanged: (conversation) => {
      presence.introduce(conversation.members.map((m) => m.userId)).catch(reportError);
      calls.membersChanged(conversation).catch(reportError);
    },
  });
  const offlineNotice: OfflineNotice = new OfflineNotice({
    agentsOnline: () => availability.onlineCount(),
    markOfflineNotice: (conversationId, now) => conversationStore.markOfflineNotice(conversationId, now),
    postSystemEntry: (actor, conversationId, body) => conversations.postSystemEntry(actor, conversationId, body),
    clock,
  });
  const conversations: ConversationService = new ConversationService({
    store: conversationStore,
    notifier,
    clock,
    onQueueChanged: () => queue.publish(),
    // The customer's message is stored and delivered already: a failing notice must not fail its send.
    onCustomerWaiting: (conversation) => offlineNotice.customerWaiting(conversation).catch(reportError),
  });
  const attachments = new AttachmentService({
    conversations,
    store: new AttachmentRepository(db),
    blobs: new FileBlobStore(config.attachments.dir),
    clock,
    maxBytes: config.attachments.maxBytes,
    reportError,
  });
  const transcripts = new TranscriptService({ conversations, store: conversationStore, clock });
  const customerContext = new CustomerContextService({ conversations: conversationStore, history: new CustomerHistoryRepository(db) });
  const ratings = new RatingService({
    store: ratingStore,
    conversations: conversationStore,
    notifier,
    clock,
    onRated: (score) => metrics.ratingsGiven.inc({ score: String(score) }),
  });
  // Calls live in Redis when nodes share it, so a call started on one node is answered on another.
  const callStore =
    redis && config.redis
      ? new RedisCallStore(redis, { keyPrefix: config.redis.keyPrefix, deviceLeaseMs: 30_000 })
      : new MemoryCallStore();
  const callReports = new CallReportService({
    calls: callStore,
    recorder: {
      connected: (path) => metrics.callsConnected.inc({ path }),
      failed: () => metrics.callsFailed.inc(),
    },
  });
  const calls = new CallService({
    calls: callStore,
    conversations: conversationStore,
    notifier,
    clock,
    scheduler: options.scheduler ?? systemScheduler,
    ringTimeoutMs: config.calls.ringTimeoutMs,
    reconnectGraceMs: config.calls.reconnectGraceMs,
    reportError,
  });
  const iceServers = new IceServerIssuer(config.ice, clock);
  if (!iceServers.configured) {
    logger.warn('no STUN or TURN server configured: calls will only connect between peers on the same network');
  }

  let shuttingDown = false;
  httpApp = createHttpApp({
    logger,
    accounts,
    conversations,
    attachments,
    transcripts,
    customerContext,
    ratings,
    queue,
    availability,
    iceServers,
    ops: opsRouter({
      db,
      isShuttingDown: () => shuttingDown,
      pingRedis: redis ? () => redis.ping() : null,
      metrics, metricsToken: config.metricsToken }),
    allowedOrigins: config.allowedOrigins,
    cookieSecure: config.cookieSecure,
    authRateLimit: config.authRateLimit,
    sharedRedis,
    trustProxy: config.trustProxy,
    webDist: config.webDist,
  });
  const acks = new AckTracker((event, outcome, seconds) => {
    metrics.observeAck(event, outcome, seconds);
    if (event === 'call:start' && outcome === 'ok') metrics.callsStarted.inc();
  });
  serveEvents(io, {
    logger,
    accounts,
    conversations,
    queue,
    desk,
    ratings,
    callReports,
    presence,
    calls,
    guard: eventRateLimit(createRateLimiter({ name: 'events', points: 50, durationSeconds: 1 }, sharedRedis)),
    acks,
    observeQueueWait: (seconds) => metrics.queueWait.observe(seconds),
  });

  const sweep = setInterval(() => {
    accountStore.deleteExpiredSessions(clock.now().toISOString()).catch(reportError);
  }, SESSION_SWEEP_MS);
  sweep.unref();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Readiness fails first, so a load balancer stops sending new clients here.
      shuttingDown = true;
      clearInterval(sweep);
      // No new connections; requests already under way finish (idle keep-alives are dropped).
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Let every event already received be stored and acknowledged, within the shutdown budget; events
      // arriving from now on are left for the node the client reconnects to.
      acks.refuseNew();
      logger.info({ inFlight: acks.inFlight }, 'draining');
      const budget = new AbortController();
      await Promise.race([acks.drained(), delay(config.shutdownTimeoutMs / 2, undefined, { signal: budget.signal }).catch(() => undefined)]);
      budget.abort();
      await flushAcknowledgements(io);
      // io.close() drops the transports without a socket.io "disconnect" packet, so clients reconnect
      // on their own, to another node, and catch up with `after=` (the test guards this).
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await httpClosed;
      // Under a backlog the first wait may have run out: give what was admitted the rest of the budget
      // before the database closes under it.
      if (acks.inFlight > 0) {
        const rest = new AbortController();
        await Promise.race([acks.drained(), delay(config.shutdownTimeoutMs / 2, undefined, { signal: rest.signal }).catch(() => undefined)]);
        rest.abort();
        if (acks.inFlight > 0) logger.warn({ inFlight: acks.inFlight }, 'shutdown budget spent: closing with events still in flight');
      }
      // Only now: the disconnections above scheduled departures that would query a closed database.
      await presence.close();
      calls.close();
      await db.destroy();
      await redis?.quit().catch(() => undefined);
    })());

  return {
    server,
    io,
    db,
    accounts,
    close,
    inFlightEvents: () => acks.inFlight,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
  };
}
