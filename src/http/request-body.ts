import bodyParser from 'body-parser';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fillArtifactSpecType, liftPatchSpecType } from '../contract/artifact-body.js';
import type { ValidationItem } from '../contract/validation-item.js';
import type { Exchange } from './exchange.js';
import { HttpError } from './http-error.js';

const JSON_TYPES = ['application/json', 'application/*+json'];

type BodyReader = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Returns a reader that parses a JSON body of at most `limit` bytes into `req.body`. A
 * body over the limit is drained before the 413, so the client reads the answer instead
 * of a reset connection. Any JSON value is accepted here (`null` too): the schema decides.
 */
export function jsonBodyReader(limit: number): BodyReader {
  return bodyParser.json({ limit, strict: false, type: JSON_TYPES }) as unknown as BodyReader;
}

/** Reads the body, or raises 415 when one was sent without a JSON Content-Type. */
export function readJsonBody(exchange: Exchange, reader: BodyReader): Promise<unknown> {
  if (hasBody(exchange) && !exchange.isType(JSON_TYPES)) {
    const sent = exchange.header('content-type') ?? 'no Content-Type';
    return Promise.reject(
      new HttpError(415, { detail: `Unsupported Media Type: the body must be JSON sent with Content-Type: application/json, got ${sent}` }),
    );
  }

  return new Promise((resolve, reject) => {
    reader(exchange.req, exchange.res, (error) => {
      if (error) reject(error);
      else resolve(parsedBody(exchange));
    });
  });
}

function hasBody(exchange: Exchange): boolean {
  return exchange.req.headers['transfer-encoding'] !== undefined || Number(exchange.req.headers['content-length'] ?? 0) > 0;
}

/** body-parser leaves `req.body` undefined when no JSON body was sent. */
function parsedBody(exchange: Exchange): unknown {
  const body = (exchange.req as IncomingMessage & { body?: unknown }).body;
  if (body === undefined || (exchange.header('content-length') === '0' && body !== null)) return undefined;
  return body;
}

/** Operation-specific fixes applied before validation, as the real server applies them. */
export function prepareBody(operationId: string, body: unknown): { items: ValidationItem[]; declaredSpecType?: unknown } {
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

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
