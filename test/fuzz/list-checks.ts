import type { WorkloadBackend } from '../../src/domain/backend.js';
import { callerOf } from './store-invariants.js';

/** Stateful list operations, and the entity whose `orderBy` each one sorts by (null when it takes none). */
const LIST_OPERATIONS: Record<string, 'artifact' | 'repository' | 'workload' | null> = {
  listArtifacts: 'artifact',
  listArtifactRepositories: 'repository',
  listWorkloads: 'workload',
  getArtifactBuildList: null,
  listArtifactSharedRoles: null,
  listArtifactRepositorySharedRoles: null,
};

/** Workload importance sorts by weight, from low to critical, not by spelling. */
const IMPORTANCE_RANK: Record<string, number> = { low: 0, moderate: 1, high: 2, critical: 3 };

/** The query parameters that narrow an artifact list; without them it lists every artifact the caller can view. */
const ARTIFACT_FILTERS = ['ids', 'createdBy', 'search', 'tagKeys', 'tagValues', 'type', 'status', 'repositoryId'];

type Item = Record<string, any>;

/**
 * Checks one 2xx page of a stateful list against its own envelope and query. `count` is
 * the number of items, and the page is full unless it reaches `totalCount`. `next` and
 * `previous` are null exactly at the ends, ids do not repeat, and items follow `orderBy`
 * with ties broken by id in the same direction. Returns the problems found.
 */
export function listPageProblems(operationId: string, query: string, body: any): string[] {
  if (!(operationId in LIST_OPERATIONS) || !Array.isArray(body?.data)) return [];

  const params = new URLSearchParams(query);
  const last = (name: string) => params.getAll(name).at(-1);
  const limit = Number(last('limit') ?? 10);
  const offset = Number(last('offset') ?? 0);
  const items: Item[] = body.data;
  const problems: string[] = [];

  const expectedCount = Math.max(0, Math.min(limit, body.totalCount - offset));
  if (body.count !== items.length) problems.push(`count is ${body.count} but data has ${items.length} items`);
  if (items.length !== expectedCount) problems.push(`data has ${items.length} items, expected ${expectedCount} for offset ${offset}, limit ${limit} and totalCount ${body.totalCount}`);
  if ((body.next === null) !== (offset + limit >= body.totalCount)) problems.push(`next is ${JSON.stringify(body.next)} for offset ${offset}, limit ${limit} and totalCount ${body.totalCount}`);
  if ((body.previous === null) !== (offset === 0)) problems.push(`previous is ${JSON.stringify(body.previous)} for offset ${offset}`);

  const ids = items.map((item) => item.id);
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length > 0) problems.push(`ids repeat on one page: ${[...new Set(repeated)].join(', ')}`);

  const entity = LIST_OPERATIONS[operationId];
  if (entity) problems.push(...orderProblems(items, last('orderBy') || '-createdAt'));
  return problems;
}

function orderProblems(items: Item[], orderBy: string): string[] {
  const descending = orderBy.startsWith('-');
  const key = descending ? orderBy.slice(1) : orderBy;
  const value = (item: Item) => (key === 'importance' ? String(IMPORTANCE_RANK[item.importance]) : String(item[key] ?? ''));

  for (let index = 1; index < items.length; index += 1) {
    const [before, after] = [items[index - 1], items[index]];
    const order = compare(value(before), value(after)) || compare(before.id, after.id);
    if (order === 0 || order > 0 !== descending) {
      return [`items ${before.id} (${key} ${JSON.stringify(value(before))}) and ${after.id} (${JSON.stringify(value(after))}) are out of order for orderBy=${orderBy}`];
    }
  }
  return [];
}

function compare(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/**
 * Checks that an unfiltered artifact list counts every artifact the caller can view,
 * deciding visibility with the backend's permission rules rather than its list code.
 * Returns no problems for filtered lists and other operations.
 */
export function artifactTotalProblems(operationId: string, query: string, authorization: string | undefined, body: any, backend: WorkloadBackend): string[] {
  if (operationId !== 'listArtifacts' || typeof body?.totalCount !== 'number') return [];
  const params = new URLSearchParams(query);
  if (ARTIFACT_FILTERS.some((name) => params.has(name))) return [];

  const caller = callerOf(authorization, backend);
  if (!caller) return [];
  const visible = [...backend.state.artifacts.keys()].filter((id) => backend.permissionsOf('artifact', id, caller).includes('CAN_VIEW'));
  return body.totalCount === visible.length ? [] : [`totalCount is ${body.totalCount}, but the caller can view ${visible.length} artifacts`];
}
