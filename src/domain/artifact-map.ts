import type { Artifact } from './types.js';

/** The fields artifacts can be listed by. */
export type ArtifactSortKey = 'name' | 'createdAt' | 'updatedAt' | 'status';

/**
 * The artifacts of one namespace by id, plus one sorted order per list sort key, so a list
 * request walks a ready order instead of sorting every artifact. An order is built on first
 * use and then kept current by `set` and `delete`, at O(log n) to find the place and O(n) to
 * move the array. Artifacts must be replaced through `set`, never changed in place, or an
 * order goes stale.
 */
export class ArtifactMap extends Map<string, Artifact> {
  private readonly orders = new Map<ArtifactSortKey, Artifact[]>();
  /** Rises on every change, so caches built from the artifacts can tell they are stale. */
  revision = 0;

  override set(id: string, artifact: Artifact): this {
    const previous = super.get(id);
    super.set(id, artifact);
    this.revision += 1;
    for (const [key, order] of this.orders) {
      if (previous) order.splice(position(order, previous, key), 1);
      order.splice(position(order, artifact, key), 0, artifact);
    }
    return this;
  }

  override delete(id: string): boolean {
    const previous = super.get(id);
    if (!previous) return false;
    super.delete(id);
    this.revision += 1;
    for (const [key, order] of this.orders) order.splice(position(order, previous, key), 1);
    return true;
  }

  override clear(): void {
    super.clear();
    this.orders.clear();
    this.revision += 1;
  }

  /** Returns the artifacts sorted ascending by `key`, ties broken by id. Do not change the array. */
  sortedBy(key: ArtifactSortKey): readonly Artifact[] {
    let order = this.orders.get(key);
    if (!order) {
      order = [...this.values()].sort((a, b) => compare(a, b, key));
      this.orders.set(key, order);
    }
    return order;
  }

  /** Takes over the orders of a map holding copies of the same artifacts, without sorting again. */
  adoptOrdersOf(source: ArtifactMap): void {
    for (const [key, order] of source.orders) {
      this.orders.set(key, order.map((artifact) => super.get(artifact.id)!));
    }
  }
}

function sortValue(artifact: Artifact, key: ArtifactSortKey): string {
  return artifact[key];
}

function compare(a: Artifact, b: Artifact, key: ArtifactSortKey): number {
  const left = sortValue(a, key);
  const right = sortValue(b, key);
  if (left !== right) return left < right ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

/** Binary search: the index where `artifact` is, or where it belongs. */
function position(order: Artifact[], artifact: Artifact, key: ArtifactSortKey): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(order[middle], artifact, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
