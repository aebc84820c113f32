import { createHash } from 'node:crypto';
import type { WorkloadBackend } from '../domain/backend.js';
import type { Artifact, Repository, User, Workload } from '../domain/types.js';

/** Shapes a user as the `UserData` embedded as `creator`. */
export function presentUser(user: User | undefined, userId: string): Record<string, unknown> {
  if (!user) return { id: userId, username: null, email: null, fullName: null, userhash: null };
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    fullName: user.fullName,
    userhash: user.email ? gravatarHash(user.email) : null,
  };
}

/** Each stored artifact's last presented body, with the permissions it was built for. */
const presentedArtifacts = new WeakMap<Artifact, { permissions: readonly string[]; body: Readonly<Record<string, unknown>> }>();

/**
 * Shapes an artifact as `ArtifactFormatted`, with the caller's permissions on it. The body
 * is frozen and reused while the stored artifact object and the permissions stay the same.
 * The rules replace an artifact on every change, so a reused body is never stale. The
 * response checker and serializer can then skip work they already did for it.
 */
export function presentArtifact(backend: WorkloadBackend, artifact: Artifact, caller: User): Readonly<Record<string, unknown>> {
  // Each role maps to one shared permissions array, so the array itself identifies them.
  const permissions = backend.permissionsOf('artifact', artifact.id, caller);
  const cached = presentedArtifacts.get(artifact);
  if (cached && cached.permissions === permissions) return cached.body;

  const body = Object.freeze({
    id: artifact.id,
    name: artifact.name,
    description: artifact.description,
    type: artifact.type,
    status: artifact.status,
    version: artifact.version,
    artifactRepositoryId: artifact.artifactRepositoryId,
    spec: artifact.spec,
    creator: presentUser(backend.user(artifact.creatorId), artifact.creatorId),
    permissions,
    tags: artifact.tags,
    createdAt: artifact.createdAt,
    updatedAt: artifact.updatedAt,
  });
  presentedArtifacts.set(artifact, { permissions, body });
  return body;
}

/** Shapes a repository as `ArtifactRepositoryFormatted`; `numArtifacts` counts drafts and locked. */
export function presentRepository(backend: WorkloadBackend, repository: Repository, caller: User): Record<string, unknown> {
  return {
    id: repository.id,
    name: repository.name,
    type: repository.type,
    lastVersionNumber: repository.lastVersionNumber,
    numArtifacts: repository.artifactIds.size,
    creator: presentUser(backend.user(repository.creatorId), repository.creatorId),
    permissions: backend.permissionsOf('repository', repository.id, caller),
    tags: repository.tags,
    createdAt: repository.createdAt,
    updatedAt: repository.updatedAt,
  };
}

const hashes = new Map<string, string>();

/** Gravatar's hash: MD5 of the trimmed, lowercased email. */
function gravatarHash(email: string): string {
  let hash = hashes.get(email);
  if (!hash) {
    hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
    hashes.set(email, hash);
  }
  return hash;
}

/**
 * Shapes a workload as `WorkloadFormatted`. The fake runs nothing, so the proton,
 * endpoint, traffic and replacement fields are null.
 */
export function presentWorkload(backend: WorkloadBackend, workload: Workload, caller: User): Record<string, unknown> {
  const artifact = backend.state.artifacts.get(workload.artifactId);
  const creator = presentUser(backend.user(workload.creatorId), workload.creatorId);
  const body: Record<string, unknown> = {
    id: workload.id,
    name: workload.name,
    description: workload.description,
    importance: workload.importance,
    status: workload.status,
    type: artifact?.type ?? 'service',
    artifactId: workload.artifactId,
    artifact: artifact
      ? {
          id: artifact.id,
          name: artifact.name,
          status: artifact.status,
          type: artifact.type,
          version: artifact.version,
          artifactRepositoryId: artifact.artifactRepositoryId,
        }
      : null,
    creator,
    owners: [creator],
    permissions: artifact ? backend.permissionsOf('artifact', artifact.id, caller) : [],
    protonId: null,
    endpoint: null,
    lastResponse: null,
    replacement: null,
    requestStats: null,
    tags: workload.tags,
    createdAt: workload.createdAt,
    updatedAt: workload.updatedAt,
  };
  if (workload.runtime) body.runtime = workload.runtime;
  return body;
}
