import { describe, expect, it } from 'vitest';
import {
  attachmentQuerySchema,
  clientEventSchemas,
  errorCodes,
  limits,
  messagesQuerySchema,
  rateSchema,
  transcriptQuerySchema,
  registerBodySchema,
  sendMessageSchema,
  signalSchema,
} from './index.js';

describe('protocol schemas', () => {
  it('register normalises the email to trimmed lower case', () => {
    const parsed = registerBodySchema.parse({ email: '  Ann@Example.COM ', password: 'long enough', displayName: ' Ann ' });
    expect(parsed).toEqual({ email: 'ann@example.com', password: 'long enough', displayName: 'Ann' });
  });

  it('register rejects a short password and a malformed email', () => {
    const result = registerBodySchema.safeParse({ email: 'not-an-email', password: 'short', displayName: 'A' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(['email', 'password']);
  });

  it('message:send rejects an empty or whitespace body and one over the limit', () => {
    const base = { conversationId: 'c', clientMessageId: 'm' };
    expect(sendMessageSchema.safeParse({ ...base, body: '   ' }).success).toBe(false);
    expect(sendMessageSchema.safeParse({ ...base, body: 'x'.repeat(limits.messageBodyMaxChars + 1) }).success).toBe(false);
    expect(sendMessageSchema.safeParse({ ...base, body: 'x'.repeat(limits.messageBodyMaxChars) }).success).toBe(true);
  });

  it('a history query coerces query-string numbers, defaults the limit and refuses before with after', () => {
    expect(messagesQuerySchema.parse({ before: '42' })).toEqual({ before: 42, limit: limits.historyPageDefault });
    expect(messagesQuerySchema.safeParse({ before: '4', after: '2' }).success).toBe(false);
    expect(messagesQuerySchema.safeParse({ limit: String(limits.historyPageMax + 1) }).success).toBe(false);
  });

  it('a signal needs a description or a candidate, and a null candidate is end-of-candidates', () => {
    expect(signalSchema.safeParse({ callId: 'c', to: 'd' }).success).toBe(false);
    expect(signalSchema.safeParse({ callId: 'c', to: 'd', candidate: null }).success).toBe(true);
    expect(signalSchema.safeParse({ callId: 'c', to: 'd', description: { type: 'offer', sdp: 'v=0' } }).success).toBe(true);
  });

  it('every client event has a schema and the core error codes are all present', () => {
    expect(Object.keys(clientEventSchemas).sort()).toEqual(
      [
        'call:accept', 'call:decline', 'call:leave', 'call:report', 'call:start', 'conversation:invite', 'conversation:rate',
        'conversation:resolve', 'conversation:transfer', 'message:read', 'message:send', 'presence:set', 'queue:take',
        'queue:take-next', 'signal', 'typing',
      ].sort(),
    );
    expect(errorCodes).toEqual(expect.arrayContaining([
      'invalid_payload', 'unauthorized', 'invalid_credentials', 'forbidden', 'not_found', 'email_taken',
      'conflict', 'payload_too_large', 'unsupported_media_type', 'rate_limited', 'internal',
    ]));
  });

  it('a rating is a whole score from 1 to 5 with an optional comment, trimmed and bounded', () => {
    expect(rateSchema.parse({ conversationId: 'c', score: 5, comment: '  Quick  ' })).toEqual({ conversationId: 'c', score: 5, comment: 'Quick' });
    for (const score of [0, 6, 4.5, '5']) expect(rateSchema.safeParse({ conversationId: 'c', score }).success).toBe(false);
    expect(rateSchema.safeParse({ conversationId: 'c', score: 3, comment: 'x'.repeat(limits.ratingCommentMaxChars + 1) }).success).toBe(false);
  });

  it('an attachment needs a file name and a clientMessageId; a transcript is JSON unless txt is asked for', () => {
    expect(attachmentQuerySchema.safeParse({ fileName: '  ', clientMessageId: 'm' }).success).toBe(false);
    expect(attachmentQuerySchema.safeParse({ fileName: 'dent.jpg' }).success).toBe(false);
    expect(attachmentQuerySchema.parse({ fileName: ' dent.jpg ', clientMessageId: 'm' })).toEqual({ fileName: 'dent.jpg', clientMessageId: 'm' });
    expect(transcriptQuerySchema.parse({})).toEqual({ format: 'json' });
    expect(transcriptQuerySchema.safeParse({ format: 'pdf' }).success).toBe(false);
    expect(limits.attachmentContentTypes).toEqual(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf']);
  });
});
