import type { Message } from '@ycyw/protocol';
import { mergeMessages } from './merge-messages';

function message(id: number, body = `message ${id}`): Message {
  return {
    id,
    conversationId: 'c1',
    senderId: 'u1',
    senderName: 'Ana',
    clientMessageId: `client-${id}`,
    kind: 'text',
    body,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, id)).toISOString(),
  };
}

const ids = (messages: readonly Message[]) => messages.map((m) => m.id);

describe('mergeMessages', () => {
  it('appends newer messages in ascending id order', () => {
    expect(ids(mergeMessages([message(1), message(2)], [message(3), message(4)]))).toEqual([1, 2, 3, 4]);
  });

  it('keeps a message once when the echo and the acknowledgement both deliver it', () => {
    const afterEcho = mergeMessages([message(1)], [message(2)]);
    expect(ids(mergeMessages(afterEcho, [message(2)]))).toEqual([1, 2]);
  });

  it('places an earlier page before what is shown', () => {
    expect(ids(mergeMessages([message(5), message(6)], [message(3), message(4)]))).toEqual([3, 4, 5, 6]);
  });

  it('sorts a catch-up page that overlaps live messages and drops the duplicates', () => {
    const live = [message(1), message(2), message(6)];
    expect(ids(mergeMessages(live, [message(3), message(4), message(5), message(6)]))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('drops duplicates inside one incoming batch', () => {
    expect(ids(mergeMessages([], [message(2), message(2), message(1)]))).toEqual([1, 2]);
  });

  it('returns the same array when nothing is new, so a signal holding it does not notify', () => {
    const existing = [message(1), message(2)];
    expect(mergeMessages(existing, [message(2)])).toBe(existing);
  });
});
