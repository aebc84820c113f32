import { createArtifact, findArtifact, type ArtifactInput } from './artifacts.js';
import { newId, type DomainContext } from './context.js';
import { ConflictError, InvalidFieldError, NotFoundError } from './errors.js';
import { lockArtifact } from './lock.js';
import { addArtifactReference, removeArtifactReference } from './in-use.js';
import type { User, Workload, WorkloadImportance } from './types.js';

/** A create request after validation: an existing `artifactId` or an inline `artifact`. */
export interface WorkloadInput {
  name: string;
  description?: string | null;
  importance?: WorkloadImportance;
  artifactId?: string | null;
  artifact?: ArtifactInput | null;
  runtime?: Record<string, unknown>;
}

/** The status of a workload that runs; the fake runs no containers, so it only records start and stop. */
export const WORKLOAD_STATUS = 'running';

export function findWorkload(context: DomainContext, workloadId: string): Workload {
  const workload = context.state.workloads.get(workloadId);
  if (!workload) throw new NotFoundError('Workload not found');
  return workload;
}

/**
 * Creates a workload on an existing artifact, or on a draft made from the inline
 * `artifact` through the same rules as createArtifact. The artifact is then in use.
 */
export function createWorkload(context: DomainContext, creator: User, input: WorkloadInput): Workload {
  const hasId = input.artifactId != null;
  const hasInline = input.artifact != null;
  if (hasId === hasInline) {
    throw new InvalidFieldError(['artifactId'], 'Give exactly one of artifactId (an existing artifact) or artifact (an inline artifact to create)');
  }

  if (hasId && !context.state.artifacts.has(input.artifactId!)) {
    throw new InvalidFieldError(['artifactId'], 'Artifact not found', 'invalid');
  }
  const artifact = hasId ? findArtifact(context, input.artifactId!) : createInlineArtifact(context, creator, input.artifact!);

  const now = context.clock.now();
  const workload: Workload = {
    id: newId(context),
    name: input.name,
    description: input.description ?? '',
    importance: input.importance ?? 'low',
    artifactId: artifact.id,
    creatorId: creator.id,
    status: WORKLOAD_STATUS,
    runtime: input.runtime ?? null,
    tags: [],
    createdAt: now,
    updatedAt: now,
  };

  context.state.workloads.set(workload.id, workload);
  addArtifactReference(context.state, artifact.id, workload.id);
  return workload;
}

/** Deletes a workload; its artifact stops being in use when no other workload references it. */
export function deleteWorkload(context: DomainContext, workloadId: string): void {
  const workload = findWorkload(context, workloadId);
  context.state.workloads.delete(workloadId);
  removeArtifactReference(context.state, workload.artifactId, workloadId);
}

/** Creates the inline artifact as a draft; errors about its fields point inside `artifact`. */
function createInlineArtifact(context: DomainContext, creator: User, input: ArtifactInput) {
  try {
    return createArtifact(context, creator, { ...input, status: 'draft' });
  } catch (error) {
    if (error instanceof InvalidFieldError) throw new InvalidFieldError(['artifact', ...error.field], error.detail, error.code, error.location);
    throw error;
  }
}

/** The fields a workload PATCH may change; `null` and absent both leave a field as it is. */
export interface WorkloadPatch {
  name?: string | null;
  description?: string | null;
  importance?: WorkloadImportance | null;
}

export function updateWorkload(context: DomainContext, workloadId: string, patch: WorkloadPatch): Workload {
  const workload = findWorkload(context, workloadId);
  const updated: Workload = { ...workload, updatedAt: context.clock.now() };
  if (patch.name != null) updated.name = patch.name;
  if (patch.description != null) updated.description = patch.description;
  if (patch.importance != null) updated.importance = patch.importance;
  context.state.workloads.set(workloadId, updated);
  return updated;
}

/**
 * Promotes the draft a workload runs: the artifact is locked in place and gets the next
 * version of its repository. A workload on a locked artifact gets 422.
 */
export function promoteWorkload(context: DomainContext, workloadId: string): Workload {
  const workload = findWorkload(context, workloadId);
  const artifact = findArtifact(context, workload.artifactId);
  if (artifact.status !== 'draft') {
    throw new InvalidFieldError(['workload_id'], `Cannot promote workload ${workloadId}: its artifact ${artifact.id} is already locked`, 'value_error', 'path');
  }

  const locked = { ...artifact, updatedAt: context.clock.now() };
  lockArtifact(context, locked);
  context.state.artifacts.set(locked.id, locked);
  return workload;
}

/**
 * Starts or stops a workload. Starting one that runs gets 409, and stopping one that is
 * stopped does nothing. A stopped workload still keeps its artifact in use.
 */
export function setWorkloadRunning(context: DomainContext, workloadId: string, running: boolean): Workload {
  const workload = findWorkload(context, workloadId);
  if (running && workload.status === WORKLOAD_STATUS) {
    throw new ConflictError(`Workload ${workloadId} is already running`);
  }

  const updated: Workload = { ...workload, status: running ? WORKLOAD_STATUS : 'stopped', updatedAt: context.clock.now() };
  context.state.workloads.set(workloadId, updated);
  return updated;
}
