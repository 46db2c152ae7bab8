import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Conversation, Message, MessagesQuery, MessagesResponse, SendMessagePayload } from '@ycyw/protocol';
import { ApiClient } from '../core/api-client';
import { AuthService } from '../core/auth-service';
import { FakeSocketService } from '../core/fake-socket-service';
import { PageVisibility } from '../core/page-visibility';
import { SocketService } from '../core/socket-service';
import { ConversationRoom } from './conversation-room';
import { OUTBOX_RETRY_DELAYS_MS } from './outbox';

const me = { id: 'me', email: 'me@example.com', displayName: 'Me', role: 'customer' as const };

function message(id: number, senderId = 'agent'): Message {
  return {
    id,
    conversationId: 'c1',
    senderId,
    senderName: senderId === 'me' ? 'Me' : 'Agent',
    clientMessageId: `client-${id}`,
    kind: 'text',
    body: `message ${id}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, id)).toISOString(),
  };
}

const conversation: Conversation = {
  id: 'c1',
  subject: 'Late pick-up',
  topic: 'reservation',
  status: 'active',
  members: [
    { userId: 'me', displayName: 'Me', role: 'customer', lastReadMessageId: null },
    { userId: 'agent', displayName: 'Agent', role: 'agent', lastReadMessageId: null },
  ],
  createdAt: new Date(Date.UTC(2026, 0, 1, 12)).toISOString(),
  lastMessageId: null,
  queuedAt: '2026-01-01T12:00:00.000Z',
  resolvedAt: null,
  rating: null,
};

/** A deferred answer, to decide in the test when a request completes. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ConversationRoom', () => {
  let socket: FakeSocketService;
  let room: ConversationRoom;
  let pages: { query: MessagesQuery; answer: ReturnType<typeof deferred<MessagesResponse>> }[];
  const ids = () => room.messages().map((m) => m.id);
  /** Answers the oldest unanswered messages request. */
  async function answer(response: MessagesResponse): Promise<MessagesQuery> {
    await vi.waitFor(() => expect(pages.length).toBeGreaterThan(0));
    const page = pages.shift()!;
    page.answer.resolve(response);
    await new Promise((resolve) => setTimeout(resolve, 0));
    return page.query;
  }

  beforeEach(() => {
    socket = new FakeSocketService();
    pages = [];
    const api = {
      conversation: vi.fn(async () => ({ conversation })),
      conversations: vi.fn(async () => ({ conversations: [] })),
      messages: vi.fn((_id: string, query: MessagesQuery = {}) => {
        const answer = deferred<MessagesResponse>();
        pages.push({ query, answer });
        return answer.promise;
      }),
    };
    TestBed.configureTestingModule({
      providers: [
        ConversationRoom,
        { provide: ApiClient, useValue: api },
        { provide: SocketService, useValue: socket },
        { provide: AuthService, useValue: { user: signal(me), onSignOut: () => () => undefined } },
        { provide: PageVisibility, useValue: { visible: signal(true) } },
        { provide: OUTBOX_RETRY_DELAYS_MS, useValue: [1] },
      ],
    });
    room = TestBed.inject(ConversationRoom);
  });

  it('loads the newest page, then pages backwards with before', async () => {
    void room.open('c1');
    expect(await answer({ messages: [message(51), message(52)], hasMore: true })).toEqual({});
    expect(await answer({ messages: [], hasMore: false })).toMatchObject({ after: 52 }); // catch-up after open
    expect(room.hasEarlier()).toBe(true);

    const loading = room.loadEarlier();
    expect(await answer({ messages: [message(49), message(50)], hasMore: false })).toEqual({ before: 51 });
    await loading;

    expect(ids()).toEqual([49, 50, 51, 52]);
    expect(room.hasEarlier()).toBe(false);
  });

  it('after a reconnection fetches after the last message seen before the drop, page by page, missing nothing', async () => {
    void room.open('c1');
    await answer({ messages: [message(1), message(2)], hasMore: false });
    await answer({ messages: [], hasMore: false });

    socket.drop();
    socket.reconnect();
    // A live message arrives before the catch-up pages: it must not become the catch-up's starting point.
    socket.receive('message:new', { message: message(6) });

    expect(await answer({ messages: [message(3), message(4)], hasMore: true })).toMatchObject({ after: 2 });
    expect(await answer({ messages: [message(5), message(6)], hasMore: false })).toMatchObject({ after: 4 });
    await vi.waitFor(() => expect(ids()).toEqual([1, 2, 3, 4, 5, 6]));
  });

  it('shows a sent message once: pending first, then the stored copy from the echo and the acknowledgement', async () => {
    void room.open('c1');
    await answer({ messages: [], hasMore: false });
    await answer({ messages: [], hasMore: false });
    let acknowledge!: () => void;
    socket.respond = (_event, payload) =>
      new Promise((resolve) => {
        const sent = { ...message(7, 'me'), clientMessageId: (payload as SendMessagePayload).clientMessageId };
        acknowledge = () => resolve({ ok: true, message: sent });
      });

    room.send('  Hello there  ');
    expect(room.pending().map((p) => p.body)).toEqual(['Hello there']);
    await vi.waitFor(() => expect(socket.sent.some((s) => s.event === 'message:send')).toBe(true));

    const { clientMessageId } = room.pending()[0]!;
    socket.receive('message:new', { message: { ...message(7, 'me'), clientMessageId } });
    acknowledge();
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(ids()).toEqual([7]);
    expect(room.pending()).toEqual([]);
  });

  it('marks the newest message read while visible, and says Seen once the other member read mine', async () => {
    void room.open('c1');
    await answer({ messages: [message(1), message(2, 'me')], hasMore: false });
    await answer({ messages: [], hasMore: false });
    TestBed.tick();

    expect(socket.sent).toContainEqual({ event: 'message:read', payload: { conversationId: 'c1', messageId: 2 } });
    expect(room.seenMessageId()).toBeNull();

    socket.receive('message:read', { conversationId: 'c1', userId: 'agent', messageId: 2 });
    expect(room.seenMessageId()).toBe(2);
  });

  it('shows who is typing for three seconds after their last typing event', async () => {
    vi.useFakeTimers();
    try {
      void room.open('c1');
      socket.receive('typing', { conversationId: 'c1', userId: 'agent', displayName: 'Agent' });
      expect(room.typingNames()).toEqual(['Agent']);
      vi.advanceTimersByTime(2900);
      expect(room.typingNames()).toEqual(['Agent']);
      vi.advanceTimersByTime(200);
      expect(room.typingNames()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells the others about typing at most once every two seconds', () => {
    vi.useFakeTimers();
    try {
      void room.open('c1');
      room.typing();
      room.typing();
      vi.advanceTimersByTime(1000);
      room.typing();
      vi.advanceTimersByTime(1100);
      room.typing();
      expect(socket.sent.filter((s) => s.event === 'typing')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
