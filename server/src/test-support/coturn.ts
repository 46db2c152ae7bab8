import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { answersStun } from './turn-client.js';

/** A real coturn (Debian's `turnserver`) on loopback, checking the TURN REST API credentials of `use-auth-secret`. */
export interface Coturn {
  readonly host: string;
  readonly port: number;
  /** The shared secret: the app server's TURN_SECRET. */
  readonly secret: string;
  readonly realm: string;
  /** `turn:127.0.0.1:PORT?transport=udp`, for TURN_URLS. */
  readonly turnUrl: string;
  /** `stun:127.0.0.1:PORT` (the same listener answers STUN), for STUN_URLS. */
  readonly stunUrl: string;
  /** What coturn printed so far. */
  output(): string;
  /** Kills it (SIGTERM, then SIGKILL) and removes its files; safe to call twice. */
  stop(): Promise<void>;
}

/** A loopback port free for both TCP and UDP right now (coturn listens on both). */
export async function freeTcpAndUdpPort(attempts = 20): Promise<number> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error(`no loopback port free for both TCP and UDP after ${attempts} attempts`);
}

export interface CoturnOptions {
  secret?: string;
  realm?: string;
  /**
   * A configuration file to start from (e.g. deploy/coturn/turnserver.conf); the command line still sets
   * the address, ports, secret and realm. Without it, coturn reads no file at all (`-n`).
   */
  configFile?: string;
  /**
   * Relay to 127.0.0.1 peers (default true: everything in a test is on loopback). Production never does:
   * deploy/coturn/turnserver.conf denies loopback and private peers.
   */
  allowLoopbackPeers?: boolean;
  /** More command-line options, e.g. `--allowed-peer-ip=…`. */
  extraArgs?: readonly string[];
  readyWithinMs?: number;
}

/**
 * Starts coturn on a free loopback port with a random secret, and resolves once it answers a STUN binding
 * request. Stop it in an `afterAll`.
 */
export async function startCoturn(options: CoturnOptions = {}): Promise<Coturn> {
  const host = '127.0.0.1';
  const port = await freeTcpAndUdpPort();
  const secret = options.secret ?? randomBytes(24).toString('hex');
  const realm = options.realm ?? 'ycyw.test';
  // Its pid file and (always opened, unused) user database in a folder of its own, so that instances
  // started in parallel never share /var/run/turnserver.pid or /var/lib/turn/turndb.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ycyw-coturn-'));
  const relayBase = 20000 + Math.floor(Math.random() * 40) * 1000;
  const child: ChildProcess = spawn(
    'turnserver',
    [
      ...(options.configFile ? ['-c', options.configFile] : ['-n']),
      `--listening-ip=${host}`,
      `--relay-ip=${host}`,
      `--listening-port=${port}`,
      `--min-port=${relayBase}`,
      `--max-port=${relayBase + 999}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      `--realm=${realm}`,
      '--fingerprint',
      ...((options.allowLoopbackPeers ?? true) ? ['--allow-loopback-peers'] : []),
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      '--log-file=stdout',
      '--simple-log',
      `--pidfile=${path.join(dir, 'turnserver.pid')}`,
      `--userdb=${path.join(dir, 'turndb')}`,
      ...(options.extraArgs ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && !spawnError) {
        child.kill('SIGTERM');
        const killed = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(killed);
      }
      rmSync(dir, { recursive: true, force: true });
    })());

  const deadline = Date.now() + (options.readyWithinMs ?? 10_000);
  while (!(await answersStun({ host, port }, 200))) {
    const gone = spawnError ?? (child.exitCode !== null ? new Error(`exited with code ${child.exitCode}`) : undefined);
    if (gone || Date.now() > deadline) {
      await stop();
      const why = gone ? gone.message : 'not answering STUN in time';
      throw new Error(`coturn did not start (${why}); is Debian's coturn installed?\n${chunks.join('')}`);
    }
  }
  return {
    host,
    port,
    secret,
    realm,
    turnUrl: `turn:${host}:${port}?transport=udp`,
    stunUrl: `stun:${host}:${port}`,
    output: () => chunks.join(''),
    stop,
  };
}
