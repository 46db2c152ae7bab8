import { localCandidateType, summarizeStats, type StatsReportLike } from './call-quality';

function report(entries: Record<string, unknown>[]): StatsReportLike {
  const map = new Map(entries.map((entry) => [entry['id'] as string, entry]));
  return { values: () => map.values(), get: (id) => map.get(id) };
}

function sample(at: number, bytesReceived: number, bytesSent: number, packetsReceived: number, packetsLost: number, localType = 'host') {
  return report([
    { id: 'T1', type: 'transport', timestamp: at, selectedCandidatePairId: 'P1' },
    { id: 'P1', type: 'candidate-pair', timestamp: at, localCandidateId: 'L1', remoteCandidateId: 'R1', currentRoundTripTime: 0.042 },
    { id: 'L1', type: 'local-candidate', timestamp: at, candidateType: localType },
    { id: 'R1', type: 'remote-candidate', timestamp: at, candidateType: 'host' },
    { id: 'IV', type: 'inbound-rtp', kind: 'video', timestamp: at, bytesReceived, packetsReceived, packetsLost, framesPerSecond: 30, codecId: 'C1' },
    { id: 'OV', type: 'outbound-rtp', kind: 'video', timestamp: at, bytesSent },
    { id: 'C1', type: 'codec', timestamp: at, mimeType: 'video/VP8' },
  ]);
}

describe('summarizeStats', () => {
  it('reads round-trip time, frame rate, codec and path at once, and rates from the second report on', () => {
    const first = summarizeStats(sample(1000, 100_000, 50_000, 1000, 0), null);
    expect(first.quality).toMatchObject({ roundTripMs: 42, framesPerSecond: 30, codec: 'VP8', path: 'host', inboundKbps: null });

    const second = summarizeStats(sample(2000, 225_000, 112_500, 1090, 10), first.sample);
    expect(second.quality.inboundKbps).toBe(1000);
    expect(second.quality.outboundKbps).toBe(500);
    expect(second.quality.packetLossPercent).toBe(10);
  });

  it('calls a path through TURN relay, and one through a NAT mapping srflx', () => {
    expect(summarizeStats(sample(1, 0, 0, 0, 0, 'relay'), null).quality.path).toBe('relay');
    expect(summarizeStats(sample(1, 0, 0, 0, 0, 'srflx'), null).quality.path).toBe('srflx');
  });

  it('knows nothing before a candidate pair is selected', () => {
    expect(summarizeStats(report([]), null).quality.path).toBeNull();
  });
});

describe('localCandidateType', () => {
  it('is the type of the selected pair’s local candidate', () => {
    expect(localCandidateType(sample(1, 0, 0, 0, 0, 'prflx'))).toBe('prflx');
    expect(localCandidateType(report([]))).toBeUndefined();
  });
});
