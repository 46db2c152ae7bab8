import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';

/**
 * Serves the built Angular app, and index.html for any other GET so that deep links (/conversations/…)
 * survive a reload. Hashed assets are cached for a year; index.html never is.
 */
export function webAppRouter(webDist: string): Router | undefined {
  const index = path.join(webDist, 'index.html');
  if (!fs.existsSync(index)) return undefined;
  const router = Router();
  router.use(
    express.static(webDist, {
      index: false,
      setHeaders: (res, file) => {
        // Angular names built files `name-HASH.js`; their content never changes under that name.
        if (/-[0-9A-Z]{8}\.(js|css)$/.test(path.basename(file))) res.set('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  const spaFallback: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  router.use(spaFallback);
  return router;
}
