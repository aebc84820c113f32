import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { pino } from 'pino';
import request, { type Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { createFake, type FakeApp } from '../../src/app.js';
import type { WorkloadBackend } from '../../src/domain/backend.js';
import type { WorkloadState } from '../../src/domain/state.js';
import { artifactTotalProblems, listPageProblems } from './list-checks.js';
import { IdPool } from './references.js';
import { describeFailure, firstDifference, requestLine, Tally, truncate } from './report.js';
import { describeOperations, operationWeight, resolveStep, StepFactory, type OperationInfo, type ResolvedRequest, type Step } from './requests.js';
import { SchemaArbitraries } from './schema-arbitraries.js';
import {
  buildsBelongToArtifacts,
  callerOf,
  differencesFromStore,
  lastVersionNumberNeverDecreases,
  lockedArtifactsNeverChange,
  numArtifactsMatchesArtifacts,
  serializeState,
  StoreMemory,
  versionsUniqueAndInRange,
  workloadsHoldExistingArtifacts,
  type StoreInvariant,
} from './store-invariants.js';

// Spec-driven fuzzing of every operation. Each property run loads a scenario and sends a
// generated sequence of requests. Valid requests move the state (create, patch, lock,
// clone, delete, share, workloads, builds), and mutated ones are mixed in: bad ids, bad
// query values, bodies that break the schema and odd HTTP. After every request the
// response and store invariants below must hold. On a failure fast-check shrinks the
// sequence, and the error names the seed, the broken invariant and the failing request.
//
//   FUZZ_SEED=7 npx vitest run test/fuzz                  another seed
//   FUZZ_RUNS=1400 npx vitest run test/fuzz               a longer run, about 75 requests per run
//   FUZZ_SEED=7 FUZZ_PATH=12:0:3 npx vitest run test/fuzz  replays the case at that fast-check path

const SEED = readIntegerEnv('FUZZ_SEED', 20260722);
const RUNS = readIntegerEnv('FUZZ_RUNS', 160);
const MAX_STEPS_PER_RUN = 150;
/**
 * Requests the default run (neither FUZZ_SEED nor FUZZ_RUNS set) must send. That run is
 * deterministic, while other seeds send a few thousand more or fewer.
 */
const MIN_DEFAULT_REQUESTS = 10_000;
const IS_DEFAULT_RUN = process.env.FUZZ_SEED === undefined && process.env.FUZZ_RUNS === undefined;
/** Time for the runs plus shrinking a failure; a run still going then fails as interrupted. */
const TIME_LIMIT_MS = Math.max(240_000, RUNS * 3_000);

/**
 * Statuses the HTTP layer returns outside an operation's contract. They are 401 for
 * auth, 404 for a path that does not route and 405 for a method the path lacks. 413 and
 * 415 reject a body that is too large or in an unsupported encoding or charset.
 */
const HTTP_LAYER_STATUSES = new Set([401, 404, 405, 413, 415]);
/** Statuses whose bodies the fake does not check against the operation's schema. */
const UNCHECKED_BODY_STATUSES = new Set([413, 415]);
/** Reading a build polls it and moves it one step on, the documented exception to "reads change nothing". */
const BUILD_READS = new Set(['getArtifactBuild', 'getArtifactBuildList']);

const SCENARIOS = ['default', 'fuzz-team', 'shared-artifact', 'repository-in-use', 'locked-artifact', 'empty'];
const SCENARIO_DIR = fileURLToPath(new URL('./scenarios', import.meta.url));

/** One request and its effect, as the response invariants see them. */
interface Exchange {
  operation: OperationInfo;
  sent: ResolvedRequest;
  response: Response;
  stateBefore: string;
  stateAfter: string;
  /** The namespace's backend after the request, with the store as `backend.state`. */
  backend: WorkloadBackend;
}

type ResponseInvariant = (exchange: Exchange) => string[];

const isRead = ({ sent }: Exchange) => sent.method === 'GET' || sent.method === 'HEAD';
const isBuildRead = (exchange: Exchange) => isRead(exchange) && BUILD_READS.has(exchange.operation.operationId);
const isUnservedMethod = ({ operation, sent }: Exchange) => operation.unservedMethods.includes(sent.method);
const isJson = ({ response }: Exchange) => /^application\/json/.test(String(response.headers['content-type'] ?? ''));
const isSuccess = ({ response }: Exchange) => response.status >= 200 && response.status < 300;

/** The invariants of every response. Each returns its problems, and none when it holds. */
const RESPONSE_INVARIANTS: Record<string, ResponseInvariant> = {
  /** In strict mode a 500 means a handler crashed or a response broke its schema. */
  noServerErrors: ({ response }) => (response.status >= 500 ? [`status ${response.status}`] : []),

  statusIsDeclared: (exchange) => {
    const { status } = exchange.response;
    const declared = exchange.operation.contract.declaredStatuses;
    if (isUnservedMethod(exchange)) return status === 405 ? [] : [`a method the path does not serve got ${status}, expected 405`];
    if (declared.includes(status) || HTTP_LAYER_STATUSES.has(status)) return [];
    return [`status ${status} is not declared by ${exchange.operation.operationId} (${declared.join(', ')})`];
  },

  bodyMatchesSchema: (exchange) => {
    const { status, body } = exchange.response;
    if (exchange.sent.method === 'HEAD' || !isJson(exchange) || isUnservedMethod(exchange)) return [];
    if (UNCHECKED_BODY_STATUSES.has(status) || !exchange.operation.contract.declaredStatuses.includes(status)) return [];
    return exchange.operation.contract.checkResponse(status, body);
  },

  rejectedRequestsChangeNothing: (exchange) => {
    const { status } = exchange.response;
    if (status < 400 || status >= 500 || isBuildRead(exchange) || exchange.stateBefore === exchange.stateAfter) return [];
    return [`a ${status} changed the state: ${firstDifference(exchange.stateBefore, exchange.stateAfter)}`];
  },

  readsAndGeneratedResponsesChangeNothing: (exchange) => {
    const generated = exchange.response.headers['x-fake-source'] === 'generated';
    if ((!isRead(exchange) && !generated) || isBuildRead(exchange) || exchange.stateBefore === exchange.stateAfter) return [];
    return [`a ${generated ? 'generated response' : 'read'} changed the state: ${firstDifference(exchange.stateBefore, exchange.stateAfter)}`];
  },

  /**
   * A generated response (header `X-Fake-Source: generated`) comes only after the
   * request passed validation, so it has the status that `Prefer: code=N` requests or else
   * the lowest 2xx the operation declares.
   */
  generatedResponsesUseRequestedStatus: (exchange) => {
    if (exchange.response.headers['x-fake-source'] !== 'generated') return [];
    const preferred = /code=(\d{3})/.exec(exchange.sent.headers.Prefer ?? '')?.[1];
    const expected = preferred ? Number(preferred) : Math.min(...exchange.operation.contract.declaredStatuses.filter((status) => status >= 200 && status < 300));
    if (exchange.response.status === expected) return [];
    return [`a generated response has status ${exchange.response.status}, expected ${expected}`];
  },

  /** A 2xx body's artifacts, repositories and workloads show what the store contains after the request, and the caller's permissions. */
  successfulResponsesMatchStore: (exchange) => {
    const caller = callerOf(exchange.sent.headers.Authorization, exchange.backend);
    if (!isSuccess(exchange) || exchange.sent.method === 'HEAD' || !caller) return [];
    return differencesFromStore(exchange.operation.operationId, exchange.response.body, exchange.backend, caller);
  },

  /**
   * A 2xx page of a stateful list is consistent with its query: right size, links null
   * exactly at the ends, no repeated ids, sorted by `orderBy`. An unfiltered artifact
   * list counts every artifact the caller can view.
   */
  listPagesAreConsistent: (exchange) => {
    if (!isSuccess(exchange) || exchange.sent.method === 'HEAD') return [];
    const { operationId } = exchange.operation;
    const { query, headers } = exchange.sent;
    return [
      ...listPageProblems(operationId, query, exchange.response.body),
      ...artifactTotalProblems(operationId, query, headers.Authorization, exchange.response.body, exchange.backend),
    ];
  },
};

/** The invariants of the store, checked on the in-process state after every request (see store-invariants.ts). */
const STORE_INVARIANTS: Record<string, StoreInvariant> = {
  numArtifactsMatchesArtifacts,
  versionsUniqueAndInRange,
  lastVersionNumberNeverDecreases,
  lockedArtifactsNeverChange,
  workloadsHoldExistingArtifacts,
  buildsBelongToArtifacts,
};

/** One property run: a scenario, the build plan of its builds, and the requests to send. */
interface RunPlan {
  scenario: string;
  buildPlan: { pollsPerStep: number; outcome: string };
  steps: Step[];
}

/** A broken invariant; the message has what is needed to replay the request. */
class InvariantViolation extends Error {}

describe('spec-driven fuzzing', () => {
  const fake = createFake({ seed: 1, clock: '2026-01-01T00:00:00Z', fixturesDirs: [SCENARIO_DIR], logger: pino({ level: 'silent' }) });
  const operations = describeOperations(fake.contract);
  const operationsById = new Map(operations.map((operation) => [operation.operationId, operation]));
  const steps = new StepFactory(new SchemaArbitraries(fake.contract.document.components.schemas));

  it('covers all 40 operations', () => {
    expect(operations).toHaveLength(40);
  });

  it('keeps every invariant', { timeout: TIME_LIMIT_MS + 30_000 }, async () => {
    const tally = new Tally();
    const anyStep = fc.oneof(...operations.map((operation) => ({ weight: operationWeight(operation.operationId), arbitrary: steps.forOperation(operation) })));
    const plan = fc.record({
      scenario: fc.constantFrom(...SCENARIOS),
      buildPlan: fc.record({ pollsPerStep: fc.integer({ min: 1, max: 3 }), outcome: fc.constantFrom('COMPLETED', 'COMPLETED', 'FAILED', 'CANCELLED') }),
      // fast-check shrinks an array by keeping its tail, so the steps run from the last
      // one back. A shrunk plan then keeps the requests up to the failure and drops the
      // rest. Steps themselves do not shrink: every attempt reruns the whole sequence, and
      // dropping requests shortens a repro more than shrinking their bodies does.
      steps: fc.array(fc.noShrink(anyStep), { maxLength: MAX_STEPS_PER_RUN, size: 'max' }).map((generated) => [...generated].reverse()),
    });

    // Unbiased, run lengths spread evenly over 0..MAX_STEPS_PER_RUN. fast-check's bias
    // would make most runs short, and the default run could fall under 10,000 requests.
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.noBias(plan), (run) => runPlan(fake, operationsById, run, tally)),
      { seed: SEED, numRuns: RUNS, path: process.env.FUZZ_PATH, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
    console.info(`fuzz: ${tally.requests} requests in ${RUNS} runs, FUZZ_SEED=${SEED}, ${Date.now() - started} ms`);

    if (IS_DEFAULT_RUN) expect(tally.requests).toBeGreaterThanOrEqual(MIN_DEFAULT_REQUESTS);
    const neverSucceeded = operations.map((operation) => operation.operationId).filter((operationId) => !tally.succeeded(operationId));
    expect(neverSucceeded, 'operations that never got a 2xx').toEqual([]);
  });
});

/** Loads the run's scenario and sends every step, checking every invariant after each. Throws on the first broken one. */
async function runPlan(fake: FakeApp, operations: Map<string, OperationInfo>, plan: RunPlan, tally: Tally): Promise<void> {
  fake.namespaces.get().loadScenario(plan.scenario);
  const planned = await request(fake.app).put('/_fake/builds/plan').send(plan.buildPlan);
  expect(planned.status, `PUT /_fake/builds/plan ${JSON.stringify(plan.buildPlan)}: ${planned.text}`).toBe(200);

  const pool = new IdPool();
  const memory = new StoreMemory();
  const history: string[] = [];
  pool.observe(fake.backend.state);
  checkStore(fake.backend.state, memory);
  // Only requests change the state, so each request's "after" is the next one's "before".
  let stateBefore = serializeState(fake.backend.state);

  for (const [stepIndex, step] of plan.steps.entries()) {
    const operation = operations.get(step.operationId)!;
    const sent = resolveStep(step, operation, pool, fake.backend.state);
    const response = await send(fake, sent);
    tally.record(operation.operationId, response.status);

    const backend = fake.backend;
    const state = backend.state;
    const exchange: Exchange = { operation, sent, response, stateBefore, stateAfter: serializeState(state), backend };
    const problems = [...checkResponse(exchange), ...checkStore(state, memory)];
    if (problems.length > 0) {
      const context = { seed: SEED, scenario: plan.scenario, stepIndex, stepCount: plan.steps.length, operationId: operation.operationId };
      throw new InvariantViolation(describeFailure({ ...context, sent, response, problems, history }));
    }

    stateBefore = exchange.stateAfter;
    pool.observe(state);
    history.push(`${requestLine(sent, 120)}${sent.body === undefined ? '' : ` ${truncate(sent.body, 300)}`} -> ${response.status}`);
  }
}

async function send(fake: FakeApp, sent: ResolvedRequest): Promise<Response> {
  const agent = request(fake.app) as unknown as Record<string, (url: string) => request.Test>;
  let pending = agent[sent.method.toLowerCase()](sent.query ? `${sent.path}?${sent.query}` : sent.path).redirects(0);
  for (const [name, value] of Object.entries(sent.headers)) pending = pending.set(name, value);
  if (sent.body !== undefined) pending = pending.send(sent.body);
  return await pending;
}

function checkResponse(exchange: Exchange): string[] {
  return Object.entries(RESPONSE_INVARIANTS).flatMap(([name, invariant]) => invariant(exchange).map((problem) => `${name}: ${problem}`));
}

function checkStore(state: WorkloadState, memory: StoreMemory): string[] {
  return Object.entries(STORE_INVARIANTS).flatMap(([name, invariant]) => invariant(state, memory).map((problem) => `${name}: ${problem}`));
}

function readIntegerEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a non-negative integer, got "${text}"`);
  return Number(text);
}
