import { newId, type DomainContext } from './context.js';
import { ConflictError, InvalidFieldError, NotFoundError } from './errors.js';
import { workloadsUsing } from './in-use.js';
import { assertLockable, assertUnlocked, lockArtifact } from './lock.js';
import { addToRepository, assertSameType, findRepository, repositoryForNewArtifact } from './repositories.js';
import { assertContainersHaveImages, normalizeSpec } from './spec-defaults.js';
import type { Artifact, ArtifactStatus, ArtifactType, User } from './types.js';

/** A create or full-replace request body, after the contract has validated it. */
export interface ArtifactInput {
  name: string;
  description?: string;
  type?: ArtifactType;
  status?: ArtifactStatus;
  artifactRepositoryId?: string | null;
  spec: Record<string, any>;
}

/** A partial update; `null` and absent both mean "leave as it is". */
export interface ArtifactPatch {
  name?: string | null;
  description?: string | null;
  status?: ArtifactStatus | null;
  spec?: { containerGroups?: Array<Record<string, unknown>> } | null;
  /** `spec.type` as the client sent it; the contract layer lifts it out of `spec`. */
  declaredSpecType?: unknown;
}

export function findArtifact(context: DomainContext, artifactId: string): Artifact {
  const artifact = context.state.artifacts.get(artifactId);
  if (!artifact) throw new NotFoundError('Artifact not found');
  return artifact;
}

/**
 * Creates an artifact as a draft with `version: null`, or locked and versioned at once
 * when the body sets `status: "locked"`.
 */
export function createArtifact(context: DomainContext, creator: User, input: ArtifactInput): Artifact {
  const type = input.type ?? 'service';
  const spec = normalizeSpec(input.spec, type);
  assertContainersHaveImages(spec);
  if (input.status === 'locked') assertLockable(spec);

  const repository = repositoryForNewArtifact(context, input.artifactRepositoryId, {
    name: input.name,
    type,
    creatorId: creator.id,
  });

  const now = context.clock.now();
  const artifact: Artifact = {
    id: newId(context),
    name: input.name,
    description: input.description ?? '',
    type,
    status: 'draft',
    version: null,
    spec,
    artifactRepositoryId: repository.id,
    creatorId: creator.id,
    tags: [],
    createdAt: now,
    updatedAt: now,
  };
  if (input.status === 'locked') lockArtifact(context, artifact);

  context.state.artifacts.set(artifact.id, artifact);
  addToRepository(context, repository, artifact);
  return artifact;
}

/**
 * Replaces every writable field (PUT); omitted fields return to their defaults.
 * The artifact stays in its repository: a different `artifactRepositoryId` is rejected.
 */
export function replaceArtifact(context: DomainContext, artifactId: string, input: ArtifactInput): Artifact {
  const artifact = findArtifact(context, artifactId);
  assertUnlocked(artifact);

  if (input.artifactRepositoryId && input.artifactRepositoryId !== artifact.artifactRepositoryId) {
    throw new InvalidFieldError(
      ['artifactRepositoryId'],
      `Artifact ${artifactId} belongs to repository ${artifact.artifactRepositoryId}; artifacts cannot move between repositories`,
    );
  }

  const type = input.type ?? 'service';
  assertSameType(findRepository(context, artifact.artifactRepositoryId), type, ['type']);
  const spec = normalizeSpec(input.spec, type);
  assertContainersHaveImages(spec);

  const replacement: Artifact = {
    ...artifact,
    name: input.name,
    description: input.description ?? '',
    type,
    spec,
    updatedAt: context.clock.now(),
  };
  if (input.status === 'locked') lockArtifact(context, replacement);

  context.state.artifacts.set(artifact.id, replacement);
  return replacement;
}

/**
 * Applies the fields a PATCH sends. A `spec` replaces the whole `containerGroups` list.
 * `status: "locked"` locks after the other changes, in the same request.
 */
export function patchArtifact(context: DomainContext, artifactId: string, patch: ArtifactPatch): Artifact {
  const artifact = findArtifact(context, artifactId);
  assertUnlocked(artifact);

  if (patch.declaredSpecType !== undefined && patch.declaredSpecType !== artifact.type) {
    throw new InvalidFieldError(
      ['spec', 'type'],
      `spec.type must be left out or equal the artifact's type "${artifact.type}"; an artifact's type cannot change`,
      'literal_error',
    );
  }

  const updated: Artifact = { ...artifact, updatedAt: context.clock.now() };
  if (patch.name != null) updated.name = patch.name;
  if (patch.description != null) updated.description = patch.description;
  if (patch.spec != null) {
    updated.spec = normalizeSpec({ ...artifact.spec, containerGroups: patch.spec.containerGroups ?? [] }, artifact.type);
    assertContainersHaveImages(updated.spec);
  }
  if (patch.status === 'locked') lockArtifact(context, updated);

  context.state.artifacts.set(artifact.id, updated);
  return updated;
}

/**
 * Deletes an artifact. A locked artifact or one referenced by a workload stays, and
 * the 409 detail names every reason that applies.
 */
export function deleteArtifact(context: DomainContext, artifactId: string): void {
  const artifact = findArtifact(context, artifactId);

  const reasons: string[] = [];
  if (artifact.status === 'locked') reasons.push('it is locked, and locked artifacts can never be deleted');
  const workloads = workloadsUsing(context.state, artifactId);
  if (workloads.length > 0) {
    reasons.push(`it is referenced by ${workloads.length} workload(s): ${workloads.join(', ')}. Delete the workload(s) first`);
  }
  if (reasons.length > 0) throw new ConflictError(`Cannot delete artifact ${artifactId}: ${reasons.join('; and ')}.`);

  removeArtifact(context, artifact);
}

/** Removes an artifact, its grants, its builds and its repository membership, with no checks. */
export function removeArtifact(context: DomainContext, artifact: Artifact): void {
  context.state.artifacts.delete(artifact.id);
  context.state.artifactGrants.delete(artifact.id);
  for (const build of context.state.builds.values()) {
    if (build.artifactId === artifact.id) context.state.builds.delete(build.id);
  }

  const repository = context.state.repositories.get(artifact.artifactRepositoryId);
  if (repository) {
    repository.artifactIds.delete(artifact.id);
    repository.updatedAt = context.clock.now();
  }
}
