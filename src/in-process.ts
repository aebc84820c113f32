import type { AppOptions, FakeApp } from './app.js';
import { restoreSnapshot, snapshotState, type StateSnapshot } from './fixtures/snapshot.js';
import type { JournalEntry, JournalFilter } from './http/journal.js';
import { DEFAULT_NAMESPACE } from './namespaces.js';
import { startServer } from './server.js';

/** One namespace of a running fake, driven from the test process without HTTP. */
export interface FakeNamespace {
  readonly name: string;
  /** Headers that send a request to this namespace: `{"X-Fake-Namespace": name}`. */
  readonly headers: Record<string, string>;
  /** Returns the namespace to its scenario: the start scenario, or the one last loaded. */
  reset(): void;
  /** Replaces the namespace's state with a scenario; throws ScenarioError for an unknown name. */
  loadScenario(name: string): void;
  /** Returns the whole state as JSON that `restore` accepts. */
  snapshot(): StateSnapshot;
  /** Restores a snapshot; throws ScenarioError when it is not a valid one. */
  restore(snapshot: StateSnapshot): void;
  /** Lists the namespace's requests, oldest first. */
  journal(filter?: JournalFilter): JournalEntry[];
}

/** A fake serving on a free port of 127.0.0.1; the namespace methods act on `default`. */
export interface StartedFake extends Omit<FakeNamespace, 'name' | 'headers'> {
  /** Base URL such as `http://127.0.0.1:41234`; the API is under `${url}/api/v2`. */
  readonly url: string;
  readonly fake: FakeApp;
  namespace(name: string): FakeNamespace;
  /** Stops the server once in-flight requests end. */
  close(): Promise<void>;
}

/**
 * Starts a fake for a test suite on a free port of 127.0.0.1. The spec is compiled once
 * per process, so later calls start faster. Logs are silent unless `logLevel` says otherwise.
 */
export async function startFake(options: AppOptions = {}): Promise<StartedFake> {
  const { fake, url, close } = await startServer({ logLevel: 'silent', port: 0, host: '127.0.0.1', ...options });

  const namespace = (name: string): FakeNamespace => ({
    name,
    headers: { 'X-Fake-Namespace': name },
    reset: () => fake.namespaces.get(name).reset(),
    loadScenario: (scenario) => fake.namespaces.get(name).loadScenario(scenario),
    snapshot: () => {
      const target = fake.namespaces.get(name);
      return snapshotState(target.backend.state, target.scenario);
    },
    restore: (snapshot) => {
      const { state, scenario } = restoreSnapshot(snapshot, fake.contract);
      fake.namespaces.get(name).restore(state, scenario);
    },
    journal: (filter) => fake.namespaces.get(name).journal.list(filter),
  });

  const defaultNamespace = namespace(DEFAULT_NAMESPACE);
  return {
    url,
    fake,
    close,
    namespace,
    reset: defaultNamespace.reset,
    loadScenario: defaultNamespace.loadScenario,
    snapshot: defaultNamespace.snapshot,
    restore: defaultNamespace.restore,
    journal: defaultNamespace.journal,
  };
}
