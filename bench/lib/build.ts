import fs from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './server-process.js';

/** Entry points of the built JavaScript that the benchmark runs in its server processes. */
export interface MeasuredCode {
  serverMain: string;
  bareRelay: string;
  probe: string;
}

/** Where the measured JavaScript goes (ignored by git, as every `dist/`). */
export const buildDir = path.join(repoRoot, 'bench', 'dist');

async function sources(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !file.includes(`${path.sep}test-support${path.sep}`));
}

/**
 * Compiles the server's sources, the bare relay and the probe to plain JavaScript, file by file (no
 * bundling), as `tsc` builds the server for production. Measuring through tsx instead would be unfair to
 * the server: tsx compiles with esbuild's `keepNames`, which gives every named closure its own `name`
 * property — ~4 KiB more per connection for the server's per-socket handlers, none for the bare relay's
 * anonymous ones. Returns the entry points.
 */
export async function buildMeasuredCode(): Promise<MeasuredCode> {
  await fs.rm(buildDir, { recursive: true, force: true });
  await build({
    entryPoints: [
      ...(await sources(path.join(repoRoot, 'server', 'src'))),
      path.join(repoRoot, 'bench', 'bare-relay.ts'),
      path.join(repoRoot, 'bench', 'lib', 'process-probe.ts'),
    ],
    outdir: buildDir,
    outbase: repoRoot,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    keepNames: false,
    logLevel: 'warning',
  });
  // ESM needs the package scope to say "module" for .js files outside the workspaces' own folders.
  await fs.writeFile(path.join(buildDir, 'package.json'), '{ "type": "module" }\n');
  return {
    serverMain: path.join(buildDir, 'server', 'src', 'main.js'),
    bareRelay: path.join(buildDir, 'bench', 'bare-relay.js'),
    probe: path.join(buildDir, 'bench', 'lib', 'process-probe.js'),
  };
}
