import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { limits } from '@ycyw/protocol';

const list = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.url().optional(),
  REDIS_URL: z.url().optional(),
  REDIS_KEY_PREFIX: z.string().default('ycyw:'),
  ALLOWED_ORIGINS: list,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 30),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  TRUST_PROXY: z.string().default('loopback'),
  WEB_DIST: z.string().optional(),
  STUN_URLS: list,
  TURN_URLS: list,
  TURN_SECRET: z.string().min(16).optional(),
  TURN_TTL: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(3600),
  AUTH_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().positive().default(300),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  METRICS_TOKEN: z.string().min(16).optional(),
  CALL_RING_TIMEOUT_MS: z.coerce.number().int().min(1).max(10 * 60 * 1000).default(30_000),
  CALL_RECONNECT_GRACE_MS: z.coerce.number().int().min(0).max(10 * 60 * 1000).default(15_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().positive().default(limits.attachmentMaxBytes),
});

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  /** Several nodes share events, presence and rate limits through this Redis; null for one node. */
  readonly redis: { readonly url: string; readonly keyPrefix: string } | null;
  /** Browser origins allowed besides the server's own (same-origin requests are always allowed). */
  readonly allowedOrigins: readonly string[];
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly sessionTtlMs: number;
  readonly cookieSecure: boolean;
  readonly trustProxy: string;
  /** Folder of the built Angular app, or null to serve the API only. */
  readonly webDist: string | null;
  readonly ice: {
    readonly stunUrls: readonly string[];
    readonly turnUrls: readonly string[];
    readonly turnSecret: string | null;
    readonly turnTtlSeconds: number;
  };
  /** Brute-force brakes on register and login, per 15 minutes. */
  readonly authRateLimit: {
    readonly perAddress: number;
    readonly failuresPerAccount: number;
    readonly windowSeconds: number;
  };
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  readonly metricsToken: string | null;
  readonly calls: {
    /** How long a call rings before the members who did not answer count as missed. */
    readonly ringTimeoutMs: number;
    /** How long a joined device may stay disconnected before it counts as having left the call. */
    readonly reconnectGraceMs: number;
  };
  readonly shutdownTimeoutMs: number;
  readonly attachments: {
    /** Where the file-system blob store keeps attachments (`DATA_DIR/attachments`). */
    readonly dir: string;
    /** Largest attachment accepted, in bytes. */
    readonly maxBytes: number;
  };
}

const defaultWebDist = fileURLToPath(new URL('../../web/dist/web/browser', import.meta.url));

/** Reads the environment once into a frozen Config; throws with every problem listed when it is invalid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset (`DATABASE_URL= npm start`), except WEB_DIST, where empty means
  // "serve the API only".
  const set = Object.fromEntries(Object.entries(env).filter(([key, value]) => value !== '' || key === 'WEB_DIST'));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', file: path.join(dataDir, 'support.sqlite') },
    redis: e.REDIS_URL ? Object.freeze({ url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX }) : null,
    allowedOrigins: Object.freeze(e.ALLOWED_ORIGINS),
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600 * 1000,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    webDist: e.WEB_DIST === '' ? null : path.resolve(e.WEB_DIST ?? defaultWebDist),
    ice: Object.freeze({
      stunUrls: Object.freeze(e.STUN_URLS),
      turnUrls: Object.freeze(e.TURN_URLS),
      turnSecret: e.TURN_SECRET ?? null,
      turnTtlSeconds: e.TURN_TTL,
    }),
    authRateLimit: Object.freeze({
      perAddress: e.AUTH_ATTEMPTS_PER_ADDRESS,
      failuresPerAccount: e.LOGIN_FAILURES_PER_ACCOUNT,
      windowSeconds: 15 * 60,
    }),
    metricsToken: e.METRICS_TOKEN ?? null,
    calls: Object.freeze({ ringTimeoutMs: e.CALL_RING_TIMEOUT_MS, reconnectGraceMs: e.CALL_RECONNECT_GRACE_MS }),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    attachments: Object.freeze({ dir: path.join(dataDir, 'attachments'), maxBytes: e.ATTACHMENT_MAX_BYTES }),
  } satisfies Config);
}
