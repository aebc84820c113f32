import { envelope, pageWindow } from '../pagination.js';
import { presentArtifact } from '../present.js';
import type { OperationHandler } from '../operation-request.js';

export const listArtifacts: OperationHandler = ({ backend, query, caller, pageUrl }) => {
  const window = pageWindow(query);
  const page = backend.listArtifacts(caller, query, window);
  return { status: 200, body: envelope(page, window, pageUrl, (artifact) => presentArtifact(backend, artifact, caller)) };
};

export const createArtifact: OperationHandler = ({ backend, body, caller }) => {
  const artifact = backend.createArtifact(caller, body);
  return { status: 201, body: presentArtifact(backend, artifact, caller) };
};

export const getArtifact: OperationHandler = ({ backend, params, caller }) => {
  const artifact = backend.getArtifact(caller, params.artifact_id);
  return { status: 200, body: presentArtifact(backend, artifact, caller) };
};

export const updateArtifact: OperationHandler = ({ backend, params, body, caller }) => {
  const artifact = backend.replaceArtifact(caller, params.artifact_id, body);
  return { status: 200, body: presentArtifact(backend, artifact, caller) };
};

export const patchArtifact: OperationHandler = ({ backend, params, body, caller, declaredSpecType }) => {
  const artifact = backend.patchArtifact(caller, params.artifact_id, { ...body, declaredSpecType });
  return { status: 200, body: presentArtifact(backend, artifact, caller) };
};

export const deleteArtifact: OperationHandler = ({ backend, params, caller }) => {
  backend.deleteArtifact(caller, params.artifact_id);
  return { status: 204 };
};

export const cloneArtifact: OperationHandler = ({ backend, params, body, caller }) => {
  const artifact = backend.cloneArtifact(caller, params.artifact_id, body.name);
  return { status: 200, body: presentArtifact(backend, artifact, caller) };
};
