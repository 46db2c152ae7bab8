import type { CallReportPayload, MediaPath, User } from '@ycyw/protocol';
import { DomainError } from '../domain-error.js';
import type { CallStore } from './call-store.js';

/** Where the reports go: the operator's metrics. */
export interface CallOutcomeRecorder {
  connected(path: MediaPath | 'unknown'): void;
  failed(): void;
}

/** Remembered reports, so a retried report is not counted twice; old ones are forgotten first. */
const REMEMBERED_REPORTS = 10_000;

/**
 * Counts how calls' media connected, as the devices in them report it (only a browser knows its
 * selected candidate pair). One report per joined device and call.
 */
export class CallReportService {
  readonly #calls: Pick<CallStore, 'find'>;
  readonly #recorder: CallOutcomeRecorder;
  readonly #reported = new Set<string>();

  constructor(deps: { calls: Pick<CallStore, 'find'>; recorder: CallOutcomeRecorder }) {
    this.#calls = deps.calls;
    this.#recorder = deps.recorder;
  }

  /** Records a device's report about a live call it is joined to; forbidden for anyone else. */
  async report(user: User, deviceId: string, input: CallReportPayload): Promise<void> {
    const call = await this.#calls.find(input.callId);
    if (!call) throw new DomainError('not_found', 'No such live call');
    const joined = call.participants.some((p) => p.userId === user.id && p.deviceId === deviceId && p.state === 'joined');
    if (!joined) throw new DomainError('forbidden', 'Only a device joined to the call reports on it');
    const key = `${call.id}|${deviceId}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    if (this.#reported.size > REMEMBERED_REPORTS) this.#reported.delete(this.#reported.values().next().value as string);
    if (input.outcome === 'connected') this.#recorder.connected(input.path ?? 'unknown');
    else this.#recorder.failed();
  }
}
