import type { WorkloadState } from './state.js';

/** Records that a workload references an artifact, which makes the artifact "in use". */
export function addArtifactReference(state: WorkloadState, artifactId: string, workloadId: string): void {
  let workloads = state.artifactReferences.get(artifactId);
  if (!workloads) {
    workloads = new Set();
    state.artifactReferences.set(artifactId, workloads);
  }
  workloads.add(workloadId);
}

/** Removes a workload's reference; the artifact stops being in use with its last one. */
export function removeArtifactReference(state: WorkloadState, artifactId: string, workloadId: string): void {
  const workloads = state.artifactReferences.get(artifactId);
  if (!workloads) return;
  workloads.delete(workloadId);
  if (workloads.size === 0) state.artifactReferences.delete(artifactId);
}

/** Returns the ids of the workloads that reference an artifact, in the order they were added. */
export function workloadsUsing(state: WorkloadState, artifactId: string): string[] {
  return [...(state.artifactReferences.get(artifactId) ?? [])];
}
