import express, { type Express } from 'express';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import { getContract, type Contract } from './contract/contract.js';
import { DEFAULT_SPEC_PATH } from './contract/spec-loader.js';
import { PrismFallback } from './fallback/prism-fallback.js';
import type { WorkloadBackend } from './domain/backend.js';
import { ScenarioCatalog } from './fixtures/catalog.js';
import { BUILT_IN_FIXTURES_DIR, ScenarioError } from './fixtures/scenario-file.js';
import { apiHandler } from './http/api-handler.js';
import { controlRouter } from './http/control.js';
import { namespaceHeader } from './http/namespace-header.js';
import { jsonBodyReader } from './http/request-body.js';
import { NamespaceRegistry } from './namespaces.js';
import { DEFAULT_SETTINGS, type FakeSettings } from './settings.js';

/** Options of `createApp`: any setting, plus a logger of your own. */
export interface AppOptions extends Partial<FakeSettings> {
  logger?: Logger;
}

/**
 * A request listener for `http.createServer`, supertest or Express's `app.use`, with a
 * `listen` shortcut like an Express app's.
 */
export type FakeRequestListener = ((req: IncomingMessage, res: ServerResponse) => void) & {
  listen: (...args: Parameters<Server['listen']>) => Server;
};

/** The request listener plus what it serves, for tests that inspect state directly. */
export interface FakeApp {
  app: FakeRequestListener;
  contract: Contract;
  settings: FakeSettings;
  logger: Logger;
  catalog: ScenarioCatalog;
  namespaces: NamespaceRegistry;
  /** The backend of the `default` namespace as it is now (a reset replaces it). */
  readonly backend: WorkloadBackend;
}

/**
 * Builds the fake: loads the spec (once per process) and the scenarios, then serves every
 * operation of the spec on Node's own request objects, and the control API under
 * `/_fake` with Express. Raises ScenarioError when a scenario file is invalid or the
 * start scenario is unknown.
 */
export function createFake(options: AppOptions = {}): FakeApp {
  const settings: FakeSettings = { ...DEFAULT_SETTINGS, ...definedOnly(options) };
  const logger = options.logger ?? pino({ level: settings.logLevel });
  const contract = getContract();

  const catalog = new ScenarioCatalog([BUILT_IN_FIXTURES_DIR, ...settings.fixturesDirs], contract, settings.seed ?? 0);
  if (!catalog.has(settings.scenario)) {
    throw new ScenarioError(`unknown scenario "${settings.scenario}"; known scenarios: ${catalog.list().map((item) => item.name).join(', ')}`);
  }
  const namespaces = new NamespaceRegistry(catalog, settings.scenario, {
    seed: settings.seed,
    clock: settings.clock,
    journalLimit: settings.journalLimit,
    operationIds: new Set(contract.operations.map((operation) => operation.operationId)),
  });
  namespaces.get();

  const api = apiHandler(contract.operations, namespaces, {
    auth: settings.auth,
    responseValidation: settings.responseValidation,
    logger,
    fallback: new PrismFallback(DEFAULT_SPEC_PATH, logger),
    readBody: jsonBodyReader(settings.bodyLimitBytes),
  });
  const control = settings.control ? controlApp(catalog, contract, namespaces, logger) : undefined;

  const app = ((req: IncomingMessage, res: ServerResponse) => {
    if (control && isControlPath(req.url ?? '/')) control(req, res);
    else api(req, res);
  }) as FakeRequestListener;
  app.listen = (...args: Parameters<Server['listen']>) => createServer(app).listen(...args);

  return {
    app,
    contract,
    settings,
    logger,
    catalog,
    namespaces,
    get backend() {
      return namespaces.get().backend;
    },
  };
}

/** Returns just the request listener, for supertest or `http.createServer`. */
export function createApp(options: AppOptions = {}): FakeRequestListener {
  return createFake(options).app;
}

/**
 * Builds the Express app of the control API: the namespace from its header, a debug line
 * per request, and the routes under `/_fake`.
 */
function controlApp(catalog: ScenarioCatalog, contract: Contract, namespaces: NamespaceRegistry, logger: Logger): Express {
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

function isControlPath(url: string): boolean {
  return url === '/_fake' || url.startsWith('/_fake/') || url.startsWith('/_fake?');
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
