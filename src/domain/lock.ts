import type { DomainContext } from './context.js';
import { ForbiddenError, InvalidFieldError } from './errors.js';
import type { Artifact, ArtifactSpec } from './types.js';

/** The detail the live service sends for any change to a locked artifact. */
export const LOCKED_DETAIL = 'Cannot update artifact: artifact is locked';

/** Raises 403 when the artifact is locked: locked artifacts never change. */
export function assertUnlocked(artifact: Artifact): void {
  if (artifact.status === 'locked') throw new ForbiddenError(LOCKED_DETAIL);
}

/**
 * Locks a draft: its repository's `lastVersionNumber` rises by one and becomes the
 * artifact's `version`. Versions start at 1 and are never reused, even after deletes,
 * because the counter only grows. Locking is one-way.
 */
export function lockArtifact(context: DomainContext, artifact: Artifact): void {
  assertLockable(artifact.spec);

  const repository = context.state.repositories.get(artifact.artifactRepositoryId);
  if (!repository) throw new Error(`artifact ${artifact.id} points at missing repository ${artifact.artifactRepositoryId}`);

  repository.lastVersionNumber += 1;
  repository.updatedAt = context.clock.now();

  artifact.status = 'locked';
  artifact.version = repository.lastVersionNumber;
}

/** Raises 422 unless every container built from source has an `imageUri` from a finished build. */
export function assertLockable(spec: ArtifactSpec): void {
  for (const group of spec.containerGroups) {
    for (const container of group.containers as Array<Record<string, any>>) {
      if (container.imageBuildConfig && !container.imageUri) {
        const name = container.name ? ` in container "${container.name}"` : '';
        throw new InvalidFieldError(
          ['status'],
          `Cannot lock artifact: imageBuildConfig is set but imageUri is not populated${name}. Trigger and complete an image build before locking.`,
        );
      }
    }
  }
}
