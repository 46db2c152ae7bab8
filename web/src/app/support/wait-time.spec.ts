import { waitTimeText } from './wait-time';

describe('waitTimeText', () => {
  const queuedAt = '2026-01-01T12:00:00.000Z';
  const after = (ms: number) => Date.parse(queuedAt) + ms;

  it('counts whole minutes from when the conversation entered the queue', () => {
    expect(waitTimeText(queuedAt, after(59_000))).toBe('waiting for less than a minute');
    expect(waitTimeText(queuedAt, after(60_000))).toBe('waiting for 1 min');
    expect(waitTimeText(queuedAt, after(59 * 60_000 + 59_000))).toBe('waiting for 59 min');
  });

  it('switches to hours past an hour', () => {
    expect(waitTimeText(queuedAt, after(125 * 60_000))).toBe('waiting for 2 h 5 min');
  });

  it('reads a server clock ahead of ours as no wait rather than a negative one', () => {
    expect(waitTimeText(queuedAt, after(-30_000))).toBe('waiting for less than a minute');
  });
});
