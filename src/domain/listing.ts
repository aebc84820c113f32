import type { ArtifactSortKey } from './artifact-map.js';
import type { WorkloadState } from './state.js';
import type { Artifact, ArtifactStatus, ArtifactType, Repository, Tag, Workload, WorkloadImportance } from './types.js';

/** The slice of a sorted list to return. */
export interface PageWindow {
  offset: number;
  limit: number;
}

export interface Page<T> {
  totalCount: number;
  items: T[];
}

/** Filters shared by the artifact and repository lists. */
export interface CommonFilters {
  ids?: string[] | null;
  createdBy?: string | null;
  search?: string | null;
  tagKeys?: string[] | null;
  tagValues?: string[] | null;
  type?: ArtifactType | null;
  orderBy?: string | null;
}

export interface ArtifactFilters extends CommonFilters {
  status?: ArtifactStatus | null;
  repositoryId?: string | null;
}

export interface WorkloadFilters extends Omit<CommonFilters, 'type'> {
  status?: string[] | null;
  artifactStatus?: ArtifactStatus[] | null;
  importance?: WorkloadImportance[] | null;
  artifactId?: string | null;
  repositoryId?: string | null;
}

/** The order used when the request gives no `orderBy`. */
export const DEFAULT_ORDER = '-createdAt';

type SortKey = 'name' | 'createdAt' | 'updatedAt' | 'status' | 'importance';

/** Importance sorts by weight, not by spelling: ascending runs from low to critical. */
const IMPORTANCE_RANK: Record<WorkloadImportance, string> = { low: '0', moderate: '1', high: '2', critical: '3' };

/**
 * Filters, sorts and pages the artifacts the `visible` predicate lets through. `search` matches name, description and
 * part of the id, ignoring case. Tag keys match any listed key, tag values any listed
 * value, and an artifact must pass both lists when both are given.
 */
export function listArtifacts(
  state: WorkloadState,
  filters: ArtifactFilters,
  window: PageWindow,
  visible: (artifact: Artifact) => boolean = () => true,
  viewerKey = '',
): Page<Artifact> {
  const search = filters.search?.toLowerCase();
  const matches = (artifact: Artifact) =>
    (!filters.status || artifact.status === filters.status) &&
    (!filters.repositoryId || artifact.artifactRepositoryId === filters.repositoryId) &&
    matchesCommon(artifact, artifact.creatorId, filters) &&
    (!search || [artifact.name, artifact.description, artifact.id].some((text) => text.toLowerCase().includes(search))) &&
    visible(artifact);

  const { key, descending } = parseOrder(filters.orderBy);
  const totalKey = `${viewerKey}|${filterKey(filters)}`;
  const page = pageInOrder(state.artifacts.sortedBy(key as ArtifactSortKey), descending, matches, window, state.cachedListTotal(totalKey));
  state.cacheListTotal(totalKey, page.totalCount);
  return page;
}

/**
 * Walks an order that is already sorted, forward or backward, keeping the matches inside
 * the window. With a known total it stops once the page is full; otherwise it walks to
 * the end to count every match. No sort either way.
 */
function pageInOrder<T>(sorted: readonly T[], descending: boolean, matches: (item: T) => boolean, window: PageWindow, knownTotal?: number): Page<T> {
  const items: T[] = [];
  let seen = 0;
  const end = window.offset + window.limit;
  for (let step = 0; step < sorted.length; step += 1) {
    if (knownTotal !== undefined && seen >= end) return { totalCount: knownTotal, items };
    const item = sorted[descending ? sorted.length - 1 - step : step];
    if (!matches(item)) continue;
    if (seen >= window.offset && seen < end) items.push(item);
    seen += 1;
  }
  return { totalCount: seen, items };
}

/** Returns a key of the filters that decide which artifacts match; order and window are left out. */
function filterKey(filters: ArtifactFilters): string {
  const { ids, createdBy, search, tagKeys, tagValues, type, status, repositoryId } = filters;
  return JSON.stringify([ids, createdBy, search, tagKeys, tagValues, type, status, repositoryId]);
}

/** Filters, sorts and pages the repositories; `search` matches name and part of the id. */
export function listRepositories(
  state: WorkloadState,
  filters: CommonFilters,
  window: PageWindow,
  visible: (repository: Repository) => boolean = () => true,
): Page<Repository> {
  const search = filters.search?.toLowerCase();
  const matches = (repository: Repository) =>
    visible(repository) &&
    matchesCommon(repository, repository.creatorId, filters) &&
    (!search || [repository.name, repository.id].some((text) => text.toLowerCase().includes(search)));

  return sortAndPage([...state.repositories.values()].filter(matches), filters.orderBy, window);
}

/**
 * Filters, sorts and pages the workloads. `artifactStatus` and `repositoryId` look at
 * the workload's artifact; list filters match any listed value.
 */
export function listWorkloads(
  state: WorkloadState,
  filters: WorkloadFilters,
  window: PageWindow,
  visible: (workload: Workload) => boolean = () => true,
): Page<Workload> {
  const search = filters.search?.toLowerCase();
  const matches = (workload: Workload) => {
    const artifact = state.artifacts.get(workload.artifactId);
    return (
      visible(workload) &&
      matchesCommon({ ...workload, type: artifact?.type ?? 'service' }, workload.creatorId, filters) &&
      (!filters.status?.length || filters.status.includes(workload.status)) &&
      (!filters.importance?.length || filters.importance.includes(workload.importance)) &&
      (!filters.artifactId || workload.artifactId === filters.artifactId) &&
      (!filters.artifactStatus?.length || (artifact !== undefined && filters.artifactStatus.includes(artifact.status))) &&
      (!filters.repositoryId || artifact?.artifactRepositoryId === filters.repositoryId) &&
      (!search || [workload.name, workload.description ?? '', workload.id].some((text) => text.toLowerCase().includes(search)))
    );
  };

  const sortable = [...state.workloads.values()].filter(matches).map((workload) => ({
    ...workload,
    importance: IMPORTANCE_RANK[workload.importance],
    original: workload,
  }));
  const page = sortAndPage(sortable, filters.orderBy, window);
  return { totalCount: page.totalCount, items: page.items.map((item) => item.original) };
}

/** Returns one page of a list that needs no filtering or sorting, such as shared roles. */
export function pageOf<T>(items: T[], window: PageWindow): Page<T> {
  return { totalCount: items.length, items: items.slice(window.offset, window.offset + window.limit) };
}

function matchesCommon(entity: { id: string; type: ArtifactType; tags: Tag[] }, creatorId: string, filters: CommonFilters): boolean {
  if (filters.ids?.length && !filters.ids.includes(entity.id)) return false;
  if (filters.createdBy && creatorId !== filters.createdBy) return false;
  if (filters.type && entity.type !== filters.type) return false;
  if (filters.tagKeys?.length && !entity.tags.some((tag) => filters.tagKeys!.includes(tag.name))) return false;
  if (filters.tagValues?.length && !entity.tags.some((tag) => filters.tagValues!.includes(tag.value))) return false;
  return true;
}

/**
 * Sorts by the `orderBy` field (a leading `-` for descending) and breaks ties by id in
 * the same direction, so consecutive pages never overlap or skip an entity.
 */
function sortAndPage<T extends { id: string } & Partial<Record<SortKey, unknown>>>(
  items: T[],
  orderBy: string | null | undefined,
  window: PageWindow,
): Page<T> {
  const { key, descending } = parseOrder(orderBy);
  const direction = descending ? -1 : 1;

  items.sort((a, b) => direction * (compareValues(a[key], b[key]) || compareValues(a.id, b.id)));
  return pageOf(items, window);
}

function parseOrder(orderBy: string | null | undefined): { key: SortKey; descending: boolean } {
  const order = orderBy || DEFAULT_ORDER;
  const descending = order.startsWith('-');
  return { key: (descending ? order.slice(1) : order) as SortKey, descending };
}

function compareValues(a: unknown, b: unknown): number {
  const left = String(a ?? '');
  const right = String(b ?? '');
  if (left < right) return -1;
  return left > right ? 1 : 0;
}
