import type { RequestHandler } from 'express';
import type { Namespace } from '../namespaces.js';

/** Records each API request in its namespace's journal once the response is sent. */
export const journalRecorder: RequestHandler = (req, res, next) => {
  const namespace = res.locals.namespace as Namespace | undefined;
  if (!namespace) {
    next();
    return;
  }

  const time = new Date().toISOString();
  // 'close' fires for answered and for dropped requests alike; a drop sent no status.
  res.on('close', () => {
    namespace.journal.record({
      time,
      method: req.method,
      path: req.originalUrl.split('?')[0],
      operationId: res.locals.operationId ?? null,
      status: res.headersSent ? res.statusCode : 0,
      requestValid: res.locals.requestValid ?? null,
      responseValid: res.locals.responseValid ?? null,
      source: res.locals.source ?? null,
      fault: res.locals.fault ?? null,
      namespace: namespace.name,
    });
  });
  next();
};
