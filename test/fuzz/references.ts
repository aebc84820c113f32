import fc from 'fast-check';
import type { WorkloadState } from '../../src/domain/state.js';
import type { Artifact } from '../../src/domain/types.js';

/** Entities whose ids the fuzz test reuses in paths, queries and bodies. */
export type EntityKind = 'artifact' | 'repository' | 'workload' | 'build' | 'user' | 'group' | 'organization';

/**
 * The kind of value a reference resolves to. Besides entity ids there are drafts, drafts
 * with a container to build, the artifact a build belongs to, usernames and tokens.
 * `upcomingId` is an id just above the highest one seen, which the fake's counting id
 * generator may issue next.
 */
export type ReferenceKind = EntityKind | 'draftArtifact' | 'buildableArtifact' | 'buildArtifact' | 'username' | 'token' | 'upcomingId';

/**
 * A placeholder for an id that exists when the request is sent. Generators cannot know
 * the ids a run will create, so they pick by position (`pick` modulo the number of
 * candidates) and the runner resolves the pick against the state of that moment. A
 * `stale` reference picks among ids that existed earlier in the run and are gone now.
 */
export class Reference {
  constructor(
    readonly kind: ReferenceKind,
    readonly pick: number,
    readonly stale = false,
  ) {}

  [fc.toStringMethod](): string {
    return `ref(${this.kind}${this.stale ? ', stale' : ''} #${this.pick})`;
  }
}

/** A random well-formed id: 24 lowercase hex characters, like the ids the fake issues. */
export const hexId: fc.Arbitrary<string> = fc.stringMatching(/^[0-9a-f]{24}$/);

export function reference(kind: ReferenceKind, options: { stale?: boolean; firstOnly?: boolean } = {}): fc.Arbitrary<Reference> {
  const pick = options.firstOnly ? fc.constant(0) : fc.nat({ max: 1000 });
  return pick.map((value) => new Reference(kind, value, options.stale ?? false));
}

const KINDS: EntityKind[] = ['artifact', 'repository', 'workload', 'build', 'user', 'group', 'organization'];

/**
 * Every id the run has seen, in the order first seen, so that a pick resolves to the
 * same id whenever the same requests ran before it.
 */
export class IdPool {
  private readonly seen = new Map<EntityKind, Set<string>>(KINDS.map((kind) => [kind, new Set()]));

  /** Records the ids of the current state; call after every request. */
  observe(state: WorkloadState): void {
    for (const kind of KINDS) for (const id of currentIds(state, kind)) this.seen.get(kind)!.add(id);
  }

  resolve(ref: Reference, state: WorkloadState): string {
    switch (ref.kind) {
      case 'username':
        return pickFrom([...state.users.values()].map((user) => user.username), ref.pick) ?? `nobody-${ref.pick}@example.com`;
      case 'token':
        return pickFrom([...state.users.values()].flatMap((user) => (user.token ? [user.token] : [])), ref.pick) ?? 'no-such-token';
      case 'draftArtifact':
      case 'buildableArtifact': {
        const drafts = [...state.artifacts.values()].filter((artifact) => artifact.status === 'draft' && (ref.kind === 'draftArtifact' || hasSourceToBuild(artifact)));
        return pickFrom(drafts.map((artifact) => artifact.id), ref.pick) ?? this.resolve(new Reference('artifact', ref.pick), state);
      }
      case 'upcomingId': {
        // Artifact, workload and build ids always come from the fake's generator, unlike repository ids.
        const issued = (['artifact', 'workload', 'build'] as const).flatMap((kind) => [...this.seen.get(kind)!]);
        const highest = issued.filter((id) => OBJECT_ID.test(id)).reduce((max, id) => (BigInt(`0x${id}`) > max ? BigInt(`0x${id}`) : max), 0n);
        return (highest + 1n + BigInt(ref.pick % 4)).toString(16).padStart(24, '0');
      }
      case 'buildArtifact': {
        const buildId = this.resolve(new Reference('build', ref.pick, ref.stale), state);
        return state.builds.get(buildId)?.artifactId ?? pickFrom([...state.artifacts.keys()], ref.pick) ?? fallbackId(ref.pick);
      }
      default: {
        const current = currentIds(state, ref.kind);
        const stale = [...this.seen.get(ref.kind)!].filter((id) => !current.includes(id));
        const preferred = ref.stale ? stale : current;
        return pickFrom(preferred, ref.pick) ?? pickFrom(ref.stale ? current : stale, ref.pick) ?? fallbackId(ref.pick);
      }
    }
  }
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

function hasSourceToBuild(artifact: Artifact): boolean {
  return artifact.spec.containerGroups.some((group) =>
    (group.containers as Array<Record<string, any>>).some((container) => container.imageBuildConfig?.codeRef),
  );
}

function currentIds(state: WorkloadState, kind: EntityKind): string[] {
  switch (kind) {
    case 'artifact':
      return [...state.artifacts.keys()];
    case 'repository':
      return [...state.repositories.keys()];
    case 'workload':
      return [...state.workloads.keys()];
    case 'build':
      return [...state.builds.keys()];
    case 'user':
      return [...state.users.keys()];
    case 'group':
    case 'organization':
      return [...state.collections.values()].filter((collection) => collection.type === kind).map((collection) => collection.id);
  }
}

function pickFrom(candidates: string[], pick: number): string | undefined {
  return candidates.length === 0 ? undefined : candidates[pick % candidates.length];
}

/** Returns a well-formed id that no entity has, for when the state contains no candidate. */
function fallbackId(pick: number): string {
  return `ffff${pick.toString(16).padStart(20, '0')}`;
}

/** Returns a deep copy of a JSON value with every Reference replaced by what it resolves to. */
export function resolveReferences(value: unknown, resolve: (ref: Reference) => string): unknown {
  if (value instanceof Reference) return resolve(value);
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, resolve));
  if (value === null || typeof value !== 'object') return value;

  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // defineProperty keeps a literal "__proto__" key as an own property instead of setting the prototype.
    Object.defineProperty(copy, key, {
      value: resolveReferences((value as Record<string, unknown>)[key], resolve),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
