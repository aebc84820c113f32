import type { IncomingMessage } from 'node:http';
import { fillArtifactSpecType, liftPatchSpecType } from '../contract/artifact-body.js';
import type { ValidationItem } from '../contract/validation-item.js';
import type { Exchange } from './exchange.js';
import { HttpError } from './http-error.js';

/** Reads a request body of at most `limit` bytes and parses it as JSON. */
export type BodyReader = (req: IncomingMessage) => Promise<unknown>;

/** A body error, typed as body-parser types them, so one mapping turns both into replies. */
class BodyError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly limit?: number,
  ) {
    super(message);
  }
}

/**
 * Returns a reader that parses a UTF-8 JSON body of at most `limit` bytes. A body over
 * the limit is drained before the 413, so the client reads the response instead of a reset
 * connection. Any JSON value is accepted here (`null` too): the schema decides. An empty
 * body gives undefined.
 */
export function jsonBodyReader(limit: number): BodyReader {
  return (req) =>
    new Promise((resolve, reject) => {
      const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding !== 'identity') {
        req.resume();
        reject(new BodyError('encoding.unsupported', `Content-Encoding "${encoding}" is not supported`));
        return;
      }
      const charset = /charset=([^;\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
      if (charset && charset !== 'utf-8' && charset !== 'utf8') {
        req.resume();
        reject(new BodyError('charset.unsupported', `charset "${charset}" is not supported`));
        return;
      }

      const chunks: Buffer[] = [];
      let received = 0;
      let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > limit) tooLarge = true;
        if (!tooLarge) chunks.push(chunk);
      });
      req.on('error', (error) => reject(new BodyError('request.aborted', `request body could not be read: ${error.message}`)));
      req.on('end', () => {
        if (tooLarge) {
          reject(new BodyError('entity.too.large', `request body is larger than ${limit} bytes`, limit));
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        if (text.trim() === '') {
          resolve(undefined);
          return;
        }
        try {
          resolve(JSON.parse(text));
        } catch (error) {
          reject(new BodyError('entity.parse.failed', (error as Error).message));
        }
      });
    });
}

/** Reads the body, or raises 415 when one was sent without a JSON Content-Type. */
export function readJsonBody(exchange: Exchange, reader: BodyReader): Promise<unknown> {
  if (hasBody(exchange) && !exchange.isJson()) {
    const sent = exchange.header('content-type') ?? 'no Content-Type';
    return Promise.reject(
      new HttpError(415, { detail: `Unsupported Media Type: the body must be JSON sent with Content-Type: application/json, got ${sent}` }),
    );
  }

  return reader(exchange.req);
}

function hasBody(exchange: Exchange): boolean {
  return exchange.req.headers['transfer-encoding'] !== undefined || Number(exchange.req.headers['content-length'] ?? 0) > 0;
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
