import { buildStatus } from '../../domain/builds.js';
import type { Build } from '../../domain/types.js';
import type { WorkloadBackend } from '../../domain/backend.js';
import { envelope, pageWindow } from '../pagination.js';
import { presentUser } from '../present.js';
import type { OperationHandler } from '../operation-request.js';

function presentBuild(backend: WorkloadBackend, build: Build): Record<string, unknown> {
  return {
    id: build.id,
    name: build.name,
    artifactId: build.artifactId,
    status: buildStatus(build),
    creator: presentUser(backend.user(build.creatorId), build.creatorId),
    createdAt: build.createdAt,
    updatedAt: build.updatedAt,
  };
}

export const triggerArtifactBuild: OperationHandler = ({ backend, params, caller }) => {
  const buildIds = backend.triggerBuilds(caller, params.artifact_id);
  return { status: 202, body: { buildIds } };
};

export const getArtifactBuildList: OperationHandler = ({ backend, params, query, caller, pageUrl }) => {
  const window = pageWindow(query);
  const page = backend.listBuilds(caller, params.artifact_id, window);
  return { status: 200, body: envelope(page, window, pageUrl, (build) => presentBuild(backend, build)) };
};

export const getArtifactBuild: OperationHandler = ({ backend, params, caller }) => {
  const build = backend.getBuild(caller, params.artifact_id, params.build_id);
  return { status: 200, body: presentBuild(backend, build) };
};

export const getArtifactBuildLogs: OperationHandler = ({ backend, params, caller }) => {
  const log = backend.buildLog(caller, params.artifact_id, params.build_id);
  return { status: 200, body: log, contentType: 'text/plain; charset=utf-8' };
};
