import express, { type Express } from 'express';
import { limits } from '@ycyw/protocol';
import type { AccountService } from '../domain/accounts/account-service.js';
import type { AttachmentService } from '../domain/attachments/attachment-service.js';
import type { IceServerIssuer } from '../domain/calls/ice-server-issuer.js';
import type { ConversationService } from '../domain/conversations/conversation-service.js';
import type { TranscriptService } from '../domain/conversations/transcript-service.js';
import type { CustomerContextService } from '../domain/support/customer-context-service.js';
import type { RatingService } from '../domain/support/rating-service.js';
import type { AgentAvailability } from '../domain/support/agent-availability.js';
import type { QueueService } from '../domain/support/queue-service.js';
import type { Logger } from '../logger.js';
import type { Router } from 'express';
import type { SharedRedis } from '../storage/rate-limiter.js';
import { agentsRouter } from './agents-router.js';
import { attachmentsRouter, isAttachmentUpload } from './attachments-router.js';
import type { AuthRateLimitOptions } from './auth-rate-limit.js';
import { authRouter } from './auth-router.js';
import { requireSession } from './authenticate.js';
import { conversationsRouter } from './conversations-router.js';
import { customerContextRouter } from './customer-context-router.js';
import { deskStatsRouter } from './desk-stats-router.js';
import { apiNotFound, errorHandler } from './error-handler.js';
import { iceServersRouter } from './ice-servers-router.js';
import { queueRouter } from './queue-router.js';
import { requestLogger } from './request-logger.js';
import { transcriptRouter } from './transcript-router.js';
import { webAppRouter } from './web-app.js';

export interface HttpAppDeps {
  logger: Logger;
  accounts: AccountService;
  conversations: ConversationService;
  attachments: AttachmentService;
  transcripts: TranscriptService;
  customerContext: CustomerContextService;
  ratings: RatingService;
  queue: QueueService;
  availability: AgentAvailability;
  iceServers: IceServerIssuer;
  ops: Router;
  allowedOrigins: readonly string[];
  cookieSecure: boolean;
  authRateLimit: AuthRateLimitOptions;
  sharedRedis: SharedRedis | null;
  trustProxy: string;
  webDist: string | null;
}

/** The Express app: /api, the ops endpoints, then the web client. */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.use(requestLogger(deps.logger));
  app.use(deps.ops);

  const api = express.Router();
  // Uploads stream their body to the blob store themselves (attachments-router), past the JSON limit.
  const json = express.json({ limit: limits.maxPayloadBytes });
  api.use((req, res, next) => (isAttachmentUpload(req) ? next() : json(req, res, next)));
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(authRouter(deps));
  api.use(requireSession(deps.accounts, deps.allowedOrigins));
  api.use(conversationsRouter(deps.conversations));
  api.use(attachmentsRouter(deps.attachments));
  api.use(transcriptRouter(deps.transcripts));
  api.use(customerContextRouter(deps.customerContext));
  api.use(deskStatsRouter(deps.ratings));
  api.use(queueRouter(deps.queue));
  api.use(agentsRouter(deps.availability));
  api.use(iceServersRouter(deps.iceServers));
  api.use(apiNotFound);
  app.use('/api', api);

  const web = deps.webDist ? webAppRouter(deps.webDist) : undefined;
  if (web) app.use(web);
  else if (deps.webDist) deps.logger.warn({ webDist: deps.webDist }, 'web app not built: serving the API only');

  app.use(errorHandler(deps.logger));
  return app;
}
