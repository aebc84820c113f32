import type { Logger } from 'pino';
import type { OperationContract } from '../contract/operation-contract.js';
import type { PrismFallback } from '../fallback/prism-fallback.js';
import { bearerToken } from './auth.js';
import { errorResult } from './error-result.js';
import type { Exchange } from './exchange.js';
import { generatedAnswer, preferredStatus } from './generated.js';
import { handlers } from './handlers/index.js';
import { HttpError, RequestValidationError } from './http-error.js';
import type { OperationHandler, OperationRequest } from './operation-request.js';
import { pageUrlBuilder } from './pagination.js';
import { prepareBody, readJsonBody, type jsonBodyReader } from './request-body.js';
import { sendChecked, type ResponseValidationMode } from './respond.js';

/** Settings the operation pipeline reads on every request. */
export interface PipelineSettings {
  /** When false, every request is the scenario's default user and needs no token. */
  auth: boolean;
  responseValidation: ResponseValidationMode;
  logger: Logger;
  /** Generates the responses of operations that have no stateful handler. */
  fallback: PrismFallback;
  readBody: ReturnType<typeof jsonBodyReader>;
}

/**
 * Serves one matched operation: auth, body, request validation, then the stateful
 * handler or Prism, then response validation and send. Every error becomes the reply
 * the API would send.
 */
export function serveOperation(exchange: Exchange, operation: OperationContract, params: Record<string, string>, settings: PipelineSettings): void {
  runOperation(exchange, operation, params, settings).catch((error: unknown) => {
    const context = { operationId: operation.operationId, method: exchange.method, path: exchange.path, namespace: exchange.namespace.name };
    sendChecked(exchange, operation, errorResult(error, settings.logger, context), settings.responseValidation, settings.logger);
  });
}

async function runOperation(exchange: Exchange, operation: OperationContract, params: Record<string, string>, settings: PipelineSettings): Promise<void> {
  const token = settings.auth ? bearerToken(exchange.header('authorization')) : undefined;
  const backend = exchange.namespace.backend;
  const caller = backend.userForToken(token);
  if (!caller) throw new HttpError(401, { message: 'Invalid token: this scenario accepts only the tokens of its users' });

  const body = operation.hasRequestBody ? await readJsonBody(exchange, settings.readBody) : undefined;
  const prepared = prepareBody(operation.operationId, body);
  const path = operation.checkPath(params);
  const query = operation.checkQuery(exchange.query);
  const checkedBody = operation.hasRequestBody ? operation.checkBody(body) : { value: undefined, items: [] };

  const handler = handlers[operation.operationId] as OperationHandler | undefined;
  const preferred = handler ? { status: undefined, items: [] } : preferredStatus(exchange, operation);

  const items = [...path.items, ...query.items, ...prepared.items, ...checkedBody.items, ...preferred.items];
  exchange.record.requestValid = items.length === 0;
  if (items.length > 0) throw new RequestValidationError(items);

  if (!handler) {
    exchange.record.source = 'generated';
    const result = await generatedAnswer(settings.fallback, exchange, operation, path.value, body, preferred.status);
    sendChecked(exchange, operation, result, settings.responseValidation, settings.logger);
    return;
  }

  exchange.record.source = 'stateful';
  const request: OperationRequest = {
    operation,
    params: path.value,
    query: query.value,
    body,
    caller,
    backend,
    declaredSpecType: prepared.declaredSpecType,
    pageUrl: pageUrlBuilder(exchange),
  };
  sendChecked(exchange, operation, handler(request), settings.responseValidation, settings.logger);
}
