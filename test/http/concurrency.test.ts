import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningFake } from '../../src/server.js';
import type { WorkloadState } from '../../src/domain/state.js';
import { DEFAULT_IDS, serviceSpec, TEST_TOKEN } from '../helpers/fake.js';

// Real HTTP with many clients at once: 50 clients write to one shared namespace and to a
// namespace of their own. Afterwards every acknowledged write must be visible and the
// store's invariants must hold.

const CLIENTS = 50;
const WRITES_PER_CLIENT = 6;

let running: RunningFake;

beforeAll(async () => {
  running = await startServer({ logLevel: 'silent', port: 0, host: '127.0.0.1', seed: 11 });
});

afterAll(async () => {
  await running.close();
});

async function call(method: string, path: string, namespace: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${running.url}/api/v2${path}`, {
    method,
    headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json', 'X-Fake-Namespace': namespace },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Each client creates drafts, edits, locks and deletes some, here and in the shared namespace. */
async function client(index: number): Promise<{ shared: Set<string>; own: Set<string> }> {
  const kept = { shared: new Set<string>(), own: new Set<string>() };
  for (let step = 0; step < WRITES_PER_CLIENT; step += 1) {
    for (const [namespace, ids] of [['shared', kept.shared], [`client-${index}`, kept.own]] as const) {
      const created = await call('POST', '/artifacts/', namespace, {
        name: `c${index}-s${step}`,
        spec: serviceSpec(),
        artifactRepositoryId: DEFAULT_IDS.paymentsRepository,
      });
      expect(created.status).toBe(201);
      const id: string = created.body.id;

      const patched = await call('PATCH', `/artifacts/${id}`, namespace, { description: `edited by ${index}` });
      expect(patched.status).toBe(200);

      if (step % 3 === 0) {
        expect((await call('PATCH', `/artifacts/${id}`, namespace, { status: 'locked' })).status).toBe(200);
        ids.add(id);
      } else if (step % 3 === 1) {
        expect((await call('DELETE', `/artifacts/${id}`, namespace)).status).toBe(204);
      } else {
        ids.add(id);
      }
    }
  }
  return kept;
}

function checkInvariants(state: WorkloadState): void {
  for (const repository of state.repositories.values()) {
    const members = [...state.artifacts.values()].filter((artifact) => artifact.artifactRepositoryId === repository.id);
    expect(repository.artifactIds.size).toBe(members.length);

    const versions = members.map((artifact) => artifact.version).filter((version): version is number => version !== null);
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions.every((version) => version >= 1 && version <= repository.lastVersionNumber)).toBe(true);
  }
}

describe('concurrent clients', () => {
  it('lose no acknowledged write', async () => {
    const results = await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));

    const shared = await call('GET', '/artifacts/?limit=100&offset=0&search=edited%20by', 'shared');
    const sharedIds = new Set<string>();
    for (let offset = 0; offset < shared.body.totalCount; offset += 100) {
      const page = await call('GET', `/artifacts/?limit=100&offset=${offset}&search=edited%20by`, 'shared');
      for (const artifact of page.body.data) sharedIds.add(artifact.id);
    }
    const expectedShared = results.flatMap((result) => [...result.shared]);

    expect(expectedShared.every((id) => sharedIds.has(id))).toBe(true);
    expect(sharedIds.size).toBe(expectedShared.length);

    for (const [index, result] of results.entries()) {
      const own = await call('GET', '/artifacts/?limit=100&search=edited%20by', `client-${index}`);
      expect(own.body.totalCount).toBe(result.own.size);
    }

    const sharedRepository = await call('GET', `/artifactRepositories/${DEFAULT_IDS.paymentsRepository}`, 'shared');
    const lockedPerClient = Math.ceil(WRITES_PER_CLIENT / 3);
    expect(sharedRepository.body.lastVersionNumber).toBe(2 + CLIENTS * lockedPerClient);

    checkInvariants(running.fake.namespaces.get('shared').backend.state);
    checkInvariants(running.fake.namespaces.get('client-0').backend.state);
  }, 60_000);

  it('lock one artifact exactly once', async () => {
    const namespace = 'double-lock';
    const draft = await call('POST', '/artifacts/', namespace, { name: 'race', spec: serviceSpec() });
    const [first, second] = await Promise.all([
      call('PATCH', `/artifacts/${draft.body.id}`, namespace, { status: 'locked' }),
      call('PATCH', `/artifacts/${draft.body.id}`, namespace, { status: 'locked' }),
    ]);
    const statuses = [first.status, second.status].sort();
    const repository = await call('GET', `/artifactRepositories/${draft.body.artifactRepositoryId}`, namespace);

    expect(statuses).toEqual([200, 403]);
    expect(repository.body.lastVersionNumber).toBe(1);
  });

  it('leave default untouched', async () => {
    const list = await call('GET', '/artifacts/?limit=100', 'default');

    expect(list.body.totalCount).toBe(7);
  });
});
