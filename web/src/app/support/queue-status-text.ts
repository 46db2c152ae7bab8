import type { QueuePosition } from '@ycyw/protocol';
import { supportStrings } from './support.strings';

/**
 * What a waiting customer reads about their place in the queue, one sentence per line: the position,
 * the estimate when the server has one (rounded up, so "about 1 min" rather than "about 0 min"), and
 * that nobody will answer soon when no agent is online.
 */
export function queueStatusLines(position: QueuePosition): string[] {
  const lines = [supportStrings.positionInLine(position.position)];
  if (position.estimatedWaitSeconds !== null) {
    lines.push(supportStrings.estimatedWait(Math.max(1, Math.ceil(position.estimatedWaitSeconds / 60))));
  }
  if (position.agentsOnline === 0) lines.push(supportStrings.noAgentOnline);
  return lines;
}
