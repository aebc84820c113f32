import { canView, canViewArtifact, permissionsOn, requireGrantable, requirePermission } from './access.js';
import * as artifacts from './artifacts.js';
import { buildLog } from './build-logs.js';
import * as builds from './builds.js';
import { deleteRepository } from './cascade.js';
import { cloneArtifact } from './clone.js';
import type { Clock } from './clock.js';
import type { DomainContext } from './context.js';
import { InvalidFieldError, NotFoundError } from './errors.js';
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
import type { Permission } from './permissions.js';
import { findRepository } from './repositories.js';
import { listSharedRoles, updateSharedRoles, type RoleRequest, type ShareableKind, type SharedRoleEntry } from './share.js';
import type { WorkloadState } from './state.js';
import type { Artifact, Build, Repository, User, Workload } from './types.js';
import * as workloads from './workloads.js';

/**
 * The artifact service of one namespace: its state and every business rule, with no
 * HTTP inside. Each method acts for a caller and checks the caller's permissions first:
 * an entity the caller cannot see is reported as not found. Methods raise DomainError
 * subclasses that carry status and detail.
 */
export class WorkloadBackend {
  readonly context: DomainContext;

  constructor(state: WorkloadState, clock: Clock, ids: IdGenerator) {
    this.context = { state, clock, ids };
  }

  get state(): WorkloadState {
    return this.context.state;
  }

  /**
   * Returns the user a bearer token belongs to. An unknown or missing token is the
   * scenario's default user, unless the scenario sets `strictTokens`: then it is undefined.
   */
  userForToken(token: string | undefined): User | undefined {
    const user = token ? this.state.usersByToken.get(token) : undefined;
    if (user) return user;
    return this.state.strictTokens ? undefined : this.state.defaultUser;
  }

  user(userId: string): User | undefined {
    return this.state.users.get(userId);
  }

  /** Creates an artifact; joining an existing repository needs CAN_UPDATE on it. */
  createArtifact(caller: User, input: artifacts.ArtifactInput): Artifact {
    this.requireRepositoryWrite(caller, input.artifactRepositoryId, ['artifactRepositoryId']);
    return artifacts.createArtifact(this.context, caller, input);
  }

  getArtifact(caller: User, artifactId: string): Artifact {
    requirePermission(this.context, 'artifact', artifactId, caller, 'CAN_VIEW', 'view');
    return artifacts.findArtifact(this.context, artifactId);
  }

  replaceArtifact(caller: User, artifactId: string, input: artifacts.ArtifactInput): Artifact {
    requirePermission(this.context, 'artifact', artifactId, caller, 'CAN_UPDATE', 'update');
    return artifacts.replaceArtifact(this.context, artifactId, input);
  }

  patchArtifact(caller: User, artifactId: string, patch: artifacts.ArtifactPatch): Artifact {
    requirePermission(this.context, 'artifact', artifactId, caller, 'CAN_UPDATE', 'update');
    return artifacts.patchArtifact(this.context, artifactId, patch);
  }

  deleteArtifact(caller: User, artifactId: string): void {
    requirePermission(this.context, 'artifact', artifactId, caller, 'CAN_DELETE', 'delete');
    artifacts.deleteArtifact(this.context, artifactId);
  }

  /** Clones an artifact the caller can see; the caller owns the copy. */
  cloneArtifact(caller: User, artifactId: string, name: string): Artifact {
    requirePermission(this.context, 'artifact', artifactId, caller, 'CAN_VIEW', 'clone');
    return cloneArtifact(this.context, caller, artifactId, name);
  }

  listArtifacts(caller: User, filters: ArtifactFilters, window: PageWindow): Page<Artifact> {
    return listArtifacts(this.state, filters, window, (artifact) => canViewArtifact(this.state, artifact, caller), caller.id);
  }

  getRepository(caller: User, repositoryId: string): Repository {
    requirePermission(this.context, 'repository', repositoryId, caller, 'CAN_VIEW', 'view');
    return findRepository(this.context, repositoryId);
  }

  listRepositories(caller: User, filters: CommonFilters, window: PageWindow): Page<Repository> {
    return listRepositories(this.state, filters, window, (repository) => canView(this.context, 'repository', repository.id, caller));
  }

  deleteRepository(caller: User, repositoryId: string): void {
    requirePermission(this.context, 'repository', repositoryId, caller, 'CAN_DELETE', 'delete');
    deleteRepository(this.context, repositoryId);
  }

  listSharedRoles(caller: User, kind: ShareableKind, entityId: string, window: PageWindow): Page<SharedRoleEntry> {
    requirePermission(this.context, kind, entityId, caller, 'CAN_VIEW', 'view');
    return pageOf(listSharedRoles(this.context, kind, entityId), window);
  }

  /** Replaces the grants; needs CAN_SHARE, and no granted role may be above the caller's own. */
  updateSharedRoles(caller: User, kind: ShareableKind, entityId: string, requests: RoleRequest[]): void {
    const role = requirePermission(this.context, kind, entityId, caller, 'CAN_SHARE', 'share');
    for (const request of requests) requireGrantable(kind, entityId, role, request.role);
    updateSharedRoles(this.context, kind, entityId, requests);
  }

  /** Creates a workload on an artifact the caller can see, or on a new inline draft. */
  createWorkload(caller: User, input: workloads.WorkloadInput): Workload {
    if (input.artifactId != null && this.state.artifacts.has(input.artifactId) && !canView(this.context, 'artifact', input.artifactId, caller)) {
      throw new InvalidFieldError(['artifactId'], 'Artifact not found', 'invalid');
    }
    if (input.artifact) this.requireRepositoryWrite(caller, input.artifact.artifactRepositoryId, ['artifact', 'artifactRepositoryId']);
    return workloads.createWorkload(this.context, caller, input);
  }

  getWorkload(caller: User, workloadId: string): Workload {
    return this.visibleWorkload(caller, workloadId);
  }

  listWorkloads(caller: User, filters: WorkloadFilters, window: PageWindow): Page<Workload> {
    return listWorkloads(this.state, filters, window, (workload) => {
      const artifact = this.state.artifacts.get(workload.artifactId);
      return artifact !== undefined && canViewArtifact(this.state, artifact, caller);
    });
  }

  /** Deletes a workload; its creator may, and so may anyone allowed to delete its artifact. */
  deleteWorkload(caller: User, workloadId: string): void {
    const workload = this.visibleWorkload(caller, workloadId);
    if (workload.creatorId !== caller.id) {
      requirePermission(this.context, 'artifact', workload.artifactId, caller, 'CAN_DELETE', 'delete the workloads of');
    }
    workloads.deleteWorkload(this.context, workloadId);
  }

  /** Starts image builds of a draft's source-built containers; needs CAN_UPDATE. */
  triggerBuilds(caller: User, artifactId: string): string[] {
    requirePermission(this.context, 'artifact', artifactId, caller, 'CAN_UPDATE', 'build');
    return builds.triggerBuilds(this.context, caller, artifactId);
  }

  /** Lists an artifact's builds, newest first; each listed build counts as polled once. */
  listBuilds(caller: User, artifactId: string, window: PageWindow): Page<Build> {
    requirePermission(this.context, 'artifact', artifactId, caller, 'CAN_VIEW', 'view');
    const page = pageOf(builds.buildsOf(this.context, artifactId), window);
    return { ...page, items: page.items.map((build) => builds.pollBuild(this.context, build)) };
  }

  /** Returns a build as it is at this poll, then moves it on one step. */
  getBuild(caller: User, artifactId: string, buildId: string): Build {
    requirePermission(this.context, 'artifact', artifactId, caller, 'CAN_VIEW', 'view');
    return builds.pollBuild(this.context, builds.findBuild(this.context, artifactId, buildId));
  }

  buildLog(caller: User, artifactId: string, buildId: string): string {
    requirePermission(this.context, 'artifact', artifactId, caller, 'CAN_VIEW', 'view');
    const build = builds.findBuild(this.context, artifactId, buildId);
    return buildLog(build, this.state.artifacts.get(artifactId));
  }

  /** Changes a workload's name, description or importance; needs CAN_UPDATE on its artifact. */
  updateWorkload(caller: User, workloadId: string, patch: workloads.WorkloadPatch): Workload {
    const workload = this.visibleWorkload(caller, workloadId);
    requirePermission(this.context, 'artifact', workload.artifactId, caller, 'CAN_UPDATE', 'update the workloads of');
    return workloads.updateWorkload(this.context, workloadId, patch);
  }

  /** Locks the draft a workload runs; needs CAN_UPDATE on the artifact. */
  promoteWorkload(caller: User, workloadId: string): Workload {
    const workload = this.visibleWorkload(caller, workloadId);
    requirePermission(this.context, 'artifact', workload.artifactId, caller, 'CAN_UPDATE', 'promote');
    return workloads.promoteWorkload(this.context, workloadId);
  }

  /** Starts or stops a workload; needs CAN_UPDATE on its artifact. */
  setWorkloadRunning(caller: User, workloadId: string, running: boolean): Workload {
    const workload = this.visibleWorkload(caller, workloadId);
    requirePermission(this.context, 'artifact', workload.artifactId, caller, 'CAN_UPDATE', running ? 'start' : 'stop');
    return workloads.setWorkloadRunning(this.context, workloadId, running);
  }

  /** Lists what the caller may do with an artifact or repository. */
  permissionsOf(kind: ShareableKind, entityId: string, caller: User): Permission[] {
    return permissionsOn(this.context, kind, entityId, caller);
  }

  private visibleWorkload(caller: User, workloadId: string): Workload {
    const workload = workloads.findWorkload(this.context, workloadId);
    if (!canView(this.context, 'artifact', workload.artifactId, caller)) throw new NotFoundError('Workload not found');
    return workload;
  }

  /** An existing repository must let the caller add to it; an unknown id is left to the create rules. */
  private requireRepositoryWrite(caller: User, repositoryId: string | null | undefined, field: Array<string | number>): void {
    if (!repositoryId || !this.state.repositories.has(repositoryId)) return;
    try {
      requirePermission(this.context, 'repository', repositoryId, caller, 'CAN_UPDATE', 'add artifacts to');
    } catch (error) {
      if (error instanceof NotFoundError) throw new InvalidFieldError(field, 'Artifact repository not found', 'invalid');
      throw error;
    }
  }
}
