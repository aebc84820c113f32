import type { Logger } from 'pino';
import type { OperationContract } from '../contract/operation-contract.js';
import type { Exchange } from './exchange.js';
import type { OperationResult } from './operation-request.js';

/** The server's action when a reply fails its operation's response schema. */
export type ResponseValidationMode = 'strict' | 'warn' | 'off';

/**
 * Statuses the fake itself produces outside the operations' contracts: a body over the
 * limit, an unsupported encoding, an operation not implemented yet, an internal error.
 * Their replies are not checked against a response schema.
 */
const FAKE_LEVEL_STATUSES = new Set([413, 415, 500, 501]);

/**
 * Sends a reply after checking it against the operation's response schema for its
 * status. In strict mode a violation becomes a 500 that names the operation and the
 * schema errors, so a test suite notices. In warn mode it is logged and sent as is.
 */
export function sendChecked(
  exchange: Exchange,
  operation: OperationContract | undefined,
  result: OperationResult,
  mode: ResponseValidationMode,
  logger: Logger,
): void {
  if (operation && mode !== 'off' && !FAKE_LEVEL_STATUSES.has(result.status) && !result.contentType) {
    const problems = operation.checkResponse(result.status, result.body);
    exchange.record.responseValid = problems.length === 0;
    if (problems.length > 0) {
      logger.warn(
        { operationId: operation.operationId, status: result.status, problems },
        'response does not match its schema',
      );
      if (mode === 'strict') {
        exchange.send(500, {
          detail: `Response of ${operation.operationId} with status ${result.status} does not match the spec: ${problems.join('; ')}`,
        });
        return;
      }
    }
  }

  exchange.send(result.status, result.body, result.headers, result.contentType);
}
