import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root: child processes run there. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** What a measured process says about itself: memory after a full GC, CPU time so far. */
export interface ProcessSample {
  rss: number;
  heapUsed: number;
  cpu: NodeJS.CpuUsage;
  /** Wall clock of the sample, ms (epoch). */
  at: number;
  /** Since the previous sample: how late the event loop ran a 5 ms timer, and the GC pauses (ms). */
  stalls: StallFigures;
}

export interface StallFigures {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  gc: { count: number; totalMs: number; maxMs: number };
}

export interface ServerProcessOptions {
  /** What the process is, for error messages. */
  name: string;
  /** The JavaScript entry point (see build.ts). */
  script: string;
  /** The built process-probe.ts, preloaded with `--import`. */
  probe: string;
  env: NodeJS.ProcessEnv;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeArgs?: readonly string[];
  /** Path answering 200 once the process serves (default `/readyz`). */
  readyPath?: string;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A server in its own process, so that its memory and CPU are its own and not the load generator's.
 * Like the tests' NodeProcess, but running built JavaScript (see build.ts), plus the probe
 * (`--expose-gc`, IPC) to sample it.
 */
export class ServerProcess {
  readonly output: string[] = [];
  readonly #exited: Promise<number | null>;
  readonly #pending = new Map<number, (answer: ProcessSample) => void>();
  #nextSample = 1;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (message: ProcessSample & { probe?: string; id?: number }) => {
      if (message?.id === undefined) return;
      this.#pending.get(message.id)?.(message);
      this.#pending.delete(message.id);
    });
    this.#exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Starts the process and resolves once it answers its ready path (60 s at most). */
  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--expose-gc', ...(options.nodeArgs ?? []), '--import', options.probe, options.script],
      {
        cwd: repoRoot,
        env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    const server = new ServerProcess(options.name, child, port);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${options.name} exited early:\n${server.output.join('')}`);
      const ready = await fetch(`${server.url}${options.readyPath ?? '/readyz'}`).then((r) => r.ok, () => false);
      if (ready) return server;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`${options.name} not ready within 60 s:\n${server.output.join('')}`);
  }

  /** Memory and CPU time, as the process itself measures them; `gc` forces a full collection first. */
  sample(gc: boolean, timeoutMs = 15_000): Promise<ProcessSample> {
    return this.#ask({ probe: 'sample', gc }, timeoutMs);
  }

  /** Writes a V8 heap snapshot of the process to `file`. */
  async writeHeapSnapshot(file: string): Promise<void> {
    await this.#ask({ probe: 'heap-snapshot', file }, 120_000);
  }

  #ask(request: Record<string, unknown>, timeoutMs: number): Promise<ProcessSample> {
    const id = this.#nextSample++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.name} did not answer the probe within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.child.send({ ...request, id });
    });
  }

  /** SIGTERM (a graceful stop writes the CPU profile), SIGKILL after `graceMs`; resolves with the exit code. */
  async stop(graceMs = 20_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.#exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
