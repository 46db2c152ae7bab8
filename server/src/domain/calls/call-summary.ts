import type { Call, CallOutcome, CallSummary } from '@ycyw/protocol';

/**
 * What the conversation timeline keeps of an ended call. Unanswered, it was cancelled if someone was
 * still ringing when it ended (the caller hung up first), declined if anyone declined, else missed.
 */
export function summarizeCall(call: Call): CallSummary {
  const outcome: CallOutcome = call.answeredAt
    ? 'answered'
    : call.participants.some((p) => p.state === 'ringing')
      ? 'cancelled'
      : call.participants.some((p) => p.state === 'declined')
        ? 'declined'
        : 'missed';
  const durationMs = call.answeredAt && call.endedAt ? Date.parse(call.endedAt) - Date.parse(call.answeredAt) : null;
  return {
    callId: call.id,
    media: call.media,
    outcome,
    startedBy: call.startedBy,
    durationSeconds: durationMs === null ? null : Math.max(0, Math.round(durationMs / 1000)),
    // Joining is the only way to `joined` or `left`, and neither state ever goes back to ringing.
    joined: call.participants.filter((p) => p.state === 'joined' || p.state === 'left').map((p) => p.displayName),
  };
}

/** The readable body of a call's timeline entry: "Video call, 2 min 5 s", "Missed audio call", … */
export function describeCall(summary: CallSummary): string {
  const media = summary.media === 'video' ? 'video call' : 'audio call';
  switch (summary.outcome) {
    case 'answered':
      return `${capitalize(media)}, ${formatDuration(summary.durationSeconds ?? 0)}`;
    case 'missed':
      return `Missed ${media}`;
    case 'declined':
      return `Declined ${media}`;
    case 'cancelled':
      return `Cancelled ${media}`;
  }
}

/** 45 → "45 s", 125 → "2 min 5 s", 3600 → "1 h 0 min 0 s". */
export function formatDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${minutes} min ${seconds} s`;
  if (minutes > 0) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
