import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Contract } from '../contract/contract.js';
import type { ScenarioCatalog } from '../fixtures/catalog.js';
import type { NamespaceRegistry } from '../namespaces.js';
import { controlRouter } from './control.js';
import { namespaceHeader } from './namespace-header.js';

/**
 * Builds the Express app of the control API: the namespace from its header, a debug line
 * per request, and the routes under `/_fake`.
 */
export function controlApp(catalog: ScenarioCatalog, contract: Contract, namespaces: NamespaceRegistry, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    if (logger.isLevelEnabled('debug')) res.on('finish', () => logger.debug({ method: req.method, path: req.path, status: res.statusCode }, 'control request'));
    next();
  });
  app.use(namespaceHeader(namespaces));
  app.use('/_fake', controlRouter(catalog, contract, logger));
  return app;
}
