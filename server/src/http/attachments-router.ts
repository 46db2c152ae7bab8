import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { create as contentDisposition } from 'content-disposition';
import { type Request, Router } from 'express';
import { attachmentQuerySchema, type MessageResponse } from '@ycyw/protocol';
import type { AttachmentService } from '../domain/attachments/attachment-service.js';
import { parseInput } from '../parse-input.js';
import { sessionOf } from './authenticate.js';
import { attachmentIdOf, conversationIdOf } from './path-params.js';

const UPLOAD_PATH = /^\/conversations\/[^/]+\/attachments\/?$/;

/** An upload's body is the file itself, streamed to the blob store: the JSON body parser must leave it alone. */
export const isAttachmentUpload = (req: Request) => req.method === 'POST' && UPLOAD_PATH.test(req.path);

/**
 * After a refused upload, up to this much more of its body is read and thrown away while the answer goes
 * out: closing a connection with unread data resets it, and the client might never read our 413 or 415.
 * A client that keeps sending past this is cut off.
 */
const DISCARD_BUDGET_BYTES = 1024 * 1024;

/** Attachments never change: a member's browser may keep them (never a shared cache: they are private). */
const CACHE_CONTROL = 'private, max-age=86400, immutable';

/** The media type of a Content-Type header, lower-case, without its parameters. */
function mediaTypeOf(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type || undefined;
}

function contentLengthOf(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  return header === undefined || !/^\d+$/.test(header) ? undefined : Number(header);
}

function discardRest(req: IncomingMessage): void {
  if (req.complete) return;
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_BUDGET_BYTES) req.socket.destroy();
  });
  req.resume();
}

/** POST /api/conversations/:id/attachments and GET /api/attachments/:id. Mounted behind requireSession. */
export function attachmentsRouter(attachments: AttachmentService): Router {
  const router = Router();

  router.post('/conversations/:id/attachments', async (req, res) => {
    try {
      const query = parseInput(attachmentQuerySchema, req.query);
      const message = await attachments.upload(sessionOf(res).user, {
        conversationId: conversationIdOf(req.params.id),
        clientMessageId: query.clientMessageId,
        fileName: query.fileName,
        declaredType: mediaTypeOf(req.get('content-type')),
        declaredBytes: contentLengthOf(req),
        // Not destroyed when the upload stops early (over the limit): the request must live on to be answered.
        content: { [Symbol.asyncIterator]: () => req.iterator({ destroyOnReturn: false }) },
      });
      res.status(201).json({ message } satisfies MessageResponse);
    } catch (error) {
      // The client went away mid-upload: the partial file is already removed and nobody waits for an answer.
      if (req.destroyed && !req.complete) return;
      discardRest(req);
      throw error;
    }
  });

  router.get('/attachments/:id', async (req, res) => {
    const { attachment, content } = await attachments.open(sessionOf(res).user, attachmentIdOf(req.params.id));
    const image = attachment.contentType.startsWith('image/');
    res.setHeader('Content-Type', attachment.contentType);
    res.setHeader('Content-Length', attachment.sizeBytes);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Images are shown in the timeline; a PDF is saved, never rendered by the browser on our origin.
    res.setHeader('Content-Disposition', contentDisposition(attachment.fileName, { type: image ? 'inline' : 'attachment' }));
    res.setHeader('Cache-Control', CACHE_CONTROL);
    try {
      await pipeline(content, res);
    } catch (error) {
      // The member closed the tab or cancelled the download: nothing went wrong here.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    }
  });

  return router;
}
