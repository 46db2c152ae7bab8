import { describe, expect, it } from 'vitest';
import { PresenceTracker } from './presence-tracker.js';

describe('PresenceTracker', () => {
  it('says offline for a user it has never seen', () => {
    expect(new PresenceTracker().statusOf('u1')).toBe('offline');
  });

  it('reports the change when a user’s first device comes online', () => {
    const tracker = new PresenceTracker();

    expect(tracker.set('u1', 'tab-a', 'online')).toBe('online');
    expect(tracker.statusOf('u1')).toBe('online');
  });

  it('reports nothing when a second tab comes online, nor when one of two tabs closes', () => {
    const tracker = new PresenceTracker();
    tracker.set('u1', 'tab-a', 'online');

    expect(tracker.set('u1', 'tab-b', 'online')).toBeUndefined();
    expect(tracker.remove('u1', 'tab-a')).toBeUndefined();
    expect(tracker.statusOf('u1')).toBe('online');
  });

  it('reports offline when the last device goes', () => {
    const tracker = new PresenceTracker();
    tracker.set('u1', 'tab-a', 'online');
    tracker.set('u1', 'tab-b', 'away');
    tracker.remove('u1', 'tab-a');

    expect(tracker.remove('u1', 'tab-b')).toBe('offline');
    expect(tracker.statusOf('u1')).toBe('offline');
  });

  it('is online while any device is online, and away only when every device is away', () => {
    const tracker = new PresenceTracker();
    tracker.set('u1', 'tab-a', 'online');
    tracker.set('u1', 'tab-b', 'online');

    expect(tracker.set('u1', 'tab-a', 'away')).toBeUndefined();
    expect(tracker.statusOf('u1')).toBe('online');
    expect(tracker.set('u1', 'tab-b', 'away')).toBe('away');
    expect(tracker.set('u1', 'tab-a', 'online')).toBe('online');
  });

  it('turns away when the only online tab closes and an away tab remains', () => {
    const tracker = new PresenceTracker();
    tracker.set('u1', 'tab-a', 'online');
    tracker.set('u1', 'tab-b', 'away');

    expect(tracker.remove('u1', 'tab-a')).toBe('away');
  });

  it('keeps users apart', () => {
    const tracker = new PresenceTracker();
    tracker.set('u1', 'tab-a', 'online');
    tracker.set('u2', 'tab-b', 'away');

    expect(tracker.remove('u2', 'tab-b')).toBe('offline');
    expect(tracker.statusOf('u1')).toBe('online');
    expect(tracker.statusOf('u2')).toBe('offline');
  });

  it('reports nothing when an unknown device is removed', () => {
    const tracker = new PresenceTracker();
    tracker.set('u1', 'tab-a', 'online');

    expect(tracker.remove('u1', 'tab-zzz')).toBeUndefined();
    expect(tracker.remove('u9', 'tab-zzz')).toBeUndefined();
    expect(tracker.statusOf('u1')).toBe('online');
  });
});
