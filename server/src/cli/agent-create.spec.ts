import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../app.js';
import { loadConfig } from '../config.js';

const script = fileURLToPath(new URL('./agent-create.ts', import.meta.url));

describe('npm run agent:create (operator command)', () => {
  let dataDir: string;
  const agentCreate = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      input,
      encoding: 'utf8',
      timeout: 30_000,
    });

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ycyw-cli-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function withApp<T>(run: (app: App) => Promise<T>): Promise<T> {
    const app = await createApp({ ...loadConfig({ DATA_DIR: dataDir, WEB_DIST: '' }) }, { logger: pino({ level: 'silent' }) });
    try {
      return await run(app);
    } finally {
      await app.close();
    }
  }

  it('creates an agent who can then log in with the agent role', async () => {
    const result = agentCreate(['--email', 'Alex@Example.com', '--name', 'Alex Martin', '--password', 'agent password 1']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Created agent Alex Martin <alex@example.com>');

    const session = await withApp((app) => app.accounts.login('alex@example.com', 'agent password 1'));
    expect(session.user).toMatchObject({ displayName: 'Alex Martin', role: 'agent' });
  });

  it('reads the password from standard input when no --password is given', async () => {
    const result = agentCreate(['--email', 'sam@example.com', '--name', 'Sam'], 'stdin password 1\n');
    expect(result.status).toBe(0);
    const session = await withApp((app) => app.accounts.login('sam@example.com', 'stdin password 1'));
    expect(session.user.role).toBe('agent');
  });

  it('refuses an email that already has an account, with exit code 1', () => {
    const result = agentCreate(['--email', 'alex@example.com', '--name', 'Again', '--password', 'agent password 2']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('already exists');
  });

  it('prints its usage and exits 2 without --email or --name, and 2 for a too-short password', () => {
    const missing = agentCreate(['--name', 'Nobody', '--password', 'agent password 3']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('usage: npm run agent:create');
    const short = agentCreate(['--email', 'short@example.com', '--name', 'Short', '--password', 'short']);
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('password');
  });
});
