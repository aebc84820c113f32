import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { OperationContract } from '../contract/operation-contract.js';
import type { NamespaceRegistry } from '../namespaces.js';
import { Exchange } from './exchange.js';
import { applyFault } from './fault-response.js';
import { resolveNamespace } from './namespace-header.js';
import { serveOperation, type PipelineSettings } from './operation-pipeline.js';
import { RouteTable } from './route-table.js';

/**
 * Returns the handler of every API request, on Node's own request and response: namespace,
 * journal, request log, route (404 and 405 in the API's shape), injected faults, then the
 * operation pipeline.
 */
export function apiHandler(
  operations: OperationContract[],
  namespaces: NamespaceRegistry,
  settings: PipelineSettings,
): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = new RouteTable(operations);
  const logger = settings.logger;

  return (req, res) => {
    const exchange = new Exchange(req, res);
    const namespace = resolveNamespace(exchange.header('x-fake-namespace'), namespaces);
    if (typeof namespace === 'string') {
      exchange.send(400, { detail: namespace });
      return;
    }
    exchange.namespace = namespace;
    recordWhenClosed(exchange, logger);

    const route = routes.lookup(exchange.method, exchange.path);
    if (route.kind === 'not-found') {
      exchange.send(404, { detail: `Not Found: no operation matches ${exchange.method} ${exchange.path}` });
      return;
    }
    if (route.kind === 'method-not-allowed') {
      answerMethodNotAllowed(exchange, route.allow);
      return;
    }

    const { operation, params } = route;
    exchange.record.operationId = operation.operationId;
    const serve = () => serveOperation(exchange, operation, params, settings);

    const fault = namespace.faults.match(operation.operationId);
    if (!fault) {
      serve();
      return;
    }
    exchange.record.fault = { id: fault.fault.id, kind: fault.kind };
    logger.debug({ operationId: operation.operationId, fault: exchange.record.fault, delayMs: fault.delayMs }, 'injecting fault');
    setTimeout(() => applyFault(exchange, fault, operation, serve), fault.delayMs);
  };
}

/**
 * Journals the request in its namespace once the response is sent or the connection
 * closes, and logs one line at debug. A dropped request has status 0. Headers are never
 * logged or journaled, so tokens stay out.
 */
function recordWhenClosed(exchange: Exchange, logger: Logger): void {
  const started = process.hrtime.bigint();
  const time = new Date().toISOString();
  exchange.res.on('close', () => {
    const status = exchange.res.headersSent ? exchange.res.statusCode : 0;
    exchange.namespace.journal.record({
      time,
      method: exchange.method,
      path: exchange.path,
      ...exchange.record,
      status,
      namespace: exchange.namespace.name,
    });
    if (logger.isLevelEnabled('debug')) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.debug({ method: exchange.method, path: exchange.path, operationId: exchange.record.operationId, status, ms, namespace: exchange.namespace.name }, 'request');
    }
  });
}

function answerMethodNotAllowed(exchange: Exchange, allow: string[]): void {
  if (exchange.method === 'OPTIONS') {
    exchange.send(204, undefined, { Allow: [...allow, 'OPTIONS'].join(', ') });
    return;
  }
  exchange.send(405, { detail: `Method ${exchange.method} is not allowed on ${exchange.path}; allowed: ${allow.join(', ')}` }, { Allow: allow.join(', ') });
}
