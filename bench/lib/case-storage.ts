import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { DatabaseConfig } from '../../server/src/config.js';

/** The storage of one benchmark case: the nodes' environment for it, and how to remove it afterwards. */
export interface CaseStorage {
  readonly database: DatabaseConfig;
  readonly redis: { readonly url: string; readonly keyPrefix: string } | null;
  /** DATA_DIR / DATABASE_URL / REDIS_URL / REDIS_KEY_PREFIX for the server nodes (empty counts as unset). */
  readonly env: NodeJS.ProcessEnv;
  /**
   * CPU time (µs) used so far by the database server's processes serving this case's database: the
   * PostgreSQL backends connected to it, read from /proc. Null for SQLite (it runs inside the node).
   */
  databaseCpu: (() => Promise<Map<number, number>>) | null;
  dispose(): Promise<void>;
}

const TICKS_PER_SECOND = 100;

/** utime + stime of a process, µs (Linux /proc/<pid>/stat, in clock ticks of 1/100 s). */
function processCpuMicros(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
  } catch {
    return null;
  }
}

/** CPU used between two `databaseCpu` samples; a backend that appeared in between counts from zero. */
export function databaseCpuBetween(start: Map<number, number>, end: Map<number, number>): number {
  let micros = 0;
  for (const [pid, cpu] of end) micros += cpu - (start.get(pid) ?? 0);
  return micros;
}

/** Refuses anything but the loopback interface: the benchmark sends traffic nowhere else. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') throw new Error(`${url}: the benchmark only talks to 127.0.0.1`);
}

/** A fresh SQLite database file in a temporary folder. */
export async function sqliteStorage(): Promise<CaseStorage> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ycyw-bench-'));
  return {
    database: { kind: 'sqlite', file: path.join(dir, 'support.sqlite') },
    redis: null,
    env: { DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '' },
    databaseCpu: null,
    dispose: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database (dropped by `dispose`), and with `redisUrl` a fresh Redis key prefix (deleted too). */
export async function postgresStorage(adminUrl: string, redisUrl: string | null): Promise<CaseStorage> {
  assertLoopback(adminUrl);
  if (redisUrl) assertLoopback(redisUrl);
  const suffix = randomBytes(6).toString('hex');
  const name = `ycyw_bench_${suffix}`;
  await withAdmin(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const redis = redisUrl ? { url: redisUrl, keyPrefix: `ycyw-bench-${suffix}:` } : null;
  return {
    database: { kind: 'postgres', url: url.toString() },
    redis,
    env: { DATA_DIR: '', DATABASE_URL: url.toString(), REDIS_URL: redis?.url ?? '', REDIS_KEY_PREFIX: redis?.keyPrefix ?? '' },
    databaseCpu: () =>
      withAdmin(adminUrl, async (client) => {
        const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [name]);
        const cpu = new Map<number, number>();
        for (const { pid } of rows) {
          const micros = processCpuMicros(pid);
          if (micros !== null) cpu.set(pid, micros);
        }
        return cpu;
      }),
    dispose: async () => {
      await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
      if (redis) await deleteRedisKeys(redis.url, redis.keyPrefix);
    },
  };
}

/** Deletes every key under the prefix (streams, presence, rate limits, sessions). */
async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    let cursor = '0';
    // SCAN visits every key once per full cycle; bounded in case the server keeps writing.
    for (let round = 0; round < 10_000; round++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
}
