import { TestBed } from '@angular/core/testing';
import type { QueueEntry } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { FakeSocketService } from '../core/fake-socket-service';
import { SocketService } from '../core/socket-service';
import { TabAlerts, type TabAlert } from '../core/tab-alerts';
import { QueueAlerts } from './queue-alerts';

function entry(conversationId: string, position: number): QueueEntry {
  return {
    conversationId,
    subject: `Subject ${conversationId}`,
    topic: 'billing',
    customer: { userId: `u-${conversationId}`, displayName: `Customer ${conversationId}` },
    createdAt: '2026-01-01T12:00:00.000Z',
    queuedAt: '2026-01-01T12:00:00.000Z',
    position,
  };
}

describe('QueueAlerts', () => {
  let socket: FakeSocketService;
  let alerts: TabAlert[];

  beforeEach(() => {
    socket = new FakeSocketService();
    alerts = [];
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        { provide: TabAlerts, useValue: { alert: (alert: TabAlert) => alerts.push(alert) } },
        { provide: AuthService, useValue: { onSignOut: () => () => undefined } },
      ],
    });
    TestBed.inject(QueueAlerts);
  });

  it('says nothing about the snapshot of the queue sent on connect', () => {
    socket.receive('queue:updated', { queue: [entry('a', 1), entry('b', 2)] });
    expect(alerts).toEqual([]);
  });

  it('alerts when a customer joins the queue, naming them and their request', () => {
    socket.receive('queue:updated', { queue: [entry('a', 1)] });
    socket.receive('queue:updated', { queue: [entry('a', 1), entry('b', 2)] });
    expect(alerts).toEqual([
      { key: 'queue', title: 'A customer is waiting', body: 'Customer b: Subject b (Billing)', url: '/queue' },
    ]);
  });

  it('says nothing when the queue only shrinks or reorders', () => {
    socket.receive('queue:updated', { queue: [entry('a', 1), entry('b', 2)] });
    socket.receive('queue:updated', { queue: [entry('b', 1)] });
    socket.receive('queue:updated', { queue: [] });
    expect(alerts).toEqual([]);
  });

  it('counts several arrivals in one update as one alert', () => {
    socket.receive('queue:updated', { queue: [] });
    socket.receive('queue:updated', { queue: [entry('a', 1), entry('b', 2)] });
    expect(alerts.map((alert) => alert.title)).toEqual(['2 new customers are waiting']);
  });
});
