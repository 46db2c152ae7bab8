// Starts the BUILT server for the e2e run on an empty data directory, after creating the agents with the
// operator CLI (the same command an operator runs). Playwright's webServer runs this script and stops
// the whole process group at the end.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const serverMain = path.join(root, 'server/dist/main.js');
const agentCli = path.join(root, 'server/dist/cli/agent-create.js');
const webDist = path.join(root, 'web/dist/web/browser');

function fail(message) {
  console.error(`[e2e serve] ${message}`);
  process.exit(1);
}

for (const file of [serverMain, agentCli, path.join(webDist, 'index.html')]) {
  if (!existsSync(file)) fail(`${path.relative(root, file)} is missing: run \`npm run build\` at the repository root first.`);
}

const { E2E_PORT: port, E2E_DATA_DIR: dataDir, E2E_AGENTS: agentsJson } = process.env;
if (!port || !dataDir || !agentsJson) fail('E2E_PORT, E2E_DATA_DIR and E2E_AGENTS must be set (playwright.config.ts sets them).');

// A fresh directory each run: the SQLite file starts empty, so the run never depends on an earlier one.
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
for (const agent of JSON.parse(agentsJson)) {
  const created = spawnSync(
    process.execPath,
    [agentCli, '--email', agent.email, '--name', agent.displayName, '--password', agent.password],
    { env, stdio: 'inherit' },
  );
  if (created.status !== 0) fail(`creating agent ${agent.email} failed (exit ${created.status ?? created.signal})`);
}

const server = spawn(process.execPath, [serverMain], {
  env: { ...env, PORT: port, HOST: '127.0.0.1', WEB_DIST: webDist },
  stdio: 'inherit',
});
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
// Playwright signals the whole group; the server shuts down on its own, this script waits for it.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => undefined);
