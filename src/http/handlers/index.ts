import type { OperationHandler } from '../operation-request.js';
import * as artifacts from './artifacts.js';
import * as repositories from './repositories.js';
import * as sharedRoles from './shared-roles.js';
import * as workloads from './workloads.js';

/** The stateful handlers by operationId; every other operation answers 501 for now. */
export const handlers: Record<string, OperationHandler> = {
  ...artifacts,
  ...repositories,
  ...sharedRoles,
  ...workloads,
};
