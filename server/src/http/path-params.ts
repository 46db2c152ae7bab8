import { z } from 'zod';
import { conversationRefSchema } from '@ycyw/protocol';
import { parseInput } from '../parse-input.js';

/** The `:id` of a conversation path, checked like the conversationId of a socket payload. */
export const conversationIdOf = (id: string) => parseInput(conversationRefSchema, { conversationId: id }).conversationId;

const attachmentRefSchema = z.object({ attachmentId: z.string().min(1).max(100) });

/** The `:id` of an attachment path. */
export const attachmentIdOf = (id: string) => parseInput(attachmentRefSchema, { attachmentId: id }).attachmentId;
