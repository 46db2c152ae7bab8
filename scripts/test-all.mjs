#!/usr/bin/env node
// `npm test`: builds everything, then runs every suite — protocol, server (SQLite and PostgreSQL),
// web unit tests, and the real-browser end-to-end tests — and ends with one summary line.
// A suite that fails, skips a test, or runs none fails the whole run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ycyw-test-'));

function run(command, args, cwd = root) {
  console.log(`\n$ ${[command, ...args].join(' ')}${cwd === root ? '' : `   (in ${path.relative(root, cwd)})`}`);
  return spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } }).status ?? 1;
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

const services = [
  ['PostgreSQL', new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'), 5432],
  ['Redis', new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'), 6379],
];
for (const [name, url, defaultPort] of services) {
  if (!(await reachable(url.hostname, Number(url.port || defaultPort)))) {
    console.error(`${name} is not reachable at ${url.host}: the integration tests need it (see README, "Test it").`);
    process.exit(1);
  }
}

/** Counts from a vitest JSON report. */
function vitestCounts(file) {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

/** Counts from a Playwright JSON report. */
function playwrightCounts(file) {
  const { stats } = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

const suites = [
  {
    name: 'protocol',
    cwd: 'packages/protocol',
    command: (out) => ['npx', ['vitest', 'run', '--typecheck', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]],
    counts: vitestCounts,
  },
  {
    name: 'server',
    cwd: 'server',
    command: (out) => ['npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]],
    counts: vitestCounts,
  },
  {
    name: 'web',
    cwd: 'web',
    // The unit-test builder writes the first reporter's output to --output-file.
    command: (out) => ['npx', ['ng', 'test', '--watch=false', '--reporters=json', '--reporters=default', `--output-file=${out}`]],
    counts: vitestCounts,
  },
  {
    name: 'e2e',
    cwd: 'e2e',
    command: (out) => ['npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out }],
    counts: playwrightCounts,
  },
];

if (run('npm', ['run', 'build']) !== 0) {
  console.error('\nbuild failed');
  process.exit(1);
}

const results = [];
for (const suite of suites) {
  const out = path.join(reports, `${suite.name}.json`);
  const [command, args, env] = suite.command(out);
  Object.assign(process.env, env ?? {});
  const status = run(command, args, path.join(root, suite.cwd));
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = suite.counts(out);
  } catch {
    counts.failed = 1; // no report: the runner itself failed
  }
  const ok = status === 0 && counts.failed === 0 && counts.skipped === 0 && counts.passed > 0;
  results.push({ name: suite.name, status, ok, ...counts });
}

console.log('\nSuite      passed  failed  skipped');
for (const r of results) {
  console.log(`${r.name.padEnd(10)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}${r.ok ? '' : '   <- FAILED'}`);
}
const total = (key) => results.reduce((sum, r) => sum + r[key], 0);
const failed = total('failed') + results.filter((r) => !r.ok && r.failed === 0).length;
console.log(`\n${total('passed')} passed, ${failed} failed, ${total('skipped')} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
