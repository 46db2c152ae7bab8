import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const agentCreate = fileURLToPath(new URL('../cli/agent-create.ts', import.meta.url));

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server node as its own process (from source, through tsx), so a test can kill -9 it. */
export class NodeProcess {
  readonly output: string[] = [];
  #exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.#exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts a node and resolves once /readyz answers 200 (30 s at most). */
  static async start(env: NodeJS.ProcessEnv): Promise<NodeProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', WEB_DIST: '', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = new NodeProcess(child, port);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`node exited early:\n${node.output.join('')}`);
      const ready = await fetch(`${node.url}/readyz`).then((r) => r.ok, () => false);
      if (ready) return node;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`node not ready within 30 s:\n${node.output.join('')}`);
  }

  /** Sends a signal and resolves with the exit code once the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.#exited;
  }
}

/** Creates an agent with the operator CLI against the given database. */
export function createAgentWithCli(env: NodeJS.ProcessEnv, email: string, name: string, password: string): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', agentCreate, '--email', email, '--name', name, '--password', password], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`agent:create failed: ${result.stderr}`);
}

/**
 * The smallest load balancer: each new TCP connection goes to the first backend that accepts it. When a
 * node dies, clients reconnecting land on the next one — as behind nginx with a failed upstream.
 */
export class FailoverProxy {
  readonly #server: net.Server;
  /** Every client and upstream socket, destroyed on close. */
  readonly #open: Set<net.Socket>;

  private constructor(server: net.Server, open: Set<net.Socket>, readonly port: number) {
    this.#server = server;
    this.#open = open;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(backendPorts: readonly number[]): Promise<FailoverProxy> {
    const open = new Set<net.Socket>();
    const server = net.createServer((client) => {
      open.add(client);
      client.once('close', () => open.delete(client));
      client.pause();
      const tryBackend = (index: number) => {
        if (index >= backendPorts.length) return client.destroy();
        const upstream = net.connect(backendPorts[index]!, '127.0.0.1');
        upstream.once('error', () => tryBackend(index + 1));
        upstream.once('connect', () => {
          upstream.removeAllListeners('error');
          open.add(upstream);
          upstream.once('close', () => open.delete(upstream));
          upstream.on('error', () => client.destroy());
          client.on('error', () => upstream.destroy());
          client.pipe(upstream).pipe(client);
          client.resume();
        });
      };
      tryBackend(0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FailoverProxy(server, open, (server.address() as net.AddressInfo).port);
  }

  async close(): Promise<void> {
    this.#server.close();
    for (const socket of this.#open) socket.destroy();
  }
}
