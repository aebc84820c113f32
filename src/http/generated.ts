import type { OperationContract } from '../contract/operation-contract.js';
import { buildValidationItem, type ValidationItem } from '../contract/validation-item.js';
import type { PrismFallback } from '../fallback/prism-fallback.js';
import type { Exchange } from './exchange.js';
import type { OperationResult } from './operation-request.js';

/** Header that marks generated responses, so a client can tell them from stateful ones. */
export const SOURCE_HEADER = 'X-Fake-Source';

/**
 * Reads `Prefer: code=NNN`, which picks the status of a generated response as it does
 * with Prism. A status the operation does not declare gets a 422 item at the header.
 */
export function preferredStatus(exchange: Exchange, operation: OperationContract): { status?: number; items: ValidationItem[] } {
  const match = /(?:^|[\s,;])code=(\d{3})(?:$|[\s,;])/.exec(exchange.header('prefer') ?? '');
  if (!match) return { items: [] };

  const status = Number(match[1]);
  if (operation.declaredStatuses.includes(status)) return { status, items: [] };
  const declared = operation.declaredStatuses.join(', ');
  return {
    items: [buildValidationItem('header', ['Prefer'], `code=${status} is not a status ${operation.operationId} declares; use one of ${declared}`, 'enum')],
  };
}

/**
 * Asks Prism for the response of an operation without a stateful handler, at the preferred
 * status or the lowest 2xx the operation declares. An error status without a declared
 * body gets a `detail` in the API's shape.
 */
export async function generatedAnswer(
  fallback: PrismFallback,
  exchange: Exchange,
  operation: OperationContract,
  params: Record<string, string>,
  body: unknown,
  status: number | undefined,
): Promise<OperationResult> {
  // HEAD is served as the GET it mirrors; the body is left out when the answer is sent.
  const method = exchange.method === 'HEAD' ? 'GET' : exchange.method;
  const request = { method, path: concretePath(operation.pathTemplate, params), query: exchange.query, body };
  const result = await fallback.respond(operation, request, status ?? defaultStatus(operation));

  const withDetail = result.body === undefined && result.status >= 400 ? { ...result, body: { detail: `Generated ${result.status} response of ${operation.operationId}` } } : result;
  return { ...withDetail, headers: { ...withDetail.headers, [SOURCE_HEADER]: 'generated' } };
}

function defaultStatus(operation: OperationContract): number {
  return Math.min(...operation.declaredStatuses.filter((status) => status >= 200 && status < 300));
}

function concretePath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_whole, name: string) => encodeURIComponent(params[name] ?? ''));
}
