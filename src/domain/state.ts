import { ArtifactMap } from './artifact-map.js';
import type { Build, BuildPlan, Grant, Repository, User, UserCollection, Workload } from './types.js';

/** Most list totals kept per namespace; the oldest goes first. */
const MAX_CACHED_LIST_TOTALS = 256;

/** Builds take one poll per status step and succeed unless a scenario or the control API sets another plan. */
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
  /** Rises whenever grants change, since they decide what lists show. */
  grantsRevision = 0;
  /** List totals by filter and caller, valid while `revision` is unchanged. */
  readonly listTotals = new Map<string, number>();
  private listTotalsRevision = '';

  readonly workloads = new Map<string, Workload>();
  readonly builds = new Map<string, Build>();
  buildPlan: BuildPlan = DEFAULT_BUILD_PLAN;

  /** Workload ids per artifact id; an artifact with any entry is in use. */
  readonly artifactReferences = new Map<string, Set<string>>();

  /** Identifies the current artifacts and grants; any change to them gives a new value. */
  get revision(): string {
    return `${this.artifacts.revision}:${this.grantsRevision}`;
  }

  /** Returns the cached total of a list, or undefined after any change to artifacts or grants. */
  cachedListTotal(key: string): number | undefined {
    if (this.listTotalsRevision !== this.revision) {
      this.listTotals.clear();
      this.listTotalsRevision = this.revision;
    }
    return this.listTotals.get(key);
  }

  cacheListTotal(key: string, total: number): void {
    if (this.listTotals.size >= MAX_CACHED_LIST_TOTALS) this.listTotals.delete(this.listTotals.keys().next().value!);
    this.listTotals.set(key, total);
  }

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
