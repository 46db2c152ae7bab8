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
  agentCannotWriteResolved: 'This conversation is resolved. The customer can reopen it by writing again.',
  notAMember: 'You are no longer in this conversation.',
  customerReopenHint: 'This conversation is resolved. Writing again reopens it and puts you back in the queue.',
  downloadTranscript: 'Download transcript',
  ratedByCustomer: (score: number) => `Rated ${score}/5 by the customer`,
  newMessageFrom: (name: string, subject: string | undefined) =>
    subject === undefined ? `New message from ${name}` : `${name} · ${subject}`,

  // Attachments.
  attachFile: 'Attach file',
  uploading: (fileName: string) => `Sending ${fileName}…`,
  fileTooLarge: (fileName: string, maxBytes: number) =>
    `${fileName} is too large: a file can be at most ${formatBytes(maxBytes)}.`,
  fileTypeNotAllowed: (fileName: string) =>
    `${fileName} cannot be sent: only photos (JPEG, PNG, GIF, WebP) and PDF documents can.`,
  fileEmpty: (fileName: string) => `${fileName} is empty.`,
  fileRefusedTooLarge: (fileName: string) => `${fileName} is larger than the server accepts.`,
  fileNameTooLong: (max: number) => `The file name is too long (at most ${max} characters).`,
  fileSize: (bytes: number) => formatBytes(bytes),
} as const;

/** 980 B, 180 KB, 2.4 MB: sizes as people read them (1 KB = 1024 bytes, like the limits). */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
