import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addArtifactReference, removeArtifactReference } from '../../src/domain/in-use.js';
import { DEFAULT_IDS, makeFake, observableState, serviceSpec, type TestFake } from '../helpers/fake.js';

const ARTIFACTS = '/api/v2/artifacts/';
const REPOSITORIES = '/api/v2/artifactRepositories/';
const UNKNOWN_ID = '65f0000000000000000000ff';
const WORKLOAD_ID = '65f0000000000000000000e1';

const repositoryPath = (id: string) => `${REPOSITORIES}${id}/`;
const artifactPath = (id: string) => `${ARTIFACTS}${id}/`;

/**
 * A repository whose counter is ahead of its artifacts: versions 1 to 5 were given out
 * and their artifacts are gone, and two drafts remain.
 */
const VERSION_GAP_SCENARIO = `
description: A repository whose lastVersionNumber is above every version still present.
users:
  - { id: 65f000000000000000000001, username: dana@example.com, token: default-token }
repositories:
  - id: 65f0000000000000000000c1
    name: retired-versions
    type: service
    lastVersionNumber: 5
artifacts:
${['d1', 'd2']
  .map(
    (suffix) => `  - id: 65f0000000000000000000${suffix}
    name: retired-versions
    artifactRepositoryId: 65f0000000000000000000c1
    spec:
      containerGroups:
        - name: default
          containers:
            - { name: app, imageUri: registry.example.com/app:1.0.0, port: 8080, primary: true }`,
  )
  .join('\n')}
`;
const GAP_REPOSITORY = '65f0000000000000000000c1';
const GAP_FIRST_DRAFT = '65f0000000000000000000d1';
const GAP_SECOND_DRAFT = '65f0000000000000000000d2';

let scenarioDir: string;

beforeAll(() => {
  scenarioDir = mkdtempSync(join(tmpdir(), 'repositories-test-'));
  writeFileSync(join(scenarioDir, 'version-gap.yaml'), VERSION_GAP_SCENARIO);
});

afterAll(() => {
  rmSync(scenarioDir, { recursive: true, force: true });
});

function nimSpec(): Record<string, unknown> {
  return {
    storage: { mode: 'nimCache' },
    containerGroups: [{ name: 'default', containers: [{ name: 'nim', imageUri: 'nvcr.io/nim/example:1.0.0', port: 8000, primary: true }] }],
  };
}

async function createDraft(fake: TestFake, body: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await fake.post(ARTIFACTS, { spec: serviceSpec(), ...body });
  expect(response.status).toBe(201);
  return response.body;
}

describe('GET /artifactRepositories/{id}', () => {
  it('returns every field', async () => {
    const fake = makeFake();
    const response = await fake.get(repositoryPath(DEFAULT_IDS.paymentsRepository));

    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(
      ['createdAt', 'creator', 'id', 'lastVersionNumber', 'name', 'numArtifacts', 'permissions', 'tags', 'type', 'updatedAt'],
    );
    expect(response.body.id).toBe(DEFAULT_IDS.paymentsRepository);
    expect(response.body.name).toBe('payments-api');
    expect(response.body.type).toBe('service');
    expect(response.body.creator.id).toBe(DEFAULT_IDS.user);
    expect(response.body.creator.username).toBe('dana@example.com');
    expect(response.body.tags).toEqual([{ id: '65f0000000000000000000f1', name: 'team', value: 'payments' }]);
    expect(response.body.createdAt).toBe('2026-01-10T08:00:00.000000+00:00');
    expect(response.body.updatedAt).toBe('2026-01-12T10:30:00.000000+00:00');
  });

  it.each([
    ['two locked, one draft', DEFAULT_IDS.paymentsRepository, 3, 2],
    ['one locked, one draft', DEFAULT_IDS.nimRepository, 2, 1],
    ['one draft', DEFAULT_IDS.batchRepository, 1, 0],
  ])('counts artifacts: %s', async (_case, id, numArtifacts, lastVersionNumber) => {
    const fake = makeFake();
    const response = await fake.get(repositoryPath(id));

    expect(response.status).toBe(200);
    expect(response.body.numArtifacts).toBe(numArtifacts);
    expect(response.body.lastVersionNumber).toBe(lastVersionNumber);
  });

  it('numArtifacts counts a new draft', async () => {
    const fake = makeFake();
    await createDraft(fake, { name: 'payments-api', artifactRepositoryId: DEFAULT_IDS.paymentsRepository });

    const response = await fake.get(repositoryPath(DEFAULT_IDS.paymentsRepository));

    expect(response.status).toBe(200);
    expect(response.body.numArtifacts).toBe(4);
    expect(response.body.lastVersionNumber).toBe(2);
  });

  it('same repository without prefix', async () => {
    const fake = makeFake();
    const prefixed = await fake.get(repositoryPath(DEFAULT_IDS.nimRepository));
    const bare = await fake.get(`/artifactRepositories/${DEFAULT_IDS.nimRepository}`);

    expect(prefixed.status).toBe(200);
    expect(bare.status).toBe(200);
    expect(bare.body).toEqual(prefixed.body);
  });

  it('unknown id gives 404', async () => {
    const fake = makeFake();
    const response = await fake.get(repositoryPath(UNKNOWN_ID));

    expect(response.status).toBe(404);
    expect(Object.keys(response.body)).toEqual(['detail']);
    expect(typeof response.body.detail).toBe('string');
    expect(response.body.detail).toMatch(/not found/i);
  });
});

describe('repository opened by artifact create', () => {
  it.each([
    ['service, id omitted', { name: 'fraud-scorer', spec: serviceSpec() }, 'service'],
    ['service, id null', { name: 'fraud-scorer', artifactRepositoryId: null, spec: serviceSpec() }, 'service'],
    ['nim, id omitted', { name: 'mistral-7b', type: 'nim', spec: nimSpec() }, 'nim'],
  ])('opens repository: %s', async (_case, body, type) => {
    const fake = makeFake();
    const before = await fake.get(REPOSITORIES);

    const created = await fake.post(ARTIFACTS, body);

    expect(created.status).toBe(201);
    const repositoryId = created.body.artifactRepositoryId;
    expect(before.body.data.map((repository: { id: string }) => repository.id)).not.toContain(repositoryId);

    const repository = await fake.get(repositoryPath(repositoryId));
    expect(repository.status).toBe(200);
    expect(repository.body.name).toBe((body as { name: string }).name);
    expect(repository.body.type).toBe(type);
    expect(repository.body.numArtifacts).toBe(1);
    expect(repository.body.lastVersionNumber).toBe(0);
    expect(repository.body.creator.id).toBe(DEFAULT_IDS.user);

    const after = await fake.get(REPOSITORIES);
    expect(after.body.totalCount).toBe(before.body.totalCount + 1);
  });

  it('two creates open two repositories', async () => {
    const fake = makeFake();
    const first = await createDraft(fake, { name: 'twin' });
    const second = await createDraft(fake, { name: 'twin' });

    expect(second.artifactRepositoryId).not.toBe(first.artifactRepositoryId);
    const list = await fake.get(`${REPOSITORIES}?search=twin`);
    expect(list.status).toBe(200);
    expect(list.body.totalCount).toBe(2);
  });
});

describe('DELETE /artifactRepositories/{id}', () => {
  it('drafts only: deletes everything', async () => {
    const fake = makeFake();
    const response = await fake.delete(repositoryPath(DEFAULT_IDS.batchRepository));

    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await fake.get(repositoryPath(DEFAULT_IDS.batchRepository))).status).toBe(404);
    expect((await fake.get(artifactPath(DEFAULT_IDS.batchDraft))).status).toBe(404);
  });

  it('drafts only: removes from lists', async () => {
    const fake = makeFake();
    const response = await fake.delete(repositoryPath(DEFAULT_IDS.batchRepository));
    expect(response.status).toBe(204);

    const repositories = await fake.get(`${REPOSITORIES}?limit=100`);
    const artifacts = await fake.get(`${ARTIFACTS}?limit=100`);

    expect(repositories.body.totalCount).toBe(3);
    expect(repositories.body.data.map((item: { id: string }) => item.id)).not.toContain(DEFAULT_IDS.batchRepository);
    expect(artifacts.body.totalCount).toBe(6);
    expect(artifacts.body.data.map((item: { id: string }) => item.id)).not.toContain(DEFAULT_IDS.batchDraft);
  });

  it('several drafts all go', async () => {
    const fake = makeFake();
    const first = await createDraft(fake, { name: 'scratch' });
    const second = await createDraft(fake, { name: 'scratch', artifactRepositoryId: first.artifactRepositoryId });
    const otherArtifacts = (await fake.get(`${ARTIFACTS}?limit=100`)).body.totalCount - 2;

    const response = await fake.delete(repositoryPath(first.artifactRepositoryId));

    expect(response.status).toBe(204);
    expect((await fake.get(artifactPath(first.id))).status).toBe(404);
    expect((await fake.get(artifactPath(second.id))).status).toBe(404);
    expect((await fake.get(repositoryPath(first.artifactRepositoryId))).status).toBe(404);
    expect((await fake.get(`${ARTIFACTS}?limit=100`)).body.totalCount).toBe(otherArtifacts);
  });

  it.each([
    ['{}', {}],
    ['null', null],
  ])('body %s is accepted', async (_case, body) => {
    const fake = makeFake();
    const response = await fake.delete(repositoryPath(DEFAULT_IDS.batchRepository), body);

    expect(response.status).toBe(204);
    expect((await fake.get(repositoryPath(DEFAULT_IDS.batchRepository))).status).toBe(404);
  });

  it('empty repository is deleted', async () => {
    const fake = makeFake();
    expect((await fake.delete(artifactPath(DEFAULT_IDS.batchDraft))).status).toBe(204);

    const response = await fake.delete(repositoryPath(DEFAULT_IDS.batchRepository));

    expect(response.status).toBe(204);
    expect((await fake.get(repositoryPath(DEFAULT_IDS.batchRepository))).status).toBe(404);
  });

  it('locked artifact gives 409', async () => {
    const fake = makeFake();
    const before = await observableState(fake);

    const response = await fake.delete(repositoryPath(DEFAULT_IDS.paymentsRepository));

    expect(response.status).toBe(409);
    expect(typeof response.body.detail).toBe('string');
    expect(response.body.detail).toContain(DEFAULT_IDS.paymentsRepository);
    expect(response.body.detail).toContain(DEFAULT_IDS.paymentsV1);
    expect(response.body.detail).toContain(DEFAULT_IDS.paymentsV2);
    expect(response.body.detail).not.toContain(DEFAULT_IDS.paymentsDraft);
    expect(await observableState(fake)).toEqual(before);
  });

  it('locked artifact keeps the draft', async () => {
    const fake = makeFake();
    const response = await fake.delete(repositoryPath(DEFAULT_IDS.paymentsRepository));
    expect(response.status).toBe(409);

    const draft = await fake.get(artifactPath(DEFAULT_IDS.paymentsDraft));
    const repository = await fake.get(repositoryPath(DEFAULT_IDS.paymentsRepository));

    expect(draft.status).toBe(200);
    expect(repository.status).toBe(200);
    expect(repository.body.numArtifacts).toBe(3);
  });

  it('artifact in use gives 409', async () => {
    const fake = makeFake();
    addArtifactReference(fake.backend.state, DEFAULT_IDS.batchDraft, WORKLOAD_ID);
    const before = await observableState(fake);

    const response = await fake.delete(repositoryPath(DEFAULT_IDS.batchRepository));

    expect(response.status).toBe(409);
    expect(typeof response.body.detail).toBe('string');
    expect(response.body.detail).toContain(DEFAULT_IDS.batchRepository);
    expect(response.body.detail).toContain(DEFAULT_IDS.batchDraft);
    expect(await observableState(fake)).toEqual(before);
    expect((await fake.get(artifactPath(DEFAULT_IDS.batchDraft))).status).toBe(200);
  });

  it('locked and in use both named', async () => {
    const fake = makeFake();
    addArtifactReference(fake.backend.state, DEFAULT_IDS.nimDraft, WORKLOAD_ID);
    const before = await observableState(fake);

    const response = await fake.delete(repositoryPath(DEFAULT_IDS.nimRepository));

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain(DEFAULT_IDS.nimLocked);
    expect(response.body.detail).toContain(DEFAULT_IDS.nimDraft);
    expect(await observableState(fake)).toEqual(before);
  });

  it('released reference allows delete', async () => {
    const fake = makeFake();
    addArtifactReference(fake.backend.state, DEFAULT_IDS.batchDraft, WORKLOAD_ID);
    expect((await fake.delete(repositoryPath(DEFAULT_IDS.batchRepository))).status).toBe(409);
    removeArtifactReference(fake.backend.state, DEFAULT_IDS.batchDraft, WORKLOAD_ID);

    const response = await fake.delete(repositoryPath(DEFAULT_IDS.batchRepository));

    expect(response.status).toBe(204);
    expect((await fake.get(repositoryPath(DEFAULT_IDS.batchRepository))).status).toBe(404);
  });

  it('unknown id gives 404', async () => {
    const fake = makeFake();
    const before = await observableState(fake);

    const response = await fake.delete(repositoryPath(UNKNOWN_ID));

    expect(response.status).toBe(404);
    expect(typeof response.body.detail).toBe('string');
    expect(await observableState(fake)).toEqual(before);
  });

  it('second delete gives 404', async () => {
    const fake = makeFake();
    expect((await fake.delete(repositoryPath(DEFAULT_IDS.sourceRepository))).status).toBe(204);

    const response = await fake.delete(repositoryPath(DEFAULT_IDS.sourceRepository));

    expect(response.status).toBe(404);
    expect(typeof response.body.detail).toBe('string');
  });
});

describe('repository lifetime', () => {
  it('stays after last draft deleted', async () => {
    const fake = makeFake();
    const response = await fake.delete(artifactPath(DEFAULT_IDS.batchDraft));

    expect(response.status).toBe(204);
    const repository = await fake.get(repositoryPath(DEFAULT_IDS.batchRepository));
    expect(repository.status).toBe(200);
    expect(repository.body.numArtifacts).toBe(0);
    const list = await fake.get(`${REPOSITORIES}?ids=${DEFAULT_IDS.batchRepository}`);
    expect(list.body.totalCount).toBe(1);
    expect(list.body.data[0].numArtifacts).toBe(0);
  });

  it('empty repository can be joined', async () => {
    const fake = makeFake();
    expect((await fake.delete(artifactPath(DEFAULT_IDS.batchDraft))).status).toBe(204);

    const created = await createDraft(fake, { name: 'batch-scorer', artifactRepositoryId: DEFAULT_IDS.batchRepository });

    expect(created.artifactRepositoryId).toBe(DEFAULT_IDS.batchRepository);
    const repository = await fake.get(repositoryPath(DEFAULT_IDS.batchRepository));
    expect(repository.body.numArtifacts).toBe(1);
  });

  it('lastVersionNumber survives draft delete', async () => {
    const fake = makeFake({ fixturesDirs: [scenarioDir], scenario: 'version-gap' });
    const response = await fake.delete(artifactPath(GAP_FIRST_DRAFT));

    expect(response.status).toBe(204);
    const repository = await fake.get(repositoryPath(GAP_REPOSITORY));
    expect(repository.body.numArtifacts).toBe(1);
    expect(repository.body.lastVersionNumber).toBe(5);
  });

  it('lock continues after the gap', async () => {
    const fake = makeFake({ fixturesDirs: [scenarioDir], scenario: 'version-gap' });
    expect((await fake.delete(artifactPath(GAP_FIRST_DRAFT))).status).toBe(204);

    const locked = await fake.patch(artifactPath(GAP_SECOND_DRAFT), { status: 'locked' });

    expect(locked.status).toBe(200);
    expect(locked.body.version).toBe(6);
    const repository = await fake.get(repositoryPath(GAP_REPOSITORY));
    expect(repository.body.lastVersionNumber).toBe(6);
  });

  it('lastVersionNumber never decreases', async () => {
    const fake = makeFake();
    const first = await createDraft(fake, { name: 'counter' });
    const repositoryId = first.artifactRepositoryId;
    const seen: number[] = [];
    const record = async () => {
      const repository = await fake.get(repositoryPath(repositoryId));
      expect(repository.status).toBe(200);
      seen.push(repository.body.lastVersionNumber);
    };

    await record();
    expect((await fake.patch(artifactPath(first.id), { status: 'locked' })).status).toBe(200);
    await record();
    const second = await createDraft(fake, { name: 'counter', artifactRepositoryId: repositoryId });
    await record();
    expect((await fake.delete(artifactPath(second.id))).status).toBe(204);
    await record();
    const third = await createDraft(fake, { name: 'counter', artifactRepositoryId: repositoryId, status: 'locked' });
    await record();

    expect(seen).toEqual([0, 1, 1, 1, 2]);
    expect(third.version).toBe(2);
  });
});
