import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { fillArtifactSpecType, liftPatchSpecType } from '../contract/artifact-body.js';
import type { OperationContract } from '../contract/operation-contract.js';
import { buildValidationItem, type ValidationItem } from '../contract/validation-item.js';
import type { PrismFallback } from '../fallback/prism-fallback.js';
import type { Namespace } from '../namespaces.js';
import type { FaultDecision } from './faults.js';
import type { WorkloadBackend } from '../domain/backend.js';
import { bearerToken } from './auth.js';
import { errorResult } from './error-result.js';
import { handlers } from './handlers/index.js';
import { HttpError, RequestValidationError } from './http-error.js';
import type { OperationHandler, OperationRequest } from './operation-request.js';
import { pageUrlBuilder } from './pagination.js';
import { sendChecked, type ResponseValidationMode } from './respond.js';
import { RouteTable } from './route-table.js';

/** Settings the operation pipeline reads on every request. */
export interface PipelineSettings {
  /** When false, every request is the scenario's default user and needs no token. */
  auth: boolean;
  bodyLimitBytes: number;
  responseValidation: ResponseValidationMode;
  logger: Logger;
  /** Answers the operations that have no stateful handler. */
  fallback: PrismFallback;
  /** Picks the backend (and so the state) that serves a request. */
  backendFor(res: Response): WorkloadBackend;
}

/**
 * Returns the middleware that serves every spec operation: route, auth, body parsing,
 * request validation, handler, response validation, send.
 */
export function operationPipeline(operations: OperationContract[], settings: PipelineSettings): RequestHandler {
  const routes = new RouteTable(operations);
  const parseJson = express.json({
    limit: settings.bodyLimitBytes,
    strict: false,
    type: ['application/json', 'application/*+json'],
  });

  return (req, res, next) => {
    const route = routes.lookup(req.method, req.path);
    if (route.kind === 'not-found') {
      next();
      return;
    }
    if (route.kind === 'method-not-allowed') {
      answerMethodNotAllowed(req, res, route.allow, settings);
      return;
    }

    const { operation, params } = route;
    res.locals.operationId = operation.operationId;

    const serve = () => serveOperation(req, res, operation, params, settings, parseJson);
    const fault = (res.locals.namespace as Namespace).faults.match(operation.operationId);
    if (!fault) {
      serve();
      return;
    }

    res.locals.fault = { id: fault.fault.id, kind: fault.kind };
    settings.logger.debug({ operationId: operation.operationId, fault: res.locals.fault, delayMs: fault.delayMs }, 'injecting fault');
    setTimeout(() => applyFault(req, res, fault, operation, serve), fault.delayMs);
  };
}

/** Runs one matched operation: auth, body parsing, validation, handler or Prism, send. */
function serveOperation(
  req: Request,
  res: Response,
  operation: OperationContract,
  params: Record<string, string>,
  settings: PipelineSettings,
  parseJson: RequestHandler,
): void {
  const fail = (error: unknown) => {
    const result = errorResult(error, settings.logger, logContext(req, operation));
    sendChecked(res, operation, result, settings.responseValidation, settings.logger);
  };

  try {
    const token = settings.auth ? bearerToken(req.get('authorization')) : undefined;
    const backend = settings.backendFor(res);
    const run = () => {
      try {
        runOperation(req, res, { operation, params, backend, token, settings })?.catch(fail);
      } catch (error) {
        fail(error);
      }
    };

    if (!operation.hasRequestBody) run();
    else if (hasNonJsonBody(req)) fail(unsupportedMediaType(req));
    else parseJson(req, res, (error?: unknown) => (error ? fail(error) : run()));
  } catch (error) {
    fail(error);
  }
}

/** True when the request carries a body whose Content-Type is missing or not JSON. */
function hasNonJsonBody(req: Request): boolean {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  return hasBody && !req.is(['application/json', 'application/*+json']);
}

function unsupportedMediaType(req: Request): HttpError {
  const sent = req.get('content-type') ?? 'no Content-Type';
  return new HttpError(415, { detail: `Unsupported Media Type: the body must be JSON sent with Content-Type: application/json, got ${sent}` });
}

/**
 * Carries out an injected fault after its delay: drop the connection, answer the chosen
 * status with a body in the API's shape, or (latency only) go on with the operation.
 */
function applyFault(req: Request, res: Response, decision: FaultDecision, operation: OperationContract, proceed: () => void): void {
  const { fault, kind } = decision;
  if (kind === 'drop') {
    req.socket.destroy();
    return;
  }
  if (kind === 'latency') {
    proceed();
    return;
  }

  const status = fault.status!;
  const detail = `Injected fault ${fault.id}: ${status} for ${operation.operationId}`;
  const body = fault.body ?? (status === 422 ? { detail: [buildValidationItem('body', [], detail, 'injected_fault')] } : { detail });
  res.status(status).json(body);
}

interface RunArguments {
  operation: OperationContract;
  params: Record<string, string>;
  backend: WorkloadBackend;
  token: string | undefined;
  settings: PipelineSettings;
}

/** Runs one operation; returns a promise only when the answer is generated, which is asynchronous. */
function runOperation(req: Request, res: Response, { operation, params, backend, token, settings }: RunArguments): Promise<void> | undefined {
  const caller = backend.userForToken(token);
  if (!caller) throw new HttpError(401, { message: 'Invalid token: this scenario accepts only the tokens of its users' });
  const body = operation.hasRequestBody ? bodyOrUndefined(req) : undefined;

  const prepared = prepareBody(operation.operationId, body);
  const path = operation.checkPath(params);
  const query = operation.checkQuery(req.query as Record<string, unknown>);
  const checkedBody = operation.hasRequestBody ? operation.checkBody(body) : { value: undefined, items: [] };

  const handler = handlers[operation.operationId] as OperationHandler | undefined;
  const preferred = handler ? { status: undefined, items: [] } : preferredStatus(req, operation);

  const items = [...path.items, ...query.items, ...prepared.items, ...checkedBody.items, ...preferred.items];
  res.locals.requestValid = items.length === 0;
  if (items.length > 0) throw new RequestValidationError(items);

  if (!handler) {
    res.locals.source = 'generated';
    const generatedRequest = { method: req.method, path: concretePath(operation.pathTemplate, path.value), query: req.query as Record<string, string>, body };
    return settings.fallback.respond(operation, generatedRequest, preferred.status ?? defaultStatus(operation)).then((result) => {
      const withDetail = result.body === undefined && result.status >= 400 ? { ...result, body: { detail: `Generated ${result.status} response of ${operation.operationId}` } } : result;
      sendChecked(res, operation, { ...withDetail, headers: { ...withDetail.headers, [SOURCE_HEADER]: 'generated' } }, settings.responseValidation, settings.logger);
    });
  }
  res.locals.source = 'stateful';

  const request: OperationRequest = {
    operation,
    params: path.value,
    query: query.value,
    body,
    caller,
    backend,
    declaredSpecType: prepared.declaredSpecType,
    pageUrl: pageUrlBuilder(req),
  };
  sendChecked(res, operation, handler(request), settings.responseValidation, settings.logger);
  return undefined;
}

/** Marks generated answers, so a client can tell them from stateful ones. */
export const SOURCE_HEADER = 'X-Fake-Source';

/**
 * Reads `Prefer: code=NNN`, which picks the status of a generated answer as it does
 * with Prism. A status the operation does not declare gets a 422 item at the header.
 */
function preferredStatus(req: Request, operation: OperationContract): { status?: number; items: ValidationItem[] } {
  const match = /(?:^|[\s,;])code=(\d{3})(?:$|[\s,;])/.exec(req.get('prefer') ?? '');
  if (!match) return { items: [] };

  const status = Number(match[1]);
  if (operation.declaredStatuses.includes(status)) return { status, items: [] };
  const declared = operation.declaredStatuses.join(', ');
  return { items: [buildValidationItem('header', ['Prefer'], `code=${status} is not a status ${operation.operationId} declares; use one of ${declared}`, 'enum')] };
}

/** The lowest 2xx status an operation declares: what a generated answer uses by default. */
function defaultStatus(operation: OperationContract): number {
  return Math.min(...operation.declaredStatuses.filter((status) => status >= 200 && status < 300));
}

function concretePath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_whole, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** body-parser leaves `req.body` undefined when no JSON body was sent. */
function bodyOrUndefined(req: Request): unknown {
  const contentLength = req.get('content-length');
  if (req.body === undefined || (contentLength === '0' && req.body !== null)) return undefined;
  return req.body;
}

/** Operation-specific fixes applied before validation, as the real server applies them. */
function prepareBody(operationId: string, body: unknown): { items: ValidationItem[]; declaredSpecType?: unknown } {
  switch (operationId) {
    case 'createArtifact':
    case 'updateArtifact':
      return { items: fillArtifactSpecType(body) };
    case 'createWorkload':
      return { items: isObject(body) ? fillArtifactSpecType(body.artifact, ['artifact']) : [] };
    case 'patchArtifact':
      return { items: [], ...liftPatchSpecType(body) };
    default:
      return { items: [] };
  }
}

function answerMethodNotAllowed(req: Request, res: Response, allow: string[], settings: PipelineSettings): void {
  if (req.method === 'OPTIONS') {
    res.setHeader('Allow', [...allow, 'OPTIONS'].join(', '));
    res.status(204).end();
    return;
  }
  settings.logger.debug({ method: req.method, path: req.path, allow }, 'method not allowed');
  res.setHeader('Allow', allow.join(', '));
  res.status(405).json({ detail: `Method ${req.method} is not allowed on ${req.path}; allowed: ${allow.join(', ')}` });
}

function logContext(req: Request, operation: OperationContract): Record<string, unknown> {
  return { operationId: operation.operationId, method: req.method, path: req.path };
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

