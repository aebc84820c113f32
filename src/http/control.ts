import express, { Router, type Response } from 'express';
import type { Logger } from 'pino';
import type { Contract } from '../contract/contract.js';
import type { ScenarioCatalog } from '../fixtures/catalog.js';
import { ScenarioError } from '../fixtures/scenario-file.js';
import { parseBuildPlan } from '../fixtures/seed.js';
import { restoreSnapshot, snapshotState } from '../fixtures/snapshot.js';
import type { Namespace } from '../namespaces.js';
import { FaultSpecError } from './faults.js';
import { handlers } from './handlers/index.js';

/** Largest snapshot PUT /_fake/state accepts: generated scenarios make big documents. */
export const CONTROL_BODY_LIMIT_BYTES = 256 * 1024 * 1024;

/**
 * Builds the router of the fake's own API under `/_fake`: health, reset, scenarios, state
 * snapshots and the journal. Every route acts on the namespace that `X-Fake-Namespace` selects.
 */
export function controlRouter(catalog: ScenarioCatalog, contract: Contract, logger: Logger): Router {
  const operations = contract.operations.map((operation) => ({
    operationId: operation.operationId,
    method: operation.method,
    path: operation.pathTemplate,
    source: operation.operationId in handlers ? 'stateful' : 'generated',
  }));
  const router = Router({ caseSensitive: true, strict: false });
  const namespaceOf = (res: Response) => res.locals.namespace as Namespace;

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', namespace: namespaceOf(res).name, scenario: namespaceOf(res).scenario });
  });

  router.post('/reset', (_req, res) => {
    const namespace = namespaceOf(res);
    namespace.reset();
    logger.info({ namespace: namespace.name, scenario: namespace.scenario }, 'namespace reset');
    res.json({ namespace: namespace.name, scenario: namespace.scenario });
  });

  router.get('/operations', (_req, res) => {
    res.json({ operations });
  });

  router.get('/scenarios', (_req, res) => {
    res.json({ scenarios: catalog.list() });
  });

  router.post('/scenarios/:name', (req, res) => {
    const namespace = namespaceOf(res);
    const name = String(req.params.name);
    if (!catalog.has(name)) {
      res.status(404).json({ detail: `Unknown scenario "${name}"; known scenarios: ${catalog.list().map((item) => item.name).join(', ')}` });
      return;
    }
    namespace.loadScenario(name);
    logger.info({ namespace: namespace.name, scenario: name }, 'scenario loaded');
    res.json({ namespace: namespace.name, scenario: name });
  });

  router.get('/state', (_req, res) => {
    const namespace = namespaceOf(res);
    res.json(snapshotState(namespace.backend.state, namespace.scenario));
  });

  router.put('/state', express.json({ limit: CONTROL_BODY_LIMIT_BYTES, type: () => true }), (req, res) => {
    const namespace = namespaceOf(res);
    const { state, scenario } = restoreSnapshot(req.body, contract);
    namespace.restore(state, scenario);
    logger.info({ namespace: namespace.name }, 'state restored');
    res.json({ namespace: namespace.name, scenario: namespace.scenario });
  });

  router.get('/builds/plan', (_req, res) => {
    res.json(namespaceOf(res).backend.state.buildPlan);
  });

  router.put('/builds/plan', express.json({ type: () => true }), (req, res) => {
    const namespace = namespaceOf(res);
    const body = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : undefined;
    if (!body) throw new ScenarioError('the body must be a JSON object such as {"pollsPerStep": 2, "outcome": "FAILED"}');
    namespace.backend.state.buildPlan = parseBuildPlan(body, 'PUT /_fake/builds/plan');
    logger.info({ namespace: namespace.name, plan: namespace.backend.state.buildPlan }, 'build plan changed');
    res.json(namespace.backend.state.buildPlan);
  });

  router.post('/faults', express.json({ type: () => true }), (req, res) => {
    const namespace = namespaceOf(res);
    const fault = namespace.faults.add(req.body);
    logger.info({ namespace: namespace.name, fault }, 'fault added');
    res.status(201).json(fault);
  });

  router.get('/faults', (_req, res) => {
    res.json({ faults: namespaceOf(res).faults.list() });
  });

  router.delete('/faults', (_req, res) => {
    namespaceOf(res).faults.clear();
    res.status(204).end();
  });

  router.delete('/faults/:id', (req, res) => {
    const id = String(req.params.id);
    if (!namespaceOf(res).faults.remove(id)) {
      res.status(404).json({ detail: `No fault ${id} in this namespace; GET /_fake/faults lists them` });
      return;
    }
    res.status(204).end();
  });

  router.get('/journal', (req, res) => {
    const operationId = typeof req.query.operationId === 'string' ? req.query.operationId : undefined;
    const statusText = typeof req.query.status === 'string' ? req.query.status : undefined;
    if (statusText !== undefined && !/^[1-5]\d\d$/.test(statusText)) {
      res.status(400).json({ detail: `Invalid status filter "${statusText}": expected an HTTP status such as 404` });
      return;
    }
    const entries = namespaceOf(res).journal.list({ operationId, status: statusText === undefined ? undefined : Number(statusText) });
    res.json({ count: entries.length, entries });
  });

  router.delete('/journal', (_req, res) => {
    namespaceOf(res).journal.clear();
    res.status(204).end();
  });

  router.use((req, res) => {
    res.status(404).json({ detail: `No control route ${req.method} /_fake${req.path}; see GET /_fake/scenarios, POST /_fake/reset, GET /_fake/state, GET /_fake/journal` });
  });

  router.use((error: unknown, req: express.Request, res: Response, _next: express.NextFunction) => {
    const bodyError = error as { type?: string; message?: string };
    if (error instanceof ScenarioError || error instanceof FaultSpecError) {
      logger.warn({ namespace: namespaceOf(res).name, err: error.message }, 'control request rejected');
      res.status(422).json({ detail: error.message });
    } else if (bodyError.type === 'entity.parse.failed') {
      res.status(400).json({ detail: `Invalid JSON in the request body: ${bodyError.message}` });
    } else if (bodyError.type === 'entity.too.large') {
      res.status(413).json({ detail: `Snapshot is larger than ${CONTROL_BODY_LIMIT_BYTES} bytes` });
    } else {
      logger.error({ err: error, path: req.path }, 'control request failed');
      res.status(500).json({ detail: `Control request failed: ${(error as Error).message}` });
    }
  });

  return router;
}
