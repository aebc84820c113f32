import type { OperationContract } from '../contract/operation-contract.js';
import { buildValidationItem } from '../contract/validation-item.js';
import type { Exchange } from './exchange.js';
import type { FaultDecision } from './faults.js';

/**
 * Carries out an injected fault after its delay: drop the connection, send the chosen
 * status with a body in the API's shape, or (latency only) go on with the operation.
 */
export function applyFault(exchange: Exchange, decision: FaultDecision, operation: OperationContract, proceed: () => void): void {
  const { fault, kind } = decision;
  if (kind === 'drop') {
    exchange.req.socket.destroy();
    return;
  }
  if (kind === 'latency') {
    proceed();
    return;
  }

  const status = fault.status!;
  const detail = `Injected fault ${fault.id}: ${status} for ${operation.operationId}`;
  const body = fault.body ?? (status === 422 ? { detail: [buildValidationItem('body', [], detail, 'injected_fault')] } : { detail });
  exchange.send(status, body);
}
