import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import { getContract, type Contract } from './contract/contract.js';
import { DEFAULT_SPEC_PATH } from './contract/spec-loader.js';
import { PrismFallback } from './fallback/prism-fallback.js';
import type { WorkloadBackend } from './domain/backend.js';
import { ScenarioCatalog } from './fixtures/catalog.js';
import { BUILT_IN_FIXTURES_DIR, ScenarioError } from './fixtures/scenario-file.js';
import { apiHandler } from './http/api-handler.js';
import { NAMESPACE_HEADER, resolveNamespace } from './http/namespace-header.js';
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

  const catalog = new ScenarioCatalog(BUILT_IN_FIXTURES_DIR, settings.fixturesDirs, contract, settings.seed ?? 0);
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
  const control = settings.control ? lazyControl(catalog, contract, namespaces, logger) : undefined;

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
 * Returns the handler of the control API. `GET /_fake/health` is served at once, and the
 * Express app behind the other routes is loaded on their first request, which keeps
 * Express out of the start and health checks fast.
 */
function lazyControl(catalog: ScenarioCatalog, contract: Contract, namespaces: NamespaceRegistry, logger: Logger) {
  let app: Promise<(req: IncomingMessage, res: ServerResponse) => void> | undefined;

  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && /^\/_fake\/health\/?(\?.*)?$/.test(req.url ?? '')) {
      answerHealth(req, res, namespaces);
      return;
    }

    app ??= import('./http/control-app.js').then((module) => module.controlApp(catalog, contract, namespaces, logger));
    app.then(
      (handle) => handle(req, res),
      (error: unknown) => {
        logger.error({ err: error }, 'cannot load the control API');
        res.statusCode = 500;
        res.end();
      },
    );
  };
}

function answerHealth(req: IncomingMessage, res: ServerResponse, namespaces: NamespaceRegistry): void {
  const header = req.headers[NAMESPACE_HEADER];
  const namespace = resolveNamespace(Array.isArray(header) ? header[0] : header, namespaces);
  const body = typeof namespace === 'string' ? { detail: namespace } : { status: 'ok', namespace: namespace.name, scenario: namespace.scenario };
  res.statusCode = typeof namespace === 'string' ? 400 : 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function isControlPath(url: string): boolean {
  return url === '/_fake' || url.startsWith('/_fake/') || url.startsWith('/_fake?');
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
