import { clientEventSchemas, type ErrorCode } from '@ycyw/protocol';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RatingStats } from '../domain/support/rating-service.js';

const knownEvents = new Set(Object.keys(clientEventSchemas));

/**
 * Everything the server exposes to Prometheus on /metrics. Names follow Prometheus conventions
 * (`ycyw_` prefix, base units, `_total` counters); label values come from closed sets only.
 */
export class ServerMetrics {
  readonly registry = new Registry();

  readonly messagesPersisted = new Counter({
    name: 'ycyw_messages_persisted_total',
    help: 'Chat messages stored (idempotent retries not counted)',
    registers: [this.registry],
  });

  readonly ackDuration = new Histogram({
    name: 'ycyw_socket_ack_duration_seconds',
    help: 'Time from receiving a client event to acknowledging it',
    labelNames: ['event', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly queueLength = new Gauge({
    name: 'ycyw_queue_length',
    help: 'Conversations waiting for an agent',
    registers: [this.registry],
  });

  readonly queueWait = new Histogram({
    name: 'ycyw_queue_wait_seconds',
    help: 'How long a conversation waited before an agent took it',
    buckets: [5, 15, 30, 60, 120, 300, 600, 1200, 3600],
    registers: [this.registry],
  });

  readonly callsStarted = new Counter({
    name: 'ycyw_calls_started_total',
    help: 'Calls started',
    registers: [this.registry],
  });

  readonly callsConnected = new Counter({
    name: 'ycyw_calls_connected_total',
    help: 'Devices whose call media connected, by the candidate type they reported (host, srflx, prflx, relay, unknown)',
    labelNames: ['path'] as const,
    registers: [this.registry],
  });

  readonly callsFailed = new Counter({
    name: 'ycyw_calls_failed_total',
    help: 'Devices whose call media failed to connect, as they reported it',
    registers: [this.registry],
  });

  readonly ratingsGiven = new Counter({
    name: 'ycyw_ratings_given_total',
    help: 'Ratings customers gave to resolved conversations, by score (1-5); a changed rating counts again',
    labelNames: ['score'] as const,
    registers: [this.registry],
  });

  constructor(sources: {
    connectedSockets: () => number;
    usersOnline: () => number;
    /** Read from the database at each scrape, so every node reports the same desk-wide figures. */
    ratingStats: () => Promise<RatingStats>;
  }) {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    for (const score of ['1', '2', '3', '4', '5']) this.ratingsGiven.inc({ score }, 0);
    // Both rating gauges are collected together in one scrape: they share one query. When the database
    // does not answer, they keep their last values rather than failing the whole scrape (readiness says why).
    let pendingStats: Promise<RatingStats | undefined> | undefined;
    const ratingStats = () =>
      (pendingStats ??= sources
        .ratingStats()
        .catch(() => undefined)
        .finally(() => (pendingStats = undefined)));
    new Gauge({
      name: 'ycyw_rating_average',
      help: 'Mean satisfaction score (1-5) of every rated conversation; NaN before the first rating',
      registers: [this.registry],
      async collect() {
        const stats = await ratingStats();
        if (stats) this.set(stats.average ?? Number.NaN);
      },
    });
    new Gauge({
      name: 'ycyw_rated_conversations',
      help: 'Conversations their customer rated',
      registers: [this.registry],
      async collect() {
        const stats = await ratingStats();
        if (stats) this.set(stats.count);
      },
    });
    new Gauge({
      name: 'ycyw_sockets_connected',
      help: 'socket.io connections open on this node',
      registers: [this.registry],
      collect() {
        this.set(sources.connectedSockets());
      },
    });
    new Gauge({
      name: 'ycyw_users_online',
      help: 'Users with at least one device online or away on this node',
      registers: [this.registry],
      collect() {
        this.set(sources.usersOnline());
      },
    });
  }

  /** Records one acknowledgement; unknown event names share one label so clients cannot inflate the series. */
  observeAck(event: string, outcome: 'ok' | ErrorCode, seconds: number): void {
    this.ackDuration.observe({ event: knownEvents.has(event) ? event : 'unknown', outcome }, seconds);
  }
}
