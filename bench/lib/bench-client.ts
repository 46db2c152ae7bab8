import { io, type Socket } from 'socket.io-client';

/** Where one client connects, and the handshake `auth` it presents. */
export interface ClientSpec {
  url: string;
  auth: Record<string, unknown>;
}

type AckResult = { ok: boolean; error?: { code: string } } & Record<string, unknown>;

/**
 * One load-generating device: a real socket.io client over WebSocket, as the web client opens it,
 * but without reconnection — a connection lost during a run is counted, never hidden.
 */
export class BenchClient {
  /** Set by `session:ready`; the address of signals to this device. */
  deviceId = '';
  /** The other member of its conversation (or room). */
  peer: BenchClient | undefined;
  callId: string | undefined;
  disconnects = 0;

  private constructor(
    readonly index: number,
    readonly conversationId: string,
    readonly socket: Socket,
  ) {
    socket.on('disconnect', () => this.disconnects++);
  }

  /** Connects and resolves after `session:ready`; rejects on connect_error or after `timeoutMs`. */
  static connect(index: number, conversationId: string, spec: ClientSpec, timeoutMs: number): Promise<BenchClient> {
    const socket = io(spec.url, {
      auth: spec.auth,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    });
    const client = new BenchClient(index, conversationId, socket);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`client ${index}: no session:ready within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.disconnect();
        reject(error);
      };
      socket.once('connect_error', (error) => fail(new Error(`client ${index}: connect_error ${error.message}`)));
      socket.once('session:ready', (event: { deviceId: string }) => {
        clearTimeout(timer);
        client.deviceId = event.deviceId;
        resolve(client);
      });
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Emits with an acknowledgement; rejects when the server answers `ok: false` or not within `timeoutMs`. */
  async request(event: string, payload: unknown, timeoutMs = 10_000): Promise<AckResult> {
    const result = (await this.socket.timeout(timeoutMs).emitWithAck(event, payload)) as AckResult;
    if (!result?.ok) throw new Error(`${event} refused: ${result?.error?.code ?? JSON.stringify(result)}`);
    return result;
  }

  close(): void {
    this.socket.disconnect();
  }
}

/**
 * Connects every spec, `batch` at a time (no thundering herd), in index order. Clients that could
 * not connect come back as failures; the caller decides whether the run is still valid.
 */
export async function connectAll(
  specs: readonly { spec: ClientSpec; conversationId: string }[],
  options: { batch: number; timeoutMs: number; onProgress?: (connected: number, failed: number) => void },
): Promise<{ clients: BenchClient[]; failures: string[] }> {
  const clients: BenchClient[] = [];
  const failures: string[] = [];
  for (let start = 0; start < specs.length; start += options.batch) {
    const batch = specs.slice(start, start + options.batch);
    const settled = await Promise.allSettled(
      batch.map(({ spec, conversationId }, i) => BenchClient.connect(start + i, conversationId, spec, options.timeoutMs)),
    );
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') clients.push(outcome.value);
      else failures.push(String((outcome.reason as Error).message ?? outcome.reason));
    }
    options.onProgress?.(clients.length, failures.length);
  }
  return { clients, failures };
}
