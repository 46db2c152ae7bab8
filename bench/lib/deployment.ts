import type { BenchClient, ClientSpec } from './bench-client.js';
import type { ServerProcess } from './server-process.js';

/** Two clients that talk: the customer and the agent of one conversation (one room of the bare relay). */
export interface PairSpec {
  conversationId: string;
  customer: ClientSpec;
  agent: ClientSpec;
}

/** A running system under test — our nodes or the bare relay's — and how its clients reach it. */
export interface Deployment {
  /** The measured server processes (one per node). */
  readonly processes: readonly ServerProcess[];
  readonly pairs: readonly PairSpec[];
  /** CPU so far of the database server's processes serving it (PostgreSQL backends), per pid, µs. */
  databaseCpu: (() => Promise<Map<number, number>>) | null;
  /** Makes the two connected devices joined participants of a call; resolves with the call id. */
  joinCall(caller: BenchClient, callee: BenchClient): Promise<string>;
  /** Hangs the call up (best effort), so that the next run on the same storage can start one again. */
  leaveCall(caller: BenchClient, callee: BenchClient): Promise<void>;
  stop(): Promise<void>;
}

/** Something that can be started fresh for each measured run. */
export interface Target {
  readonly label: string;
  start(): Promise<Deployment>;
}
