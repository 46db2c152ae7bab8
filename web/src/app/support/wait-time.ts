import { supportStrings } from './support.strings';

/** How long a customer has waited since `queuedAt`, as the queue shows it; a clock ahead of ours counts as no wait. */
export function waitTimeText(queuedAt: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(queuedAt)) / 60_000));
  return supportStrings.waitingFor(minutes);
}
