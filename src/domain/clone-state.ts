import { WorkloadState } from './state.js';

/**
 * Copies a state so that writes to the copy never reach the original. Repositories, builds and
 * the in-use sets change in place, so they are copied. Artifacts get a shallow copy; their
 * specs, and the users, grant lists and workloads, are shared, because the rules replace
 * those objects instead of changing them.
 */
export function cloneState(source: WorkloadState): WorkloadState {
  const copy = new WorkloadState();
  for (const user of source.users.values()) copy.addUser(user);
  copy.defaultUserId = source.defaultUserId;
  copy.strictTokens = source.strictTokens;

  for (const [id, collection] of source.collections) copy.collections.set(id, collection);
  for (const [id, repository] of source.repositories) {
    copy.repositories.set(id, { ...repository, artifactIds: new Set(repository.artifactIds) });
  }
  for (const [id, artifact] of source.artifacts) copy.artifacts.set(id, { ...artifact });
  copy.artifacts.adoptOrdersOf(source.artifacts);
  for (const [id, grants] of source.artifactGrants) copy.artifactGrants.set(id, grants);
  for (const [id, grants] of source.repositoryGrants) copy.repositoryGrants.set(id, grants);
  for (const [id, workload] of source.workloads) copy.workloads.set(id, workload);
  for (const [id, build] of source.builds) copy.builds.set(id, { ...build });
  copy.buildPlan = source.buildPlan;
  for (const [id, workloadIds] of source.artifactReferences) copy.artifactReferences.set(id, new Set(workloadIds));
  return copy;
}
