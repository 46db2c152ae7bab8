import type { ConversationStatus, PresenceStatus } from '@ycyw/protocol';

/** UI text of the conversation list and the conversation view. */
export const chatStrings = {
  listTitle: 'Your conversations',
  listLabel: 'Conversations',
  newRequest: 'New support request',
  noConversations: 'No conversation yet. Open a support request and an agent will answer you here.',
  noConversationsAgent: 'No conversation yet. Take one from the queue.',
  openQueue: 'Go to the queue',
  loading: 'Loading…',
  unread: (count: number) => (count === 1 ? '1 unread message' : `${count} unread messages`),
  status: {
    waiting: 'Waiting for an agent',
    active: 'In progress',
    resolved: 'Resolved',
  } satisfies Record<ConversationStatus, string>,
  presence: {
    online: 'online',
    away: 'away',
    offline: 'offline',
  } satisfies Record<PresenceStatus, string>,
  backToList: 'All conversations',
  members: 'People in this conversation',
  you: 'you',
  waitingForAgent: 'Your request is in the queue. An agent will join this conversation shortly; you can already write.',
  messagesLabel: 'Messages',
  noMessages: 'No message yet.',
  loadEarlier: 'Load earlier messages',
  sending: 'Sending…',
  notSent: 'Not sent.',
  retry: 'Retry',
  discard: 'Discard',
  seen: 'Seen',
  typing: (names: readonly string[]) =>
    names.length === 1 ? `${names[0]} is typing…` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`,
  messageLabel: 'Message',
  messagePlaceholder: 'Write a message',
  send: 'Send',
  tooLong: (max: number) => `A message holds at most ${max} characters.`,
} as const;
