/** How a connection to one remote device is doing, from its getStats() report. */
export interface CallQuality {
  readonly roundTripMs: number | null;
  readonly inboundKbps: number | null;
  readonly outboundKbps: number | null;
  readonly packetLossPercent: number | null;
  readonly framesPerSecond: number | null;
  readonly codec: string | null;
  /** How the selected candidate pair travels: direct, through a NAT's mapping, or through TURN. */
  readonly path: 'host' | 'srflx' | 'relay' | null;
}

/** The cumulative counters of one report, kept to turn the next one into rates. */
export interface StatsSample {
  readonly timestamp: number;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly packetsReceived: number;
  readonly packetsLost: number;
}

/** What we read of an RTCStatsReport (a maplike of stats dictionaries by id). */
export interface StatsReportLike {
  values(): IterableIterator<Record<string, unknown>>;
  get(id: string): Record<string, unknown> | undefined;
}

export const emptyQuality: CallQuality = {
  roundTripMs: null,
  inboundKbps: null,
  outboundKbps: null,
  packetLossPercent: null,
  framesPerSecond: null,
  codec: null,
  path: null,
};

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * Reads one report: the selected candidate pair (its round-trip time and candidate types), the RTP
 * streams summed (bitrates and loss as rates since `previous`), the received video's frame rate and codec.
 */
export function summarizeStats(report: StatsReportLike, previous: StatsSample | null): { quality: CallQuality; sample: StatsSample } {
  const stats = [...report.values()];
  let pair = stats.find((s) => s['type'] === 'transport' && typeof s['selectedCandidatePairId'] === 'string');
  pair = pair ? report.get(pair['selectedCandidatePairId'] as string) : undefined;
  pair ??= stats.find((s) => s['type'] === 'candidate-pair' && (s['selected'] === true || (s['nominated'] === true && s['state'] === 'succeeded')));

  let timestamp = 0;
  let bytesReceived = 0;
  let bytesSent = 0;
  let packetsReceived = 0;
  let packetsLost = 0;
  let framesPerSecond: number | null = null;
  let videoCodecId: string | null = null;
  let audioCodecId: string | null = null;
  for (const s of stats) {
    timestamp = Math.max(timestamp, num(s['timestamp']) ?? 0);
    if (s['type'] === 'inbound-rtp') {
      bytesReceived += num(s['bytesReceived']) ?? 0;
      packetsReceived += num(s['packetsReceived']) ?? 0;
      packetsLost += Math.max(0, num(s['packetsLost']) ?? 0);
      if (s['kind'] === 'video') {
        const fps = num(s['framesPerSecond']);
        if (fps !== null) framesPerSecond = Math.max(framesPerSecond ?? 0, fps);
        if (typeof s['codecId'] === 'string' && (num(s['bytesReceived']) ?? 0) > 0) videoCodecId ??= s['codecId'];
      } else if (typeof s['codecId'] === 'string') {
        audioCodecId ??= s['codecId'];
      }
    } else if (s['type'] === 'outbound-rtp') {
      bytesSent += num(s['bytesSent']) ?? 0;
    }
  }
  const sample: StatsSample = { timestamp, bytesReceived, bytesSent, packetsReceived, packetsLost };

  const elapsedMs = previous === null ? 0 : timestamp - previous.timestamp;
  const rate = (now: number, before: number) => (elapsedMs > 0 ? Math.max(0, ((now - before) * 8) / elapsedMs) : null);
  const received = previous === null ? 0 : packetsReceived - previous.packetsReceived;
  const lost = previous === null ? 0 : packetsLost - previous.packetsLost;

  const codecId = videoCodecId ?? audioCodecId;
  const mimeType = codecId === null ? undefined : report.get(codecId)?.['mimeType'];
  const rtt = num(pair?.['currentRoundTripTime']);

  return {
    sample,
    quality: {
      roundTripMs: rtt === null ? null : rtt * 1000,
      inboundKbps: previous === null ? null : rate(bytesReceived, previous.bytesReceived),
      outboundKbps: previous === null ? null : rate(bytesSent, previous.bytesSent),
      packetLossPercent: received + lost > 0 ? (Math.max(0, lost) / (received + lost)) * 100 : previous === null ? null : 0,
      framesPerSecond,
      codec: typeof mimeType === 'string' ? mimeType.replace(/^(audio|video)\//, '') : null,
      path: pathOf(pair, report),
    },
  };
}

function pathOf(pair: Record<string, unknown> | undefined, report: StatsReportLike): CallQuality['path'] {
  if (pair === undefined) return null;
  const types = [pair['localCandidateId'], pair['remoteCandidateId']].map((id) =>
    typeof id === 'string' ? report.get(id)?.['candidateType'] : undefined,
  );
  if (types.includes('relay')) return 'relay';
  // A peer-reflexive candidate is one learnt from a connectivity check, usually a host on the same
  // network whose own candidate had not arrived yet: only an explicit srflx says a NAT mapped the path.
  if (types.includes('srflx')) return 'srflx';
  return types.some((type) => type !== undefined) ? 'host' : null;
}

/** The type of the selected pair's local candidate: how this device's media leaves it (for call:report). */
export function localCandidateType(report: StatsReportLike): 'host' | 'srflx' | 'prflx' | 'relay' | undefined {
  const transport = [...report.values()].find((s) => s['type'] === 'transport' && typeof s['selectedCandidatePairId'] === 'string');
  const pair = transport ? report.get(transport['selectedCandidatePairId'] as string) : undefined;
  const local = typeof pair?.['localCandidateId'] === 'string' ? report.get(pair['localCandidateId']) : undefined;
  const type = local?.['candidateType'];
  return type === 'host' || type === 'srflx' || type === 'prflx' || type === 'relay' ? type : undefined;
}
