import { readFileSync } from 'node:fs';
import request, { type Response } from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILT_IN_FIXTURES_DIR } from '../../src/fixtures/scenario-file.js';
import { DEFAULT_IDS, TEST_TOKEN, makeFake, serviceSpec, type TestFake } from '../helpers/fake.js';

const ARTIFACTS = '/api/v2/artifacts/';
const REPOSITORIES = '/api/v2/artifactRepositories/';
const WORKLOADS = '/api/v2/workloads/';

/** Scenario names that every build of the fake must offer. */
const REQUIRED_SCENARIOS = ['default', 'empty', 'large', 'locked-artifact', 'repository-in-use', 'shared-artifact'];

const SHARED = {
  artifact: '65f3000000000000000000b1',
  draft: '65f3000000000000000000b2',
  reader: '65f300000000000000000002',
};

interface SendOptions {
  namespace?: string;
  body?: unknown;
  /** Text sent as is with `Content-Type: application/json`, for bodies that are not valid JSON. */
  rawJson?: string;
}

/**
 * Sends one request with the test token and, when given, an `X-Fake-Namespace` header.
 * Fails the test on a 500, as the helpers of makeFake do.
 */
async function send(fake: TestFake, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, options: SendOptions = {}): Promise<Response> {
  let pending = request(fake.app)[method](path).set('Authorization', `Bearer ${TEST_TOKEN}`);
  if (options.namespace !== undefined) pending = pending.set('X-Fake-Namespace', options.namespace);
  if (options.rawJson !== undefined) pending = pending.set('Content-Type', 'application/json').send(options.rawJson);
  else if (options.body !== undefined) pending = pending.send(options.body as object);

  const response = await pending;
  expect(response.status, `${method.toUpperCase()} ${path} answered 500: ${response.text}`).not.toBe(500);
  return response;
}

/** Creates a service artifact in a namespace and returns its body. */
async function createArtifact(fake: TestFake, name: string, namespace?: string): Promise<{ id: string; name: string }> {
  const response = await send(fake, 'post', ARTIFACTS, { namespace, body: { name, spec: serviceSpec() } });
  expect(response.status).toBe(201);
  return response.body;
}

/** Returns the names of a namespace's artifacts that the default scenario does not have. */
async function addedNames(fake: TestFake, namespace?: string): Promise<string[]> {
  const defaultIds: string[] = Object.values(DEFAULT_IDS);
  const response = await send(fake, 'get', `${ARTIFACTS}?limit=100`, { namespace });
  expect(response.status).toBe(200);
  return response.body.data
    .filter((artifact: { id: string }) => !defaultIds.includes(artifact.id))
    .map((artifact: { name: string }) => artifact.name)
    .sort();
}

/** Reads the raw text of every list a client can see, sharedRoles included, to compare byte for byte. */
async function listTexts(fake: TestFake, namespace?: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const path of [ARTIFACTS, REPOSITORIES, WORKLOADS]) {
    const response = await send(fake, 'get', `${path}?limit=100&orderBy=createdAt`, { namespace });
    expect(response.status).toBe(200);
    texts[path] = response.text;
  }

  const artifacts = JSON.parse(texts[ARTIFACTS]).data as Array<{ id: string }>;
  for (const artifact of artifacts) {
    const response = await send(fake, 'get', `${ARTIFACTS}${artifact.id}/sharedRoles/?limit=100`, { namespace });
    expect(response.status).toBe(200);
    texts[`${artifact.id}/sharedRoles`] = response.text;
  }
  return texts;
}

/** Reads a namespace's journal, optionally with a query string. */
async function journal(fake: TestFake, query = '', namespace?: string): Promise<Response> {
  return send(fake, 'get', `/_fake/journal${query}`, { namespace });
}

describe('health', () => {
  it('answers 200 with the scenario', async () => {
    const fake = makeFake();
    const response = await send(fake, 'get', '/_fake/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', namespace: 'default', scenario: 'default' });
  });
});

describe('reset', () => {
  it('undoes create, patch and delete', async () => {
    const fake = makeFake();
    const before = await listTexts(fake);

    await createArtifact(fake, 'temporary');
    expect((await fake.patch(`${ARTIFACTS}${DEFAULT_IDS.paymentsDraft}`, { name: 'renamed' })).status).toBe(200);
    expect((await fake.delete(`${ARTIFACTS}${DEFAULT_IDS.batchDraft}`)).status).toBe(204);
    expect(await listTexts(fake)).not.toEqual(before);

    const response = await send(fake, 'post', '/_fake/reset');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ namespace: 'default', scenario: 'default' });
    expect(await listTexts(fake)).toEqual(before);
  });
});

describe('scenarios', () => {
  let fake: TestFake;
  beforeEach(() => {
    fake = makeFake();
  });

  it('switches the namespace data', async () => {
    const response = await send(fake, 'post', '/_fake/scenarios/empty');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ namespace: 'default', scenario: 'empty' });
    expect((await fake.get(ARTIFACTS)).body.totalCount).toBe(0);
    expect((await send(fake, 'get', '/_fake/health')).body.scenario).toBe('empty');
  });

  it('resets to the loaded scenario', async () => {
    await send(fake, 'post', '/_fake/scenarios/locked-artifact');
    await createArtifact(fake, 'extra');
    expect((await fake.get(ARTIFACTS)).body.totalCount).toBe(2);

    const response = await send(fake, 'post', '/_fake/reset');
    expect(response.status).toBe(200);
    expect(response.body.scenario).toBe('locked-artifact');
    const artifacts = await fake.get(ARTIFACTS);
    expect(artifacts.body.data.map((artifact: { id: string }) => artifact.id)).toEqual(['65f1000000000000000000b1']);
  });

  it('rejects an unknown scenario', async () => {
    const before = await listTexts(fake);
    const known = (await send(fake, 'get', '/_fake/scenarios')).body.scenarios.map((item: { name: string }) => item.name);
    const response = await send(fake, 'post', '/_fake/scenarios/no-such-scenario');

    expect(response.status).toBe(404);
    expect(response.body.detail).toContain('no-such-scenario');
    for (const name of known) expect(response.body.detail).toContain(name);
    expect((await send(fake, 'get', '/_fake/health')).body.scenario).toBe('default');
    expect(await listTexts(fake)).toEqual(before);
  });

  it('lists names and descriptions', async () => {
    const response = await send(fake, 'get', '/_fake/scenarios');
    const names = response.body.scenarios.map((item: { name: string }) => item.name);
    const defaultFile = parse(readFileSync(`${BUILT_IN_FIXTURES_DIR}/default.yaml`, 'utf8'));

    expect(response.status).toBe(200);
    for (const name of REQUIRED_SCENARIOS) expect(names).toContain(name);
    expect(names).toEqual([...names].sort());
    for (const item of response.body.scenarios) expect(item.description.length, item.name).toBeGreaterThan(0);
    expect(response.body.scenarios).toContainEqual({ name: 'default', description: defaultFile.description });
  });
});

describe('state snapshot', () => {
  let fake: TestFake;
  beforeEach(async () => {
    fake = makeFake({ scenario: 'shared-artifact' });
    const workload = await fake.post(WORKLOADS, { name: 'recommender-prod', artifactId: SHARED.artifact, importance: 'high' });
    expect(workload.status).toBe(201);
  });

  it('restores byte-identical reads', async () => {
    const snapshot = await send(fake, 'get', '/_fake/state');
    expect(snapshot.status).toBe(200);
    const before = await listTexts(fake);

    await createArtifact(fake, 'after-snapshot');
    expect((await fake.patch(`${ARTIFACTS}${SHARED.draft}`, { description: 'changed' })).status).toBe(200);
    const unshare = await fake.patch(`${ARTIFACTS}${SHARED.artifact}/sharedRoles/`, {
      operation: 'updateRoles',
      roles: [{ id: SHARED.reader, role: 'NO_ROLE', shareRecipientType: 'user' }],
    });
    expect(unshare.status).toBe(204);
    const workloads = await fake.get(WORKLOADS);
    expect((await fake.delete(`${WORKLOADS}${workloads.body.data[0].id}`)).status).toBe(204);
    expect(await listTexts(fake)).not.toEqual(before);

    const restored = await send(fake, 'put', '/_fake/state', { rawJson: snapshot.text });
    expect(restored.status).toBe(200);
    expect(restored.body).toEqual({ namespace: 'default', scenario: 'shared-artifact' });
    expect(await listTexts(fake)).toEqual(before);
    expect((await send(fake, 'get', '/_fake/state')).text).toBe(snapshot.text);
  });

  it('rejects a non-snapshot body', async () => {
    const before = await listTexts(fake);
    const response = await send(fake, 'put', '/_fake/state', { body: { artifacts: [] } });

    expect(response.status).toBe(422);
    expect(response.body.detail).toContain('format');
    expect(await listTexts(fake)).toEqual(before);
  });

  it('rejects invalid JSON', async () => {
    const before = await listTexts(fake);
    const response = await send(fake, 'put', '/_fake/state', { rawJson: '{"format": ' });

    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('Invalid JSON');
    expect(await listTexts(fake)).toEqual(before);
  });

  it('rejects a snapshot with a broken reference', async () => {
    const before = await listTexts(fake);
    const snapshot = (await send(fake, 'get', '/_fake/state')).body;
    snapshot.artifacts[0].artifactRepositoryId = '65f3000000000000000000ff';
    const response = await send(fake, 'put', '/_fake/state', { body: snapshot });

    expect(response.status).toBe(422);
    expect(response.body.detail).toContain('artifactRepositoryId');
    expect(await listTexts(fake)).toEqual(before);
  });
});

describe('journal', () => {
  let fake: TestFake;
  beforeEach(() => {
    fake = makeFake();
  });

  it('records each request', async () => {
    const started = Date.now();
    await fake.get(`${ARTIFACTS}${DEFAULT_IDS.paymentsV1}`);
    const response = await journal(fake);

    expect(response.status).toBe(200);
    expect(response.body.count).toBe(1);
    const [entry] = response.body.entries;
    expect(Date.parse(entry.time)).toBeGreaterThanOrEqual(started - 1000);
    expect(entry).toEqual({
      time: entry.time,
      method: 'GET',
      path: `${ARTIFACTS}${DEFAULT_IDS.paymentsV1}`,
      operationId: 'getArtifact',
      status: 200,
      requestValid: true,
      responseValid: true,
      source: 'stateful',
      fault: null,
      namespace: 'default',
    });
  });

  it('records a rejected request', async () => {
    await fake.post(ARTIFACTS, { name: '' });
    const [entry] = (await journal(fake)).body.entries;

    expect(entry.operationId).toBe('createArtifact');
    expect(entry.status).toBe(422);
    expect(entry.requestValid).toBe(false);
  });

  it('filters by operationId', async () => {
    await fake.get(ARTIFACTS);
    await fake.get(`${ARTIFACTS}${DEFAULT_IDS.paymentsV1}`);
    await fake.get(REPOSITORIES);
    const response = await journal(fake, '?operationId=getArtifact');

    expect(response.status).toBe(200);
    expect(response.body.count).toBe(1);
    expect(response.body.entries[0].path).toBe(`${ARTIFACTS}${DEFAULT_IDS.paymentsV1}`);
  });

  it('filters by status', async () => {
    await fake.get(ARTIFACTS);
    await fake.get(`${ARTIFACTS}ffffffffffffffffffffffff`);
    await createArtifact(fake, 'journaled');
    const notFound = await journal(fake, '?status=404');
    const created = await journal(fake, '?status=201');

    expect(notFound.body.entries.map((entry: { operationId: string }) => entry.operationId)).toEqual(['getArtifact']);
    expect(created.body.entries.map((entry: { operationId: string }) => entry.operationId)).toEqual(['createArtifact']);
  });

  it('rejects a bad status filter', async () => {
    for (const status of ['abc', '99', '600']) {
      const response = await journal(fake, `?status=${status}`);

      expect(response.status, status).toBe(400);
      expect(response.body.detail, status).toContain(status);
    }
  });

  it('empties on DELETE', async () => {
    await fake.get(ARTIFACTS);
    const response = await send(fake, 'delete', '/_fake/journal');

    expect(response.status).toBe(204);
    expect((await journal(fake)).body).toEqual({ count: 0, entries: [] });
  });

  it('keeps the newest entries', async () => {
    const capped = makeFake({ journalLimit: 5 });
    const ids = [
      DEFAULT_IDS.paymentsV1,
      DEFAULT_IDS.paymentsV2,
      DEFAULT_IDS.paymentsDraft,
      DEFAULT_IDS.nimLocked,
      DEFAULT_IDS.nimDraft,
      DEFAULT_IDS.batchDraft,
      DEFAULT_IDS.sourceDraft,
    ];
    for (const id of ids) await capped.get(`${ARTIFACTS}${id}`);
    const response = await journal(capped);

    expect(response.body.count).toBe(5);
    expect(response.body.entries.map((entry: { path: string }) => entry.path)).toEqual(ids.slice(2).map((id) => `${ARTIFACTS}${id}`));
  });

  it('skips control requests', async () => {
    await send(fake, 'get', '/_fake/health');
    await send(fake, 'get', '/_fake/state');

    expect((await journal(fake)).body.count).toBe(0);
  });
});

describe('control routes', () => {
  it('answer 404 for an unknown path', async () => {
    const fake = makeFake();
    const response = await send(fake, 'get', '/_fake/no-such-route');

    expect(response.status).toBe(404);
    expect(response.body.detail).toContain('/_fake/no-such-route');
  });
});

describe('namespaces', () => {
  let fake: TestFake;
  beforeEach(() => {
    fake = makeFake();
  });

  it('keep writes apart', async () => {
    await createArtifact(fake, 'made-in-a', 'team-a');
    await createArtifact(fake, 'made-in-b', 'team-b');

    expect(await addedNames(fake, 'team-a')).toEqual(['made-in-a']);
    expect(await addedNames(fake, 'team-b')).toEqual(['made-in-b']);
  });

  it('leave default untouched', async () => {
    const before = await listTexts(fake);
    await createArtifact(fake, 'elsewhere', 'team-a');
    expect((await send(fake, 'delete', `${ARTIFACTS}${DEFAULT_IDS.batchDraft}`, { namespace: 'team-a' })).status).toBe(204);

    expect(await listTexts(fake)).toEqual(before);
    expect(await listTexts(fake, 'default')).toEqual(before);
  });

  it('scale to 1,000 namespaces', async () => {
    const before = await listTexts(fake);
    const names = Array.from({ length: 1000 }, (_, index) => `worker-${index}`);

    for (let start = 0; start < names.length; start += 100) {
      const batch = names.slice(start, start + 100);
      await Promise.all(batch.map((name) => createArtifact(fake, `artifact-of-${name}`, name)));
    }
    for (let start = 0; start < names.length; start += 100) {
      const batch = names.slice(start, start + 100);
      const seen = await Promise.all(batch.map((name) => addedNames(fake, name)));
      batch.forEach((name, index) => expect(seen[index], name).toEqual([`artifact-of-${name}`]));
    }

    expect(fake.namespaces.size).toBe(1001);
    expect(await listTexts(fake)).toEqual(before);
  });

  it('survive parallel creates', async () => {
    const names = Array.from({ length: 10 }, (_, index) => `parallel-${index}`);
    const writes = Array.from({ length: 200 }, (_, index) => {
      const namespace = names[index % names.length];
      return createArtifact(fake, `${namespace}-item-${index}`, namespace);
    });
    await Promise.all(writes);

    for (const namespace of names) {
      const added = await addedNames(fake, namespace);
      expect(added, namespace).toHaveLength(20);
      expect(added.every((name) => name.startsWith(`${namespace}-item-`)), namespace).toBe(true);
    }
  });

  it('reset one at a time', async () => {
    await createArtifact(fake, 'kept', 'team-b');
    await createArtifact(fake, 'dropped', 'team-a');
    const response = await send(fake, 'post', '/_fake/reset', { namespace: 'team-a' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ namespace: 'team-a', scenario: 'default' });
    expect(await addedNames(fake, 'team-a')).toEqual([]);
    expect(await addedNames(fake, 'team-b')).toEqual(['kept']);
  });

  it('keep journals apart', async () => {
    await send(fake, 'get', ARTIFACTS, { namespace: 'team-a' });
    const ownJournal = await journal(fake, '', 'team-a');
    const otherJournal = await journal(fake, '', 'team-b');

    expect(ownJournal.body.count).toBe(1);
    expect(ownJournal.body.entries[0].namespace).toBe('team-a');
    expect(otherJournal.body.count).toBe(0);
    expect((await journal(fake)).body.count).toBe(0);
  });

  it('clear journals one at a time', async () => {
    await send(fake, 'get', ARTIFACTS, { namespace: 'team-a' });
    await send(fake, 'get', ARTIFACTS, { namespace: 'team-b' });
    await send(fake, 'delete', '/_fake/journal', { namespace: 'team-a' });

    expect((await journal(fake, '', 'team-a')).body.count).toBe(0);
    expect((await journal(fake, '', 'team-b')).body.count).toBe(1);
  });

  it('reject an invalid header', async () => {
    const sizeBefore = fake.namespaces.size;
    for (const namespace of ['x'.repeat(200), 'has space', '']) {
      const response = await send(fake, 'get', ARTIFACTS, { namespace });

      expect(response.status, JSON.stringify(namespace)).toBe(400);
      expect(response.body.detail, JSON.stringify(namespace)).toContain('x-fake-namespace');
    }
    expect(fake.namespaces.size).toBe(sizeBefore);
  });
});
