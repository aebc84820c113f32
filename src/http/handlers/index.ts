import type { OperationHandler } from '../operation-request.js';
import * as artifacts from './artifacts.js';
import * as builds from './builds.js';
import * as repositories from './repositories.js';
import * as sharedRoles from './shared-roles.js';
import * as workloads from './workloads.js';

/** The stateful handlers by operationId; the spec's other operations get generated answers. */
export const handlers: Record<string, OperationHandler> = {
  ...artifacts,
  ...builds,
  ...repositories,
  ...sharedRoles,
  ...workloads,
};
