import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * Logs one line per request at debug level when the response finishes: method, path,
 * operationId, status and duration. Headers are never logged, so tokens stay out.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!logger.isLevelEnabled('debug')) {
      next();
      return;
    }
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.debug(
        {
          method: req.method,
          path: req.path,
          operationId: res.locals.operationId,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  };
}
