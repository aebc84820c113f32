import express, { type Express } from 'express';
import { pino, type Logger } from 'pino';
import { getContract, type Contract } from './contract/contract.js';
import { WorkloadBackend } from './domain/backend.js';
import { fixedClock, systemClock } from './domain/clock.js';
import { createIdGenerator } from './domain/ids.js';
import { findScenarios, readScenario, ScenarioError, BUILT_IN_FIXTURES_DIR } from './fixtures/scenario-file.js';
import { seedScenario } from './fixtures/seed.js';
import { notFound } from './http/not-found.js';
import { operationPipeline } from './http/operation-pipeline.js';
import { requestLog } from './http/request-log.js';
import { DEFAULT_SETTINGS, type FakeSettings } from './settings.js';

/** Options of `createApp`: any setting, plus a logger of your own. */
export interface AppOptions extends Partial<FakeSettings> {
  logger?: Logger;
}

/** The Express app plus the backend it serves, for tests that inspect state directly. */
export interface FakeApp {
  app: Express;
  backend: WorkloadBackend;
  contract: Contract;
  settings: FakeSettings;
  logger: Logger;
}

/**
 * Builds the fake's Express app: loads the spec (once per process) and the start
 * scenario, then serves every operation of the spec. Raises ScenarioError when the
 * scenario is unknown or invalid.
 */
export function createFake(options: AppOptions = {}): FakeApp {
  const settings: FakeSettings = { ...DEFAULT_SETTINGS, ...definedOnly(options) };
  const logger = options.logger ?? pino({ level: settings.logLevel });
  const contract = getContract();

  const backend = loadBackend(settings, contract);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLog(logger));
  app.get('/_fake/health', (_req, res) => {
    res.json({ status: 'ok', scenario: settings.scenario });
  });
  app.use(
    operationPipeline(contract.operations, {
      auth: settings.auth,
      bodyLimitBytes: settings.bodyLimitBytes,
      responseValidation: settings.responseValidation,
      logger,
      backendFor: () => backend,
    }),
  );
  app.use(notFound);

  return { app, backend, contract, settings, logger };
}

/** Returns just the Express app, for supertest. */
export function createApp(options: AppOptions = {}): Express {
  return createFake(options).app;
}

function loadBackend(settings: FakeSettings, contract: Contract): WorkloadBackend {
  const scenarios = findScenarios([BUILT_IN_FIXTURES_DIR, ...settings.fixturesDirs]);
  const path = scenarios.get(settings.scenario);
  if (!path) {
    throw new ScenarioError(`unknown scenario "${settings.scenario}"; known scenarios: ${[...scenarios.keys()].join(', ')}`);
  }

  const state = seedScenario(readScenario(settings.scenario, path), contract);
  const clock = settings.clock ? fixedClock(settings.clock) : systemClock();
  return new WorkloadBackend(state, clock, createIdGenerator(settings.seed));
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
