import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const serverMain = path.join(root, 'server/dist/main.js');
const agentCli = path.join(root, 'server/dist/cli/agent-create.js');

/** The agent the benchmark's customer calls with, made by the operator CLI before the server starts. */
export const benchAgent = { email: 'bench.agent@ycyw.example.com', password: 'bench-agent-password', displayName: 'Bench Agent' } as const;

export interface BenchServer {
  readonly origin: string;
  stop(): Promise<void>;
}

/** The BUILT app server (API + web app) on a free loopback port, an empty data directory, no STUN/TURN. */
export async function startBenchServer(): Promise<BenchServer> {
  for (const file of [serverMain, agentCli, path.join(root, 'web/dist/web/browser/index.html')]) {
    if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run \`npm run build\` at the repository root first`);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ycyw-bench-calls-'));
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', STUN_URLS: '', TURN_URLS: '' };
  const created = spawnSync(
    process.execPath,
    [agentCli, '--email', benchAgent.email, '--name', benchAgent.displayName, '--password', benchAgent.password],
    { env, encoding: 'utf8' },
  );
  if (created.status !== 0) throw new Error(`agent:create failed: ${created.stderr}`);

  const port = await freePort();
  // Its log goes to our stderr, beside the progress lines; stdout carries the result table only.
  const child = spawn(process.execPath, [serverMain], { env: { ...env, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 2, 2] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(`${origin}/readyz`, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { origin, stop };
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app server was not ready at ${url} within ${timeoutMs} ms`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
