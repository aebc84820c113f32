import { envelope, pageWindow } from '../pagination.js';
import { presentRepository } from '../present.js';
import type { OperationHandler } from '../operation-request.js';

export const listArtifactRepositories: OperationHandler = ({ backend, query, caller, pageUrl }) => {
  const window = pageWindow(query);
  const page = backend.listRepositories(caller, query, window);
  return { status: 200, body: envelope(page, window, pageUrl, (repository) => presentRepository(backend, repository, caller)) };
};

export const getArtifactRepository: OperationHandler = ({ backend, params, caller }) => {
  const repository = backend.getRepository(caller, params.artifact_repository_id);
  return { status: 200, body: presentRepository(backend, repository, caller) };
};

export const deleteArtifactRepository: OperationHandler = ({ backend, params, caller }) => {
  backend.deleteRepository(caller, params.artifact_repository_id);
  return { status: 204 };
};
