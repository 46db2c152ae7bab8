import type { Message } from '@ycyw/protocol';
import { formatFileSize } from '../attachments/file-size.js';
import type { Transcript } from './transcript-service.js';

/** "2026-11-25T21:52:07.123Z" → "2026-11-25 21:52 UTC". */
function minuteOf(iso: string): string {
  const utc = new Date(iso).toISOString();
  return `${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC`;
}

/**
 * Lines after the first are indented: every entry then starts at the margin with its time, and a message
 * cannot pass itself off as another entry by containing "\n[2026-… UTC] Alex: …".
 */
const indentContinuation = (text: string) => text.replace(/\r\n?|\n/g, '\n    ');

function describeEntry(message: Message): string {
  switch (message.kind) {
    case 'system':
      return `* ${message.body}`;
    case 'call': {
      const joined = message.call?.joined ?? [];
      return `* Call: ${message.body}${joined.length > 0 ? ` (${joined.join(', ')})` : ''}`;
    }
    case 'file': {
      const size = message.attachment ? ` (${formatFileSize(message.attachment.sizeBytes)})` : '';
      return `${message.senderName} sent a file: ${message.attachment?.fileName ?? message.body}${size}`;
    }
    case 'text':
      return `${message.senderName}: ${message.body}`;
  }
}

/** The plain-text transcript: a header, then one entry per line, `[YYYY-MM-DD HH:MM UTC] Name: text`. */
export function transcriptText(transcript: Transcript): string {
  const { conversation } = transcript;
  const customer = conversation.members.find((m) => m.role === 'customer');
  const header = [
    `Support conversation: ${conversation.subject}`,
    `Topic: ${conversation.topic}`,
    `Customer: ${customer?.displayName ?? 'unknown'}`,
    `Status: ${conversation.status}`,
    `Opened: ${minuteOf(conversation.createdAt)}`,
    ...(conversation.rating
      ? [`Rating: ${conversation.rating.score}/5${conversation.rating.comment ? ` (${conversation.rating.comment})` : ''}`]
      : []),
    `Exported at: ${minuteOf(transcript.exportedAt)}`,
  ].map(indentContinuation);
  const entries = transcript.messages.map((m) => `[${minuteOf(m.createdAt)}] ${indentContinuation(describeEntry(m))}`);
  return `${[...header, '', ...entries].join('\n')}\n`;
}

/** "Flat tyre near Lyon!" exported on 2026-11-25 → "transcript-flat-tyre-near-lyon-2026-11-25.txt". */
export function transcriptFileName(transcript: Transcript): string {
  const slug =
    transcript.conversation.subject
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 60)
      .replace(/^-+|-+$/g, '') || 'conversation';
  return `transcript-${slug}-${transcript.exportedAt.slice(0, 10)}.txt`;
}
