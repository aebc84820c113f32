import { ArtifactMap } from './artifact-map.js';
import type { Build, BuildPlan, Grant, Repository, User, UserCollection, Workload } from './types.js';

/** Builds take one poll per status step and succeed unless a scenario or the control API says otherwise. */
export const DEFAULT_BUILD_PLAN: BuildPlan = { pollsPerStep: 1, outcome: 'COMPLETED' };

/**
 * Everything one namespace of the fake stores: users, artifacts, repositories, grants
 * and which workloads reference which artifacts. Plain maps, no rules: the rule
 * modules beside this file read and change it.
 */
export class WorkloadState {
  readonly users = new Map<string, User>();
  readonly usersByToken = new Map<string, User>();
  readonly usersByUsername = new Map<string, User>();
  defaultUserId = '';
  /** When true, a token no user owns is rejected instead of acting as the default user. */
  strictTokens = false;
  /** Groups and organizations, which grants can name and whose members they reach. */
  readonly collections = new Map<string, UserCollection>();

  readonly artifacts = new ArtifactMap();
  readonly repositories = new Map<string, Repository>();
  readonly artifactGrants = new Map<string, Grant[]>();
  readonly repositoryGrants = new Map<string, Grant[]>();

  readonly workloads = new Map<string, Workload>();
  readonly builds = new Map<string, Build>();
  buildPlan: BuildPlan = DEFAULT_BUILD_PLAN;

  /** Workload ids per artifact id; an artifact with any entry is in use. */
  readonly artifactReferences = new Map<string, Set<string>>();

  addUser(user: User): void {
    this.users.set(user.id, user);
    this.usersByUsername.set(user.username, user);
    if (user.token) this.usersByToken.set(user.token, user);
    if (!this.defaultUserId) this.defaultUserId = user.id;
  }

  get defaultUser(): User {
    const user = this.users.get(this.defaultUserId);
    if (!user) throw new Error('the scenario declares no user; add at least one under "users"');
    return user;
  }
}
