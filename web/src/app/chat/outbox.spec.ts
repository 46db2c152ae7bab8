import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { AckResult, Message, SendMessagePayload } from '@ycyw/protocol';
import { AuthService } from '../core/auth-service';
import { FakeSocketService } from '../core/fake-socket-service';
import { SocketService, SocketUnavailableError } from '../core/socket-service';
import { Outbox, OUTBOX_RETRY_DELAYS_MS } from './outbox';

let nextId = 100;
function stored(payload: SendMessagePayload): Message {
  return {
    id: nextId++,
    conversationId: payload.conversationId,
    senderId: 'me',
    senderName: 'Me',
    clientMessageId: payload.clientMessageId,
    kind: 'text',
    body: payload.body,
    createdAt: new Date().toISOString(),
  };
}

describe('Outbox', () => {
  let socket: FakeSocketService;
  let outbox: Outbox;
  const sends = () => socket.sent.filter((s) => s.event === 'message:send').map((s) => s.payload as SendMessagePayload);

  beforeEach(() => {
    socket = new FakeSocketService();
    TestBed.configureTestingModule({
      providers: [
        { provide: SocketService, useValue: socket },
        { provide: AuthService, useValue: { user: signal(null), onSignOut: () => () => undefined } },
        { provide: OUTBOX_RETRY_DELAYS_MS, useValue: [1] },
      ],
    });
    outbox = TestBed.inject(Outbox);
  });

  it('shows a message as pending at once and removes it when acknowledged', async () => {
    let acknowledge!: (ack: AckResult<{ message: Message }>) => void;
    socket.respond = (_event, payload) => {
      return new Promise((resolve) => (acknowledge = () => resolve({ ok: true, message: stored(payload as SendMessagePayload) })));
    };
    const delivered: Message[] = [];
    outbox.onDelivered((message) => delivered.push(message));

    outbox.send('c1', 'Hello');
    expect(outbox.pending()).toMatchObject([{ conversationId: 'c1', body: 'Hello', state: 'sending' }]);

    await vi.waitFor(() => expect(sends()).toHaveLength(1));
    acknowledge({ ok: true, message: stored(sends()[0]!) });
    await vi.waitFor(() => expect(outbox.pending()).toEqual([]));
    expect(delivered.map((m) => m.body)).toEqual(['Hello']);
  });

  it('retries an unacknowledged send with the same clientMessageId until acknowledged', async () => {
    let attempts = 0;
    socket.respond = async (_event, payload) => {
      attempts += 1;
      if (attempts < 3) throw new SocketUnavailableError('timed out');
      return { ok: true, message: stored(payload as SendMessagePayload) };
    };

    const pending = outbox.send('c1', 'Are you there?');

    await vi.waitFor(() => expect(outbox.pending()).toEqual([]));
    expect(sends()).toHaveLength(3);
    expect(new Set(sends().map((s) => s.clientMessageId))).toEqual(new Set([pending.clientMessageId]));
  });

  it('waits while disconnected and sends when the connection comes back', async () => {
    socket.drop();
    socket.respond = async (_event, payload) => ({ ok: true, message: stored(payload as SendMessagePayload) });

    outbox.send('c1', 'Written offline');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sends()).toEqual([]);
    expect(outbox.pending()).toHaveLength(1);

    socket.reconnect();
    await vi.waitFor(() => expect(outbox.pending()).toEqual([]));
    expect(sends().map((s) => s.body)).toEqual(['Written offline']);
  });

  it('stops showing a message as pending when its message:new echo arrives before the acknowledgement', async () => {
    socket.respond = () => new Promise(() => undefined); // the acknowledgement never comes
    const pending = outbox.send('c1', 'Echoed');
    await vi.waitFor(() => expect(sends()).toHaveLength(1));

    socket.receive('message:new', { message: stored(sends()[0]!) });

    expect(outbox.pending().map((p) => p.clientMessageId)).not.toContain(pending.clientMessageId);
  });

  it('marks a refused message failed without retrying, and sends it again with its id on retry', async () => {
    let refuse = true;
    socket.respond = async (_event, payload) =>
      refuse
        ? { ok: false, error: { code: 'forbidden', message: 'not a member' } }
        : { ok: true, message: stored(payload as SendMessagePayload) };

    const pending = outbox.send('c1', 'Let me in');
    await vi.waitFor(() => expect(outbox.pending()).toMatchObject([{ state: 'failed', error: 'forbidden' }]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sends()).toHaveLength(1);

    refuse = false;
    outbox.retry(pending.clientMessageId);
    await vi.waitFor(() => expect(outbox.pending()).toEqual([]));
    expect(sends().map((s) => s.clientMessageId)).toEqual([pending.clientMessageId, pending.clientMessageId]);
  });

  it('sends one message at a time, in the order they were written', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    socket.respond = async (_event, payload) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return { ok: true, message: stored(payload as SendMessagePayload) };
    };

    outbox.send('c1', 'one');
    outbox.send('c1', 'two');
    outbox.send('c2', 'three');

    await vi.waitFor(() => expect(outbox.pending()).toEqual([]));
    expect(sends().map((s) => s.body)).toEqual(['one', 'two', 'three']);
    expect(maxInFlight).toBe(1);
  });
});
