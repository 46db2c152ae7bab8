import { AlertThrottle } from './alert-throttle';

describe('AlertThrottle', () => {
  it('lets one alert per key through in any window', () => {
    const throttle = new AlertThrottle(5000);
    expect(throttle.allow('c1', 0)).toBe(true);
    expect(throttle.allow('c1', 1000)).toBe(false);
    expect(throttle.allow('c1', 4999)).toBe(false);
    expect(throttle.allow('c1', 5000)).toBe(true);
  });

  it('does not let dropped alerts extend the window', () => {
    const throttle = new AlertThrottle(5000);
    throttle.allow('c1', 0);
    throttle.allow('c1', 4000);
    expect(throttle.allow('c1', 5000)).toBe(true);
  });

  it('throttles each key on its own', () => {
    const throttle = new AlertThrottle(5000);
    expect(throttle.allow('c1', 0)).toBe(true);
    expect(throttle.allow('c2', 10)).toBe(true);
    expect(throttle.allow('queue', 20)).toBe(true);
    expect(throttle.allow('c2', 30)).toBe(false);
  });

  it('forgets everything when cleared (at sign-out)', () => {
    const throttle = new AlertThrottle(5000);
    throttle.allow('c1', 0);
    throttle.clear();
    expect(throttle.allow('c1', 1)).toBe(true);
  });
});
