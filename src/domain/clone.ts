import { findArtifact } from './artifacts.js';
import { newId, type DomainContext } from './context.js';
import { addToRepository, findRepository } from './repositories.js';
import { normalizeSpec } from './spec-defaults.js';
import type { Artifact, User } from './types.js';

/**
 * Copies an artifact into a new draft in the same repository: spec, description and
 * type carry over; id, timestamps, creator and name are new, and `version` is null.
 * Locked sources may be cloned, which is how a locked artifact gets an editable copy.
 * Tags are not copied, and the copy's containers lose any server-set `build` info.
 */
export function cloneArtifact(context: DomainContext, caller: User, sourceId: string, name: string): Artifact {
  const source = findArtifact(context, sourceId);
  const repository = findRepository(context, source.artifactRepositoryId);

  const now = context.clock.now();
  const copy: Artifact = {
    id: newId(context),
    name,
    description: source.description,
    type: source.type,
    status: 'draft',
    version: null,
    spec: normalizeSpec(source.spec, source.type),
    artifactRepositoryId: repository.id,
    creatorId: caller.id,
    tags: [],
    createdAt: now,
    updatedAt: now,
  };

  context.state.artifacts.set(copy.id, copy);
  addToRepository(context, repository, copy);
  return copy;
}
