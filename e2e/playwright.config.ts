import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { agents, baseURL, serverPort } from './tests/fixtures/accounts';
import { chromiumArgs, chromiumExecutable } from './tests/fixtures/chromium';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

// The run drives the BUILT app; say so plainly instead of timing out on a server that cannot start.
const required = ['server/dist/main.js', 'server/dist/cli/agent-create.js', 'web/dist/web/browser/index.html'];
const missing = required.filter((file) => !existsSync(path.join(root, file)));
if (missing.length > 0) {
  throw new Error(`e2e needs the built app; missing ${missing.join(', ')}. Run \`npm run build\` at the repository root.`);
}

const chromium = chromiumExecutable;
if (!existsSync(chromium)) {
  throw new Error(`e2e uses Debian's Chromium at ${chromium} and never downloads a browser: apt-get install -y chromium`);
}

export default defineConfig({
  testDir: 'tests',
  // Two cores: one worker, and each test opens two or three browser contexts of its own.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['json', { outputFile: path.join(here, 'test-results/results.json') }]],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromium,
      args: [...chromiumArgs],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'node scripts/serve.mjs',
    cwd: here,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      E2E_PORT: String(serverPort),
      E2E_DATA_DIR: path.join(os.tmpdir(), `ycyw-e2e-${serverPort}`),
      E2E_AGENTS: JSON.stringify(Object.values(agents)),
      // Short enough for the "missed" journey to wait it out; long enough for any accept in the others.
      CALL_RING_TIMEOUT_MS: '20000',
    },
  },
});
