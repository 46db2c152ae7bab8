import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { ConversationSummary, Message } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { AuthService } from '../core/auth-service';
import { FakeSocketService } from '../core/fake-socket-service';
import { PageVisibility } from '../core/page-visibility';
import { SocketService } from '../core/socket-service';
import { Inbox } from './inbox';

function summary(id: string): ConversationSummary {
  return {
    id,
    subject: `Subject ${id}`,
    topic: 'billing',
    status: 'active',
    members: [],
    createdAt: '2026-01-01T12:00:00.000Z',
    lastMessageId: null,
    queuedAt: '2026-01-01T12:00:00.000Z',
    resolvedAt: null,
    rating: null,
    unreadCount: 0,
  };
}

function message(id: number, conversationId: string, senderId: string): Message {
  return {
    id,
    conversationId,
    senderId,
    senderName: senderId,
    clientMessageId: `client-${id}`,
    kind: 'text',
    body: 'hi',
    createdAt: '2026-01-01T12:00:00.000Z',
  };
}

describe('Inbox', () => {
  let socket: FakeSocketService;
  let inbox: Inbox;
  const visible = signal(true);
  const unread = () => Object.fromEntries((inbox.conversations() ?? []).map((c) => [c.id, c.unreadCount]));

  beforeEach(async () => {
    socket = new FakeSocketService();
    visible.set(true);
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        { provide: ApiClient, useValue: { conversations: async () => ({ conversations: [summary('a'), summary('b')] }) } },
        { provide: AuthService, useValue: { user: signal({ id: 'me' }), onSignOut: () => () => undefined } },
        { provide: PageVisibility, useValue: { visible } },
      ],
    });
    inbox = TestBed.inject(Inbox);
    await inbox.load();
  });

  it("counts another member's new message as unread", () => {
    socket.receive('message:new', { message: message(1, 'a', 'agent') });
    socket.receive('message:new', { message: message(2, 'a', 'agent') });
    expect(unread()).toEqual({ a: 2, b: 0 });
  });

  it('never counts my own messages', () => {
    socket.receive('message:new', { message: message(1, 'a', 'me') });
    expect(unread()).toEqual({ a: 0, b: 0 });
  });

  it('does not count messages of the conversation on screen, unless the tab is hidden', () => {
    inbox.startReading('a');
    socket.receive('message:new', { message: message(1, 'a', 'agent') });
    visible.set(false);
    socket.receive('message:new', { message: message(2, 'a', 'agent') });
    expect(unread()).toEqual({ a: 1, b: 0 });

    inbox.markRead('a');
    expect(unread()).toEqual({ a: 0, b: 0 });
  });

  it('lists the conversation with the latest message first', () => {
    socket.receive('message:new', { message: message(5, 'b', 'agent') });
    expect(inbox.conversations()?.map((c) => c.id)).toEqual(['b', 'a']);
  });
});
