#!/usr/bin/env node
// `npm run start:cluster -- N`: N server nodes on ports PORT+1 … PORT+N (default 3001…), sharing the
// database of DATABASE_URL and Redis at REDIS_URL (both required: nodes must share state). Put
// deploy/nginx/ycyw-support.conf (or any sticky load balancer) in front. Ctrl-C / SIGTERM stops them
// all gracefully. Build first (`npm run build`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(root, 'server/dist/main.js');
const count = Number(process.argv[2] ?? 2);
const basePort = Number(process.env.PORT ?? 3000);

if (!Number.isInteger(count) || count < 1 || count > 16) {
  console.error('usage: npm run start:cluster -- N   (1 ≤ N ≤ 16)');
  process.exit(2);
}
for (const name of ['DATABASE_URL', 'REDIS_URL']) {
  if (!process.env[name]) {
    console.error(`${name} is required: the nodes share PostgreSQL and Redis (see README, "Several nodes").`);
    process.exit(2);
  }
}
if (!existsSync(main)) {
  console.error('server/dist/main.js is missing: run `npm run build` first.');
  process.exit(2);
}

const nodes = Array.from({ length: count }, (_, i) => {
  const port = basePort + 1 + i;
  const child = spawn(process.execPath, [main], { env: { ...process.env, PORT: String(port) }, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    console.error(`node on port ${port} exited (${signal ?? code})`);
    if (!stopping) stop('SIGTERM', 1);
  });
  return child;
});
console.error(`started ${count} nodes on ports ${basePort + 1}…${basePort + count}`);

let stopping = false;
function stop(signal, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  let alive = nodes.filter((n) => n.exitCode === null).length;
  if (alive === 0) process.exit(exitCode);
  for (const node of nodes) {
    if (node.exitCode !== null) continue;
    node.once('exit', () => {
      if (--alive === 0) process.exit(exitCode);
    });
    node.kill(signal);
  }
}
process.on('SIGINT', () => stop('SIGTERM'));
process.on('SIGTERM', () => stop('SIGTERM'));
