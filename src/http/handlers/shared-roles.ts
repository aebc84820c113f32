import { envelope, pageWindow } from '../pagination.js';
import type { OperationHandler } from '../operation-request.js';

export const listArtifactSharedRoles: OperationHandler = ({ backend, params, query, caller, pageUrl }) => {
  const window = pageWindow(query);
  const page = backend.listSharedRoles(caller, 'artifact', params.artifact_id, window);
  return { status: 200, body: envelope(page, window, pageUrl, (entry) => entry) };
};

export const updateArtifactSharedRoles: OperationHandler = ({ backend, params, body, caller }) => {
  backend.updateSharedRoles(caller, 'artifact', params.artifact_id, body.roles);
  return { status: 204 };
};

export const listArtifactRepositorySharedRoles: OperationHandler = ({ backend, params, query, caller, pageUrl }) => {
  const window = pageWindow(query);
  const page = backend.listSharedRoles(caller, 'repository', params.artifact_repository_id, window);
  return { status: 200, body: envelope(page, window, pageUrl, (entry) => entry) };
};

export const updateArtifactRepositorySharedRoles: OperationHandler = ({ backend, params, body, caller }) => {
  backend.updateSharedRoles(caller, 'repository', params.artifact_repository_id, body.roles);
  return { status: 204 };
};
