import type { Logger } from 'pino';
import { buildValidationItem } from '../contract/validation-item.js';
import { DomainError, InvalidFieldError } from '../domain/errors.js';
import { HttpError } from './http-error.js';
import type { OperationResult } from './operation-request.js';

/** Errors raised by body-parser carry a `type` such as `entity.parse.failed`. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * Turns anything a request raised into the reply the API would send: domain errors
 * with their status and detail, validation and body errors as 422 items, and anything
 * unexpected as a logged 500 naming the error.
 */
export function errorResult(error: unknown, logger: Logger, context: Record<string, unknown>): OperationResult & { headers?: Record<string, string> } {
  if (error instanceof InvalidFieldError) {
    return { status: 422, body: { detail: [buildValidationItem(error.location, error.field, error.detail, error.code)] } };
  }
  if (error instanceof DomainError) {
    return { status: error.status, body: { detail: error.detail } };
  }
  if (error instanceof HttpError) {
    return { status: error.status, body: error.body, headers: error.headers };
  }

  const bodyError = bodyParserResult(error as BodyParserError);
  if (bodyError) return bodyError;

  logger.error({ ...context, err: error }, 'unexpected error while handling a request');
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { detail: `Internal error in the fake: ${message}` } };
}

function bodyParserResult(error: BodyParserError): OperationResult | undefined {
  switch (error?.type) {
    case 'entity.parse.failed':
      return {
        status: 422,
        body: { detail: [buildValidationItem('body', [], `invalid JSON: ${error.message}`, 'json_invalid')] },
      };
    case 'entity.too.large':
      return {
        status: 413,
        body: { detail: `Request body is larger than the limit of ${error.limit} bytes; send a smaller body` },
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, body: { detail: `${error.message}; send UTF-8 JSON` } };
    case 'request.aborted':
    case 'request.size.invalid':
      return { status: 400, body: { detail: error.message } };
    default:
      return undefined;
  }
}
