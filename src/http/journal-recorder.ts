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
  res.on('finish', () => {
    namespace.journal.record({
      time,
      method: req.method,
      path: req.originalUrl.split('?')[0],
      operationId: res.locals.operationId ?? null,
      status: res.statusCode,
      requestValid: res.locals.requestValid ?? null,
      responseValid: res.locals.responseValid ?? null,
      source: res.locals.source ?? null,
      namespace: namespace.name,
    });
  });
  next();
};
