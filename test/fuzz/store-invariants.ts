import type { WorkloadBackend } from '../../src/domain/backend.js';
import type { WorkloadState } from '../../src/domain/state.js';
import type { User } from '../../src/domain/types.js';

/**
 * What the store invariants remember between requests of one run: a JSON copy of every
 * artifact when it was first seen locked, and the highest `lastVersionNumber` seen per
 * repository.
 */
export class StoreMemory {
  readonly lockedArtifacts = new Map<string, string>();
  readonly lastVersionNumbers = new Map<string, number>();
}

/** A check of the store after a request; returns its problems, empty when it holds. */
export type StoreInvariant = (state: WorkloadState, memory: StoreMemory) => string[];

/** Checks that each repository's `artifactIds` (reported as `numArtifacts`) is exactly the set of artifacts that point at it. */
export function numArtifactsMatchesArtifacts(state: WorkloadState): string[] {
  const problems: string[] = [];
  const pointing = new Map<string, string[]>();
  for (const artifact of state.artifacts.values()) {
    if (!state.repositories.has(artifact.artifactRepositoryId)) {
      problems.push(`artifact ${artifact.id} points at missing repository ${artifact.artifactRepositoryId}`);
    }
    pointing.set(artifact.artifactRepositoryId, [...(pointing.get(artifact.artifactRepositoryId) ?? []), artifact.id]);
  }

  for (const repository of state.repositories.values()) {
    const expected = (pointing.get(repository.id) ?? []).sort();
    const members = [...repository.artifactIds].sort();
    if (members.length !== expected.length || members.some((id, index) => id !== expected[index])) {
      problems.push(`repository ${repository.id} has numArtifacts ${members.length} (${members.join(', ')}) but ${expected.length} artifacts point at it (${expected.join(', ')})`);
    }
  }
  return problems;
}

/** Checks that a locked artifact's version is unique in its repository and lies in 1..lastVersionNumber, and that a draft has none. */
export function versionsUniqueAndInRange(state: WorkloadState): string[] {
  const problems: string[] = [];
  const versionsByRepository = new Map<string, Map<number, string>>();
  for (const artifact of state.artifacts.values()) {
    if (artifact.status === 'draft') {
      if (artifact.version !== null) problems.push(`draft ${artifact.id} has version ${artifact.version}; a draft's version is null`);
      continue;
    }

    const repository = state.repositories.get(artifact.artifactRepositoryId);
    const version = artifact.version;
    if (!repository) continue;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > repository.lastVersionNumber) {
      problems.push(`locked artifact ${artifact.id} has version ${version}, outside 1..${repository.lastVersionNumber} of repository ${repository.id}`);
      continue;
    }

    const versions = versionsByRepository.get(repository.id) ?? new Map<number, string>();
    const earlier = versions.get(version);
    if (earlier) problems.push(`artifacts ${earlier} and ${artifact.id} share version ${version} in repository ${repository.id}`);
    versions.set(version, artifact.id);
    versionsByRepository.set(repository.id, versions);
  }
  return problems;
}

/**
 * Checks that no repository's lastVersionNumber goes down. A deleted repository's record
 * is dropped, because a later artifact may open a new repository under the same id.
 */
export function lastVersionNumberNeverDecreases(state: WorkloadState, memory: StoreMemory): string[] {
  const problems: string[] = [];
  for (const repositoryId of memory.lastVersionNumbers.keys()) {
    if (!state.repositories.has(repositoryId)) memory.lastVersionNumbers.delete(repositoryId);
  }
  for (const repository of state.repositories.values()) {
    const highest = memory.lastVersionNumbers.get(repository.id) ?? 0;
    if (repository.lastVersionNumber < highest) {
      problems.push(`repository ${repository.id}: lastVersionNumber went down from ${highest} to ${repository.lastVersionNumber}`);
    }
    memory.lastVersionNumbers.set(repository.id, Math.max(highest, repository.lastVersionNumber));
  }
  return problems;
}

/** Checks that no locked artifact changes or goes away. */
export function lockedArtifactsNeverChange(state: WorkloadState, memory: StoreMemory): string[] {
  const problems: string[] = [];
  for (const [id, before] of memory.lockedArtifacts) {
    const artifact = state.artifacts.get(id);
    if (!artifact) {
      problems.push(`locked artifact ${id} was deleted`);
      continue;
    }
    const now = JSON.stringify(artifact);
    if (now !== before) problems.push(`locked artifact ${id} changed from ${before} to ${now}`);
  }
  for (const artifact of state.artifacts.values()) {
    if (artifact.status === 'locked' && !memory.lockedArtifacts.has(artifact.id)) memory.lockedArtifacts.set(artifact.id, JSON.stringify(artifact));
  }
  return problems;
}

/** Checks that every workload's artifact exists and that the in-use index lists exactly the workloads on each artifact. */
export function workloadsHoldExistingArtifacts(state: WorkloadState): string[] {
  const problems: string[] = [];
  for (const workload of state.workloads.values()) {
    if (!state.artifacts.has(workload.artifactId)) problems.push(`workload ${workload.id} references missing artifact ${workload.artifactId}`);
    if (!state.artifactReferences.get(workload.artifactId)?.has(workload.id)) {
      problems.push(`workload ${workload.id} is missing from the in-use index of artifact ${workload.artifactId}`);
    }
  }
  for (const [artifactId, workloadIds] of state.artifactReferences) {
    for (const workloadId of workloadIds) {
      if (state.workloads.get(workloadId)?.artifactId !== artifactId) {
        problems.push(`in-use index lists workload ${workloadId} on artifact ${artifactId}, but that workload does not reference it`);
      }
    }
  }
  return problems;
}

/** Checks that every build belongs to an existing artifact, since deleting an artifact deletes its builds. */
export function buildsBelongToArtifacts(state: WorkloadState): string[] {
  return [...state.builds.values()]
    .filter((build) => !state.artifacts.has(build.artifactId))
    .map((build) => `build ${build.id} belongs to missing artifact ${build.artifactId}`);
}

/**
 * Serializes what the store records, so two calls return the same text exactly when
 * nothing in it changed; the order of entries counts. It covers what `GET /_fake/state`
 * returns plus repository membership and the in-use index. Indexes derived from users
 * and caches such as list totals and sort orders are left out, since reads may fill them.
 */
export function serializeState(state: WorkloadState): string {
  const recorded = {
    defaultUserId: state.defaultUserId,
    strictTokens: state.strictTokens,
    users: state.users,
    collections: state.collections,
    artifacts: state.artifacts,
    repositories: state.repositories,
    artifactGrants: state.artifactGrants,
    repositoryGrants: state.repositoryGrants,
    workloads: state.workloads,
    builds: state.builds,
    buildPlan: state.buildPlan,
    artifactReferences: state.artifactReferences,
  };
  return JSON.stringify(recorded, (_key, value) => {
    if (value instanceof Map) return [...value.entries()];
    if (value instanceof Set) return [...value];
    return value;
  });
}

/**
 * The fields of a stored entity that a successful response describing it must repeat,
 * with `permissions` as the backend's permission rules give them to the caller.
 */
const STORED_VIEWS = {
  artifact: (backend: WorkloadBackend, id: string, caller: User) => {
    const artifact = backend.state.artifacts.get(id);
    if (!artifact) return undefined;
    const { name, description, type, status, version, artifactRepositoryId, spec } = artifact;
    return { name, description, type, status, version, artifactRepositoryId, spec, permissions: backend.permissionsOf('artifact', id, caller) };
  },
  repository: (backend: WorkloadBackend, id: string, caller: User) => {
    const repository = backend.state.repositories.get(id);
    if (!repository) return undefined;
    const { name, type, lastVersionNumber } = repository;
    return { name, type, lastVersionNumber, numArtifacts: repository.artifactIds.size, permissions: backend.permissionsOf('repository', id, caller) };
  },
  workload: (backend: WorkloadBackend, id: string, caller: User) => {
    const workload = backend.state.workloads.get(id);
    if (!workload) return undefined;
    const artifact = backend.state.artifacts.get(workload.artifactId);
    const { name, importance, status, artifactId } = workload;
    const permissions = artifact ? backend.permissionsOf('artifact', artifact.id, caller) : [];
    return { name, importance, status, artifactId, artifact: { status: artifact?.status, version: artifact?.version }, permissions };
  },
};

/** The entity each operation's 2xx body contains, alone or as list items under `data`. */
const RESPONSE_ENTITIES: Record<string, keyof typeof STORED_VIEWS> = {
  createArtifact: 'artifact',
  getArtifact: 'artifact',
  updateArtifact: 'artifact',
  patchArtifact: 'artifact',
  cloneArtifact: 'artifact',
  listArtifacts: 'artifact',
  getArtifactRepository: 'repository',
  listArtifactRepositories: 'repository',
  createWorkload: 'workload',
  getWorkload: 'workload',
  updateWorkload: 'workload',
  promoteWorkloadArtifact: 'workload',
  listWorkloads: 'workload',
};

/**
 * Compares the artifacts, repositories or workloads in an operation's 2xx body with the
 * store and returns every field that differs. Operations whose body contains none of them
 * return no differences.
 */
export function differencesFromStore(operationId: string, body: any, backend: WorkloadBackend, caller: User): string[] {
  const kind = RESPONSE_ENTITIES[operationId];
  if (!kind) return [];

  const items: Array<Record<string, any>> = Array.isArray(body?.data) ? body.data : [body];
  return items.flatMap((item) => {
    const stored = STORED_VIEWS[kind](backend, item?.id, caller) as Record<string, unknown> | undefined;
    if (!stored) return [`the response names ${kind} ${item?.id}, which is not in the store`];

    return Object.entries(stored).flatMap(([field, value]) => {
      const sent = field === 'artifact' ? { status: item.artifact?.status, version: item.artifact?.version } : item[field];
      if (JSON.stringify(sent) === JSON.stringify(value)) return [];
      return [`${kind} ${item.id} field "${field}" is ${clip(JSON.stringify(sent))} in the response but ${clip(JSON.stringify(value))} in the store`];
    });
  });
}

function clip(text: string | undefined): string {
  if (text === undefined) return 'absent';
  return text.length <= 300 ? text : `${text.slice(0, 300)}... (${text.length} characters)`;
}

/** Returns the user a request acts as, from its `Authorization: Bearer <token>` header, as the fake decides it. */
export function callerOf(authorization: string | undefined, backend: WorkloadBackend): User | undefined {
  return backend.userForToken(/^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1]);
}
