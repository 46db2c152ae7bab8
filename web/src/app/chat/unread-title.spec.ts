import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import type { ConversationSummary, Message } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { AuthService } from '../core/auth-service';
import { FakeSocketService } from '../core/fake-socket-service';
import { PageVisibility } from '../core/page-visibility';
import { SocketService } from '../core/socket-service';
import { titleWithUnread, UnreadTitle } from './unread-title';

describe('titleWithUnread', () => {
  it('puts the unread count in front of the page title', () => {
    expect(titleWithUnread('Conversation · Live Support', 3)).toBe('(3) Conversation · Live Support');
  });

  it('leaves the title alone when nothing is unread', () => {
    expect(titleWithUnread('Conversation · Live Support', 0)).toBe('Conversation · Live Support');
  });
});

describe('UnreadTitle', () => {
  const summary = (id: string, unreadCount: number): ConversationSummary => ({
    id,
    subject: id,
    topic: 'billing',
    status: 'active',
    members: [],
    createdAt: '2026-01-01T12:00:00.000Z',
    lastMessageId: null,
    queuedAt: '2026-01-01T12:00:00.000Z',
    resolvedAt: null,
    rating: null,
    unreadCount,
  });
  const message = (id: number, conversationId: string): Message => ({
    id,
    conversationId,
    senderId: 'agent',
    senderName: 'Agent',
    clientMessageId: `m${id}`,
    kind: 'text',
    body: 'hello',
    createdAt: '2026-01-01T12:00:00.000Z',
  });

  let socket: FakeSocketService;
  const user = signal<{ id: string } | null>(null);
  const loaded = () => vi.waitFor(() => expect(TestBed.inject(UnreadTitle).unread()).toBeGreaterThan(0));

  beforeEach(() => {
    socket = new FakeSocketService();
    user.set(null);
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        { provide: ApiClient, useValue: { conversations: async () => ({ conversations: [summary('a', 2), summary('b', 1)] }) } },
        { provide: AuthService, useValue: { user, onSignOut: () => () => undefined } },
        { provide: PageVisibility, useValue: { visible: signal(false) } },
      ],
    });
    TestBed.inject(Title).setTitle('Conversations · Live Support');
  });

  it('loads the unread counts at sign-in and shows their total in the title, live', async () => {
    TestBed.inject(UnreadTitle);
    TestBed.tick();
    expect(document.title).toBe('Conversations · Live Support');

    user.set({ id: 'me' });
    TestBed.tick();
    await loaded();
    TestBed.tick();
    expect(document.title).toBe('(3) Conversations · Live Support');

    socket.receive('message:new', { message: message(9, 'b') });
    TestBed.tick();
    expect(document.title).toBe('(4) Conversations · Live Support');
  });
});
