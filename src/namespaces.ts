import { WorkloadBackend } from './domain/backend.js';
import { fixedClock, systemClock, type Clock } from './domain/clock.js';
import { createIdGenerator } from './domain/ids.js';
import type { WorkloadState } from './domain/state.js';
import type { ScenarioCatalog } from './fixtures/catalog.js';
import { FaultRegistry } from './http/faults.js';
import { Journal } from './http/journal.js';

/** The namespace of requests without an `X-Fake-Namespace` header. */
export const DEFAULT_NAMESPACE = 'default';

/** Clock, id and journal settings shared by every namespace. */
export interface NamespaceSettings {
  seed?: number;
  clock?: string;
  journalLimit: number;
  /** The spec's operationIds, which faults may name. */
  operationIds: Set<string>;
}

/**
 * One isolated store: its own state, scenario, clock, ids and journal. Parallel test
 * workers pick theirs with the `X-Fake-Namespace` header.
 */
export class Namespace {
  backend: WorkloadBackend;
  readonly journal: Journal;
  readonly faults: FaultRegistry;

  constructor(
    readonly name: string,
    public scenario: string,
    private readonly catalog: ScenarioCatalog,
    private readonly settings: NamespaceSettings,
  ) {
    this.journal = new Journal(settings.journalLimit);
    this.faults = new FaultRegistry(settings.operationIds);
    this.backend = this.backendFor(catalog.instantiate(scenario));
  }

  /** Goes back to the namespace's scenario: the one it started with or the last one loaded. */
  reset(): void {
    this.backend = this.backendFor(this.catalog.instantiate(this.scenario));
  }

  /** Replaces the state with a fresh copy of another scenario; raises ScenarioError for an unknown name. */
  loadScenario(name: string): void {
    const state = this.catalog.instantiate(name);
    this.scenario = name;
    this.backend = this.backendFor(state);
  }

  /** Replaces the state with a restored snapshot. */
  restore(state: WorkloadState, scenario: string): void {
    this.scenario = this.catalog.has(scenario) ? scenario : this.scenario;
    this.backend = this.backendFor(state);
  }

  private backendFor(state: WorkloadState): WorkloadBackend {
    const clock: Clock = this.settings.clock ? fixedClock(this.settings.clock) : systemClock();
    const seed = this.settings.seed === undefined ? undefined : (this.settings.seed + hashName(this.name)) >>> 0;
    return new WorkloadBackend(state, clock, createIdGenerator(seed));
  }
}

/** Creates namespaces on first use, each from the start scenario. */
export class NamespaceRegistry {
  private readonly namespaces = new Map<string, Namespace>();

  constructor(
    private readonly catalog: ScenarioCatalog,
    private readonly startScenario: string,
    private readonly settings: NamespaceSettings,
  ) {}

  get(name: string = DEFAULT_NAMESPACE): Namespace {
    let namespace = this.namespaces.get(name);
    if (!namespace) {
      namespace = new Namespace(name, this.startScenario, this.catalog, this.settings);
      this.namespaces.set(name, namespace);
    }
    return namespace;
  }

  get size(): number {
    return this.namespaces.size;
  }
}

/** FNV-1a, so each namespace's seeded ids differ but repeat run to run. */
function hashName(name: string): number {
  if (name === DEFAULT_NAMESPACE) return 0;
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index += 1) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
