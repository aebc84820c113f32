import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { isFrozenObject } from '../contract/response-checker.js';
import type { Namespace } from '../namespaces.js';

/** The facts about one API request that the journal and the request log record. */
export interface ExchangeRecord {
  operationId: string | null;
  requestValid: boolean | null;
  responseValid: boolean | null;
  source: 'stateful' | 'generated' | null;
  fault: { id: string; kind: 'latency' | 'status' | 'drop' } | null;
}

/**
 * One API request and its response on Node's own http objects, with the few helpers the
 * pipeline needs. The API path avoids Express's per-request work, which would otherwise
 * cost as much as the whole contract check.
 */
export class Exchange {
  readonly path: string;
  readonly rawQuery: string;
  namespace!: Namespace;
  readonly record: ExchangeRecord = { operationId: null, requestValid: null, responseValid: null, source: null, fault: null };
  private parsedQuery?: Record<string, string | string[]>;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
  ) {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    this.path = queryStart < 0 ? url : url.slice(0, queryStart);
    this.rawQuery = queryStart < 0 ? '' : url.slice(queryStart + 1);
  }

  get method(): string {
    return this.req.method ?? 'GET';
  }

  /** Query values as sent: a repeated key gives an array. */
  get query(): Record<string, string | string[]> {
    this.parsedQuery ??= { ...parseQueryString(this.rawQuery) } as Record<string, string | string[]>;
    return this.parsedQuery;
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  }

  /** True when the request's Content-Type is JSON: `application/json` or `application/*+json`. */
  isJson(): boolean {
    const mediaType = (this.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    return mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'));
  }

  /** Builds the absolute URL of this request's path with another query string. */
  urlWithQuery(query: string): string {
    const scheme = (this.req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    return `${scheme}://${this.header('host') ?? 'localhost'}${this.path}?${query}`;
  }

  /** Sends JSON (or text when `contentType` is given); no body for an undefined one. */
  send(status: number, body?: unknown, headers: Record<string, string> = {}, contentType?: string): void {
    const res = this.res;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.statusCode = status;
    if (body === undefined) {
      res.end();
      return;
    }

    const text = contentType ? String(body) : serialize(body);
    res.setHeader('Content-Type', contentType ?? 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(this.method === 'HEAD' ? undefined : text);
  }
}

/** JSON text of frozen objects, which cannot change once serialized. */
const serialized = new WeakMap<object, string>();

/**
 * Serializes a response body. The frozen items of a list's `data` (and a frozen body
 * itself) are serialized once and then reused; everything else goes through JSON.stringify.
 */
export function serialize(body: unknown): string {
  if (isFrozenObject(body)) return cachedJson(body);
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray((body as { data?: unknown }).data)) {
    return JSON.stringify(body);
  }

  let text = '';
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    text += `${text ? ',' : '{'}${JSON.stringify(key)}:`;
    if (key !== 'data') {
      text += JSON.stringify(value);
      continue;
    }
    let items = '';
    for (const item of value as unknown[]) items += `${items ? ',' : ''}${isFrozenObject(item) ? cachedJson(item) : JSON.stringify(item)}`;
    text += `[${items}]`;
  }
  return text ? `${text}}` : '{}';
}

function cachedJson(value: object): string {
  let text = serialized.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    serialized.set(value, text);
  }
  return text;
}
