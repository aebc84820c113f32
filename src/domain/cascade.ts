import { removeArtifact } from './artifacts.js';
import type { DomainContext } from './context.js';
import { ConflictError } from './errors.js';
import { workloadsUsing } from './in-use.js';
import { findRepository } from './repositories.js';

/**
 * Deletes a repository and every artifact in it. When any artifact in it is locked or
 * in use by a workload, nothing is deleted and the 409 detail lists the blocking ids.
 */
export function deleteRepository(context: DomainContext, repositoryId: string): void {
  const repository = findRepository(context, repositoryId);
  const artifacts = [...repository.artifactIds].map((id) => context.state.artifacts.get(id)!);

  const locked = artifacts.filter((artifact) => artifact.status === 'locked').map((artifact) => artifact.id);
  const inUse = artifacts.filter((artifact) => workloadsUsing(context.state, artifact.id).length > 0).map((artifact) => artifact.id);

  const reasons: string[] = [];
  if (locked.length > 0) reasons.push(`it contains locked artifacts (${locked.join(', ')})`);
  if (inUse.length > 0) reasons.push(`it contains artifacts in use by workloads (${inUse.join(', ')})`);
  if (reasons.length > 0) {
    throw new ConflictError(`Cannot delete artifact repository ${repositoryId}: ${reasons.join(' and ')}. Nothing was deleted.`);
  }

  for (const artifact of artifacts) removeArtifact(context, artifact);
  context.state.repositories.delete(repositoryId);
  context.state.repositoryGrants.delete(repositoryId);
}
