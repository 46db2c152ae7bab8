/** Which takes tell the recent pace of the desk: the last few, and only recent ones. */
export const recentTakes = {
  maxCount: 10,
  withinMs: 2 * 60 * 60 * 1000,
} as const;

/** Mean seconds between consecutive takes; null with fewer than two (no interval to measure). */
export function meanTakeIntervalSeconds(takenAt: readonly string[]): number | null {
  if (takenAt.length < 2) return null;
  const times = takenAt.map((t) => Date.parse(t));
  // The mean of consecutive gaps telescopes to (newest - oldest) / gaps.
  return (Math.max(...times) - Math.min(...times)) / 1000 / (times.length - 1);
}

/**
 * A waiting customer's estimated wait: their position times the recent interval between takes. Null when
 * there is no recent pace to go by, or while no agent is online (nobody would take it at that pace).
 */
export function estimateWaitSeconds(position: number, meanIntervalSeconds: number | null, agentsOnline: number): number | null {
  if (meanIntervalSeconds === null || agentsOnline === 0) return null;
  return Math.round(position * meanIntervalSeconds);
}
