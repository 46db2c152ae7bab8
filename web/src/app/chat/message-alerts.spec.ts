import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Message } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { FakeSocketService } from '../core/fake-socket-service';
import { SocketService } from '../core/socket-service';
import { TabAlerts, type TabAlert } from '../core/tab-alerts';
import { Inbox } from './inbox';
import { MessageAlerts } from './message-alerts';

function message(senderId: string, kind: Message['kind'] = 'text', body = 'My tyre is flat'): Message {
  return {
    id: 1,
    conversationId: 'c1',
    senderId,
    senderName: senderId === 'me' ? 'Me' : 'Camille',
    clientMessageId: 'x',
    kind,
    body,
    createdAt: '2026-01-01T12:00:00.000Z',
  };
}

describe('MessageAlerts', () => {
  let socket: FakeSocketService;
  let alerts: TabAlert[];

  beforeEach(() => {
    socket = new FakeSocketService();
    alerts = [];
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        { provide: TabAlerts, useValue: { alert: (alert: TabAlert) => alerts.push(alert) } },
        { provide: AuthService, useValue: { user: signal({ id: 'me' }) } },
        { provide: Inbox, useValue: { conversations: signal([{ id: 'c1', subject: 'Flat tyre near Lyon' }]) } },
      ],
    });
    TestBed.inject(MessageAlerts);
  });

  it("alerts about another member's message, keyed by its conversation", () => {
    socket.receive('message:new', { message: message('camille') });
    expect(alerts).toEqual([
      { key: 'c1', title: 'Camille · Flat tyre near Lyon', body: 'My tyre is flat', url: '/conversations/c1' },
    ]);
  });

  it('never alerts about my own messages, nor about call entries', () => {
    socket.receive('message:new', { message: message('me') });
    socket.receive('message:new', { message: message('camille', 'call', 'Video call, 2 min') });
    expect(alerts).toEqual([]);
  });

  it('shortens a long message', () => {
    socket.receive('message:new', { message: message('camille', 'text', 'x'.repeat(500)) });
    expect(alerts[0]!.body).toHaveLength(140);
    expect(alerts[0]!.body.endsWith('…')).toBe(true);
  });
});
