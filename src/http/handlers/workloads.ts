import { envelope, pageWindow } from '../pagination.js';
import { presentWorkload } from '../present.js';
import type { OperationHandler } from '../operation-request.js';

export const listWorkloads: OperationHandler = ({ backend, query, caller, pageUrl }) => {
  const window = pageWindow(query);
  const page = backend.listWorkloads(caller, query, window);
  return { status: 200, body: envelope(page, window, pageUrl, (workload) => presentWorkload(backend, workload, caller)) };
};

export const createWorkload: OperationHandler = ({ backend, body, caller }) => {
  const workload = backend.createWorkload(caller, body);
  return { status: 201, body: presentWorkload(backend, workload, caller) };
};

export const getWorkload: OperationHandler = ({ backend, params, caller }) => {
  const workload = backend.getWorkload(caller, params.workload_id);
  return { status: 200, body: presentWorkload(backend, workload, caller) };
};

export const deleteWorkload: OperationHandler = ({ backend, params, caller }) => {
  backend.deleteWorkload(caller, params.workload_id);
  return { status: 204 };
};

export const updateWorkload: OperationHandler = ({ backend, params, body, caller }) => {
  const workload = backend.updateWorkload(caller, params.workload_id, body);
  return { status: 200, body: presentWorkload(backend, workload, caller) };
};

export const promoteWorkloadArtifact: OperationHandler = ({ backend, params, caller }) => {
  const workload = backend.promoteWorkload(caller, params.workload_id);
  return { status: 202, body: presentWorkload(backend, workload, caller) };
};

export const startWorkload: OperationHandler = ({ backend, params, caller }) => {
  const workload = backend.setWorkloadRunning(caller, params.workload_id, true);
  return { status: 202, body: { status: workload.status, workloadId: workload.id, trackVia: `/api/v2/workloads/${workload.id}/` } };
};

export const stopWorkload: OperationHandler = ({ backend, params, caller }) => {
  const workload = backend.setWorkloadRunning(caller, params.workload_id, false);
  return { status: 202, body: { status: workload.status, workloadId: workload.id, trackVia: `/api/v2/workloads/${workload.id}/` } };
};

export const getWorkloadSettings: OperationHandler = ({ backend, params, caller }) => {
  const workload = backend.getWorkload(caller, params.workload_id);
  return { status: 200, body: workload.runtime ? { runtime: workload.runtime } : {} };
};
