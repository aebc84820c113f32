import * as artifacts from './artifacts.js';
import { deleteRepository } from './cascade.js';
import { cloneArtifact } from './clone.js';
import type { Clock } from './clock.js';
import type { DomainContext } from './context.js';
import type { IdGenerator } from './ids.js';
import {
  listArtifacts,
  listRepositories,
  listWorkloads,
  pageOf,
  type ArtifactFilters,
  type CommonFilters,
  type Page,
  type PageWindow,
  type WorkloadFilters,
} from './listing.js';
import { ROLE_PERMISSIONS, type Permission } from './permissions.js';
import { findRepository } from './repositories.js';
import { listSharedRoles, roleOf, updateSharedRoles, type RoleRequest, type ShareableKind, type SharedRoleEntry } from './share.js';
import type { WorkloadState } from './state.js';
import type { Artifact, Repository, User, Workload } from './types.js';
import * as workloads from './workloads.js';

/**
 * The artifact service of one namespace: its state and every business rule, with no
 * HTTP inside. Methods raise DomainError subclasses that carry status and detail.
 */
export class WorkloadBackend {
  readonly context: DomainContext;

  constructor(state: WorkloadState, clock: Clock, ids: IdGenerator) {
    this.context = { state, clock, ids };
  }

  get state(): WorkloadState {
    return this.context.state;
  }

  /** Returns the user a bearer token belongs to; an unknown token is the default user. */
  userForToken(token: string | undefined): User {
    return (token && this.state.usersByToken.get(token)) || this.state.defaultUser;
  }

  user(userId: string): User | undefined {
    return this.state.users.get(userId);
  }

  createArtifact(caller: User, input: artifacts.ArtifactInput): Artifact {
    return artifacts.createArtifact(this.context, caller, input);
  }

  getArtifact(artifactId: string): Artifact {
    return artifacts.findArtifact(this.context, artifactId);
  }

  replaceArtifact(artifactId: string, input: artifacts.ArtifactInput): Artifact {
    return artifacts.replaceArtifact(this.context, artifactId, input);
  }

  patchArtifact(artifactId: string, patch: artifacts.ArtifactPatch): Artifact {
    return artifacts.patchArtifact(this.context, artifactId, patch);
  }

  deleteArtifact(artifactId: string): void {
    artifacts.deleteArtifact(this.context, artifactId);
  }

  cloneArtifact(caller: User, artifactId: string, name: string): Artifact {
    return cloneArtifact(this.context, caller, artifactId, name);
  }

  listArtifacts(filters: ArtifactFilters, window: PageWindow): Page<Artifact> {
    return listArtifacts(this.state, filters, window);
  }

  getRepository(repositoryId: string): Repository {
    return findRepository(this.context, repositoryId);
  }

  listRepositories(filters: CommonFilters, window: PageWindow): Page<Repository> {
    return listRepositories(this.state, filters, window);
  }

  deleteRepository(repositoryId: string): void {
    deleteRepository(this.context, repositoryId);
  }

  listSharedRoles(kind: ShareableKind, entityId: string, window: PageWindow): Page<SharedRoleEntry> {
    return pageOf(listSharedRoles(this.context, kind, entityId), window);
  }

  updateSharedRoles(kind: ShareableKind, entityId: string, requests: RoleRequest[]): void {
    updateSharedRoles(this.context, kind, entityId, requests);
  }

  createWorkload(caller: User, input: workloads.WorkloadInput): Workload {
    return workloads.createWorkload(this.context, caller, input);
  }

  getWorkload(workloadId: string): Workload {
    return workloads.findWorkload(this.context, workloadId);
  }

  listWorkloads(filters: WorkloadFilters, window: PageWindow): Page<Workload> {
    return listWorkloads(this.state, filters, window);
  }

  deleteWorkload(workloadId: string): void {
    workloads.deleteWorkload(this.context, workloadId);
  }

  /** Lists what the caller may do with an artifact or repository. */
  permissionsOf(kind: ShareableKind, entityId: string, caller: User): Permission[] {
    return ROLE_PERMISSIONS[roleOf(this.context, kind, entityId, caller.id)];
  }
}
