import { newId, type DomainContext } from './context.js';
import { InvalidFieldError, NotFoundError } from './errors.js';
import type { Artifact, ArtifactType, Repository } from './types.js';

const OBJECT_ID = /^[0-9a-f]{24}$/;

export function findRepository(context: DomainContext, repositoryId: string): Repository {
  const repository = context.state.repositories.get(repositoryId);
  if (!repository) throw new NotFoundError('Artifact repository not found');
  return repository;
}

/**
 * Picks the repository a new artifact goes into. No id opens a new repository, and an
 * id that does not exist yet creates a repository with that id. An existing id is
 * joined when its type matches. A new repository takes the artifact's name and type.
 */
export function repositoryForNewArtifact(
  context: DomainContext,
  requestedId: string | null | undefined,
  artifact: { name: string; type: ArtifactType; creatorId: string },
): Repository {
  if (requestedId) {
    const existing = context.state.repositories.get(requestedId);
    if (existing) {
      assertSameType(existing, artifact.type);
      return existing;
    }
    if (!OBJECT_ID.test(requestedId)) {
      throw new InvalidFieldError(
        ['artifactRepositoryId'],
        `Artifact repository id "${requestedId}" is not a 24-character lowercase hex id; omit it to open a new repository`,
      );
    }
  }

  const now = context.clock.now();
  const repository: Repository = {
    id: requestedId || newId(context),
    name: artifact.name,
    type: artifact.type,
    lastVersionNumber: 0,
    creatorId: artifact.creatorId,
    tags: [],
    createdAt: now,
    updatedAt: now,
    artifactIds: new Set(),
  };
  context.state.repositories.set(repository.id, repository);
  return repository;
}

/** Raises 422 when an artifact's type differs from its repository's. */
export function assertSameType(repository: Repository, type: ArtifactType, field: Array<string | number> = ['artifactRepositoryId']): void {
  if (repository.type === type) return;
  throw new InvalidFieldError(
    field,
    `Artifact repository type '${repository.type}' does not match artifact type '${type}'`,
  );
}

export function addToRepository(context: DomainContext, repository: Repository, artifact: Artifact): void {
  repository.artifactIds.add(artifact.id);
  repository.updatedAt = context.clock.now();
}
