import { describe, expect, it } from 'vitest';
import { ArtifactMap, type ArtifactSortKey } from '../../src/domain/artifact-map.js';
import { seededRandom } from '../../src/domain/random.js';
import { cloneState } from '../../src/domain/clone-state.js';
import { listArtifacts } from '../../src/domain/listing.js';
import { WorkloadState } from '../../src/domain/state.js';
import type { Artifact } from '../../src/domain/types.js';

const KEYS: ArtifactSortKey[] = ['name', 'createdAt', 'updatedAt', 'status'];

function artifact(random: () => number, index: number): Artifact {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const stamp = `2026-01-0${1 + Math.floor(random() * 3)}T00:00:00.000000+00:00`;
  return {
    id: index.toString(16).padStart(24, '0'),
    name: pick(['alpha', 'beta', 'gamma', 'Beta']),
    description: pick(['', 'first', 'second']),
    type: pick(['service', 'nim']),
    status: pick(['draft', 'locked']),
    version: null,
    spec: { type: 'service', containerGroups: [] },
    artifactRepositoryId: pick(['r1', 'r2']),
    creatorId: pick(['u1', 'u2']),
    tags: random() < 0.3 ? [{ id: 't', name: 'team', value: pick(['a', 'b']) }] : [],
    createdAt: stamp,
    updatedAt: stamp,
  };
}

/** The reference: sort every artifact from scratch. */
function naiveOrder(map: ArtifactMap, key: ArtifactSortKey): string[] {
  return [...map.values()]
    .sort((a, b) => (a[key] === b[key] ? (a.id < b.id ? -1 : 1) : a[key] < b[key] ? -1 : 1))
    .map((item) => item.id);
}

describe('ArtifactMap orders', () => {
  it('match a fresh sort after random writes', () => {
    const random = seededRandom(17);
    const map = new ArtifactMap();
    for (let index = 0; index < 50; index += 1) map.set(artifact(random, index).id, artifact(random, index));
    for (const key of KEYS) map.sortedBy(key);

    for (let step = 0; step < 2000; step += 1) {
      const index = Math.floor(random() * 80);
      const id = index.toString(16).padStart(24, '0');
      if (random() < 0.3) map.delete(id);
      else map.set(id, artifact(random, index));
    }

    for (const key of KEYS) expect(map.sortedBy(key).map((item) => item.id)).toEqual(naiveOrder(map, key));
  });

  it('carry over to a cloned state', () => {
    const random = seededRandom(5);
    const state = new WorkloadState();
    for (let index = 0; index < 30; index += 1) state.artifacts.set(artifact(random, index).id, artifact(random, index));
    state.artifacts.sortedBy('name');

    const copy = cloneState(state);
    copy.artifacts.set('000000000000000000000003', { ...copy.artifacts.get('000000000000000000000003')!, name: 'zzz' });

    expect(copy.artifacts.sortedBy('name').map((item) => item.id)).toEqual(naiveOrder(copy.artifacts, 'name'));
    expect(state.artifacts.sortedBy('name').map((item) => item.id)).toEqual(naiveOrder(state.artifacts, 'name'));
    expect(copy.artifacts.sortedBy('name').every((item) => item === copy.artifacts.get(item.id))).toBe(true);
  });
});

describe('indexed listing', () => {
  it('equals filter, sort and slice', () => {
    const random = seededRandom(23);
    const state = new WorkloadState();
    for (let index = 0; index < 300; index += 1) state.artifacts.set(artifact(random, index).id, artifact(random, index));

    for (let round = 0; round < 400; round += 1) {
      if (round % 3 === 0) {
        // A write between lists: the cached totals must not survive it.
        const index = Math.floor(random() * 320);
        const id = index.toString(16).padStart(24, '0');
        if (random() < 0.3) state.artifacts.delete(id);
        else state.artifacts.set(id, artifact(random, index));
      }
      const key = KEYS[Math.floor(random() * KEYS.length)];
      const orderBy = random() < 0.5 ? `-${key}` : key;
      const filters = {
        orderBy,
        status: random() < 0.3 ? ('locked' as const) : undefined,
        type: random() < 0.3 ? ('nim' as const) : undefined,
        search: random() < 0.2 ? 'bet' : undefined,
        tagValues: random() < 0.2 ? ['a'] : undefined,
      };
      const window = { offset: Math.floor(random() * 50), limit: 1 + Math.floor(random() * 20) };

      const expected = [...state.artifacts.values()]
        .filter((item) => (!filters.status || item.status === filters.status) && (!filters.type || item.type === filters.type))
        .filter((item) => !filters.search || item.name.toLowerCase().includes(filters.search) || item.description.includes(filters.search) || item.id.includes(filters.search))
        .filter((item) => !filters.tagValues || item.tags.some((tag) => filters.tagValues!.includes(tag.value)))
        .sort((a, b) => {
          const direction = orderBy.startsWith('-') ? -1 : 1;
          const order = a[key] === b[key] ? (a.id < b.id ? -1 : 1) : a[key] < b[key] ? -1 : 1;
          return direction * order;
        });
      const page = listArtifacts(state, filters, window);

      expect(page.totalCount).toBe(expected.length);
      expect(page.items.map((item) => item.id)).toEqual(expected.slice(window.offset, window.offset + window.limit).map((item) => item.id));
    }
  });
});
