import express, { type Express } from 'express';
import { pino, type Logger } from 'pino';
import { getContract, type Contract } from './contract/contract.js';
import { DEFAULT_SPEC_PATH } from './contract/spec-loader.js';
import { PrismFallback } from './fallback/prism-fallback.js';
import type { WorkloadBackend } from './domain/backend.js';
import { ScenarioCatalog } from './fixtures/catalog.js';
import { BUILT_IN_FIXTURES_DIR, ScenarioError } from './fixtures/scenario-file.js';
import { controlRouter } from './http/control.js';
import { journalRecorder } from './http/journal-recorder.js';
import { namespaceHeader } from './http/namespace-header.js';
import { notFound } from './http/not-found.js';
import { operationPipeline } from './http/operation-pipeline.js';
import { requestLog } from './http/request-log.js';
import { NamespaceRegistry, type Namespace } from './namespaces.js';
import { DEFAULT_SETTINGS, type FakeSettings } from './settings.js';

/** Options of `createApp`: any setting, plus a logger of your own. */
export interface AppOptions extends Partial<FakeSettings> {
  logger?: Logger;
}

/** The Express app plus what it serves, for tests that inspect state directly. */
export interface FakeApp {
  app: Express;
  contract: Contract;
  settings: FakeSettings;
  logger: Logger;
  catalog: ScenarioCatalog;
  namespaces: NamespaceRegistry;
  /** The backend of the `default` namespace as it is now (a reset replaces it). */
  readonly backend: WorkloadBackend;
}

/**
 * Builds the fake's Express app: loads the spec (once per process) and the scenarios,
 * then serves every operation of the spec and the control API. Raises ScenarioError when
 * a scenario file is invalid or the start scenario is unknown.
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

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLog(logger));
  app.use(namespaceHeader(namespaces));
  if (settings.control) app.use('/_fake', controlRouter(catalog, contract, logger));
  app.use(journalRecorder);
  app.use(
    operationPipeline(contract.operations, {
      auth: settings.auth,
      bodyLimitBytes: settings.bodyLimitBytes,
      responseValidation: settings.responseValidation,
      logger,
      fallback: new PrismFallback(DEFAULT_SPEC_PATH, logger),
      backendFor: (res) => (res.locals.namespace as Namespace).backend,
    }),
  );
  app.use(notFound);

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

/** Returns just the Express app, for supertest. */
export function createApp(options: AppOptions = {}): Express {
  return createFake(options).app;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
