import { describe, expect, it } from 'vitest';
import { estimateWaitSeconds, meanTakeIntervalSeconds } from './queue-estimate.js';

describe('queue estimate', () => {
  it('has no interval with fewer than two takes', () => {
    expect(meanTakeIntervalSeconds([])).toBeNull();
    expect(meanTakeIntervalSeconds(['2026-01-01T10:00:00.000Z'])).toBeNull();
  });

  it('averages the gaps between takes, whatever their order', () => {
    expect(meanTakeIntervalSeconds(['2026-01-01T10:03:00.000Z', '2026-01-01T10:00:00.000Z', '2026-01-01T10:01:00.000Z'])).toBe(90);
  });

  it('multiplies the position by the interval, rounded to a second', () => {
    expect(estimateWaitSeconds(3, 80.4, 2)).toBe(241);
  });

  it('gives no estimate without a pace or without an agent online', () => {
    expect(estimateWaitSeconds(1, null, 3)).toBeNull();
    expect(estimateWaitSeconds(1, 60, 0)).toBeNull();
  });
});
