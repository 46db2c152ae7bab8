import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { AuthService } from './auth-service';
import { PageVisibility } from './page-visibility';
import { ALERT_CHANNELS, ALERT_WINDOW_MS, TabAlerts, type AlertChannels, type TabAlert } from './tab-alerts';

describe('TabAlerts', () => {
  const visible = signal(false);
  let channels: AlertChannels & { notified: TabAlert[]; chimes: number; clicks: (() => void)[] };
  let permission: NotificationPermission;
  let navigated: string[];
  const alertFor = (key: string): TabAlert => ({ key, title: `About ${key}`, body: 'Hello', url: `/conversations/${key}` });

  function create(): TabAlerts {
    TestBed.configureTestingModule({
      providers: [
        { provide: ALERT_CHANNELS, useValue: channels },
        { provide: ALERT_WINDOW_MS, useValue: 5000 },
        { provide: PageVisibility, useValue: { visible } },
        { provide: AuthService, useValue: { onSignOut: () => () => undefined } },
        { provide: Router, useValue: { navigateByUrl: async (url: string) => navigated.push(url) } },
      ],
    });
    return TestBed.inject(TabAlerts);
  }

  beforeEach(() => {
    vi.useFakeTimers();
    visible.set(false);
    permission = 'default';
    navigated = [];
    channels = {
      notified: [],
      chimes: 0,
      clicks: [],
      notificationsSupported: () => true,
      permission: () => permission,
      requestPermission: async () => (permission = 'granted'),
      notify(alert, onClick) {
        this.notified.push(alert);
        this.clicks.push(onClick);
      },
      chime() {
        this.chimes += 1;
      },
      unlockSound: () => undefined,
    };
  });

  afterEach(() => vi.useRealTimers());

  it('asks for permission only when told to (a click), then notifies', async () => {
    const alerts = create();
    alerts.alert(alertFor('c1'));
    expect(channels.notified).toEqual([]);
    expect(channels.chimes).toBe(1); // the sound needs no permission

    await alerts.enable();
    expect(alerts.permission()).toBe('granted');
    vi.advanceTimersByTime(5000);
    alerts.alert(alertFor('c1'));
    expect(channels.notified.map((alert) => alert.key)).toEqual(['c1']);
  });

  it('stays silent while the person looks at the tab', () => {
    permission = 'granted';
    visible.set(true);
    const alerts = create();
    alerts.alert(alertFor('c1'));
    expect(channels.notified).toEqual([]);
    expect(channels.chimes).toBe(0);
  });

  it('notifies at most once per conversation every five seconds, each conversation on its own', () => {
    permission = 'granted';
    const alerts = create();
    alerts.alert(alertFor('c1'));
    alerts.alert(alertFor('c1'));
    alerts.alert(alertFor('c2'));
    vi.advanceTimersByTime(4000);
    alerts.alert(alertFor('c1'));
    expect(channels.notified.map((alert) => alert.key)).toEqual(['c1', 'c2']);
    expect(channels.chimes).toBe(2);

    vi.advanceTimersByTime(1000);
    alerts.alert(alertFor('c1'));
    expect(channels.notified.map((alert) => alert.key)).toEqual(['c1', 'c2', 'c1']);
  });

  it('opens the page the notification is about when clicked', () => {
    permission = 'granted';
    const alerts = create();
    alerts.alert(alertFor('c7'));
    channels.clicks[0]!();
    expect(navigated).toEqual(['/conversations/c7']);
  });

  it('does not ask again once the person said no', async () => {
    permission = 'denied';
    const requestPermission = vi.spyOn(channels, 'requestPermission');
    const alerts = create();
    await alerts.enable();
    expect(requestPermission).not.toHaveBeenCalled();
    expect(alerts.permission()).toBe('denied');
  });
});
