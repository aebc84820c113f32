import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, makeFake, observableState, serviceSpec, type TestFake } from '../helpers/fake.js';

const WORKLOADS = '/api/v2/workloads/';
const UNKNOWN_ID = '65f0000000000000000000ff';

const DEFAULT_REPOSITORY_IDS = [DEFAULT_IDS.paymentsRepository, DEFAULT_IDS.nimRepository, DEFAULT_IDS.batchRepository, DEFAULT_IDS.sourceRepository];

interface Workload {
  id: string;
  name: string;
  [key: string]: unknown;
}

/** Creates a workload on an existing artifact and returns its body. */
async function createOn(fake: TestFake, artifactId: string, fields: Record<string, unknown> = {}): Promise<Workload> {
  const response = await fake.post(WORKLOADS, { name: `on-${artifactId}`, artifactId, ...fields });
  expect(response.status).toBe(201);
  return response.body;
}

/** Reads every workload, one page of up to 100. */
async function listAll(fake: TestFake, query = ''): Promise<Workload[]> {
  const response = await fake.get(`${WORKLOADS}?limit=100${query}`);
  expect(response.status).toBe(200);
  return response.body.data;
}

/** Returns the sorted names of the workloads a list query returns. */
async function namesOf(fake: TestFake, query: string): Promise<string[]> {
  return (await listAll(fake, query)).map((workload) => workload.name).sort();
}

/** Reads everything a client can see, workloads included, so a test can prove a rejected request changed nothing. */
async function fullState(fake: TestFake): Promise<unknown> {
  return { store: await observableState(fake), workloads: await listAll(fake) };
}

describe('createWorkload', () => {
  let fake: TestFake;
  beforeEach(() => {
    fake = makeFake();
  });

  it('creates on an existing artifact', async () => {
    const artifact = (await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}`)).body;
    const response = await fake.post(WORKLOADS, { name: 'payments-prod', artifactId: DEFAULT_IDS.paymentsV1 });

    expect(response.status).toBe(201);
    expect(response.body.name).toBe('payments-prod');
    expect(response.body.artifactId).toBe(DEFAULT_IDS.paymentsV1);
    expect(response.body.artifact).toEqual({
      id: artifact.id,
      name: artifact.name,
      status: artifact.status,
      type: artifact.type,
      version: artifact.version,
      artifactRepositoryId: artifact.artifactRepositoryId,
    });
    expect(response.body.status).toBe('running');
    expect(response.body.importance).toBe('low');
    expect(response.body.owners).toHaveLength(1);
    expect(response.body.owners[0].id).toBe(DEFAULT_IDS.user);
    expect(response.body.creator.id).toBe(DEFAULT_IDS.user);

    const fetched = await fake.get(`${WORKLOADS}${response.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(response.body);
  });

  it('keeps a given importance', async () => {
    const response = await fake.post(WORKLOADS, { name: 'urgent', artifactId: DEFAULT_IDS.paymentsV2, importance: 'critical' });

    expect(response.status).toBe(201);
    expect(response.body.importance).toBe('critical');
    const fetched = await fake.get(`${WORKLOADS}${response.body.id}`);
    expect(fetched.body.importance).toBe('critical');
  });

  it('creates an inline artifact draft', async () => {
    const response = await fake.post(WORKLOADS, { name: 'inline', artifact: { name: 'inline-app', spec: serviceSpec() } });

    expect(response.status).toBe(201);
    expect(response.body.artifact.name).toBe('inline-app');
    expect(response.body.artifact.status).toBe('draft');
    expect(response.body.artifact.version).toBeNull();
    expect(response.body.artifact.type).toBe('service');
    expect(response.body.artifactId).toBe(response.body.artifact.id);
    expect(DEFAULT_REPOSITORY_IDS).not.toContain(response.body.artifact.artifactRepositoryId);

    const artifacts = await fake.get('/api/v2/artifacts/?limit=100');
    expect(artifacts.body.totalCount).toBe(8);
    const created = artifacts.body.data.find((item: { id: string }) => item.id === response.body.artifactId);
    expect(created?.status).toBe('draft');
    expect(created?.artifactRepositoryId).toBe(response.body.artifact.artifactRepositoryId);

    const repository = await fake.get(`/api/v2/artifactRepositories/${response.body.artifact.artifactRepositoryId}`);
    expect(repository.status).toBe(200);
    expect(repository.body.numArtifacts).toBe(1);
  });

  it('rejects neither artifact nor artifactId', async () => {
    const before = await fullState(fake);
    const response = await fake.post(WORKLOADS, { name: 'nothing' });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].loc).toEqual(['body', 'artifactId']);
    expect(await fullState(fake)).toEqual(before);
  });

  it('rejects both artifact and artifactId', async () => {
    const before = await fullState(fake);
    const response = await fake.post(WORKLOADS, {
      name: 'both',
      artifactId: DEFAULT_IDS.paymentsV1,
      artifact: { name: 'inline-app', spec: serviceSpec() },
    });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].loc).toEqual(['body', 'artifactId']);
    expect(await fullState(fake)).toEqual(before);
  });

  it('rejects an unknown artifactId', async () => {
    const before = await fullState(fake);
    const response = await fake.post(WORKLOADS, { name: 'ghost', artifactId: UNKNOWN_ID });

    expect(response.status).toBe(422);
    expect(response.body.detail).toHaveLength(1);
    expect(response.body.detail[0].loc).toEqual(['body', 'artifactId']);
    expect(response.body.detail[0].path).toBe('artifactId');
    expect(await fullState(fake)).toEqual(before);
  });

  it('rejects an inline repository of another type', async () => {
    const before = await fullState(fake);
    const response = await fake.post(WORKLOADS, {
      name: 'mismatch',
      artifact: { name: 'inline-app', type: 'service', artifactRepositoryId: DEFAULT_IDS.nimRepository, spec: serviceSpec() },
    });

    expect(response.status).toBe(422);
    expect(response.body.detail).toHaveLength(1);
    expect(response.body.detail[0].loc).toEqual(['body', 'artifact', 'artifactRepositoryId']);
    expect(response.body.detail[0].path).toBe('artifact.artifactRepositoryId');
    expect(await fullState(fake)).toEqual(before);
  });
});

describe('getWorkload', () => {
  let fake: TestFake;
  beforeEach(() => {
    fake = makeFake();
  });

  it('returns a created workload', async () => {
    const created = await createOn(fake, DEFAULT_IDS.nimLocked, { description: 'serves llama' });
    const response = await fake.get(`${WORKLOADS}${created.id}/`);

    expect(response.status).toBe(200);
    expect(response.body.id).toBe(created.id);
    expect(response.body.description).toBe('serves llama');
    expect(response.body.type).toBe('nim');
  });

  it('answers 404 for an unknown workload', async () => {
    const response = await fake.get(`${WORKLOADS}${UNKNOWN_ID}`);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Workload not found' });
  });
});

describe('listWorkloads', () => {
  let fake: TestFake;
  beforeEach(async () => {
    fake = makeFake();
    await fake.post(WORKLOADS, { name: 'alpha-payments', artifactId: DEFAULT_IDS.paymentsV1, importance: 'high' });
    await fake.post(WORKLOADS, { name: 'beta-payments', artifactId: DEFAULT_IDS.paymentsDraft, description: 'Canary of the draft.' });
    await fake.post(WORKLOADS, { name: 'gamma-nim', artifactId: DEFAULT_IDS.nimLocked, importance: 'critical' });
    await fake.post(WORKLOADS, { name: 'delta-batch', artifactId: DEFAULT_IDS.batchDraft, importance: 'moderate' });
  });

  it('lists every workload', async () => {
    const response = await fake.get(WORKLOADS);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(4);
    expect(response.body.count).toBe(4);
  });

  it('filters by artifactId', async () => {
    expect(await namesOf(fake, `&artifactId=${DEFAULT_IDS.paymentsV1}`)).toEqual(['alpha-payments']);
  });

  it('filters by repositoryId', async () => {
    expect(await namesOf(fake, `&repositoryId=${DEFAULT_IDS.paymentsRepository}`)).toEqual(['alpha-payments', 'beta-payments']);
  });

  it('filters by one artifactStatus', async () => {
    expect(await namesOf(fake, '&artifactStatus=locked')).toEqual(['alpha-payments', 'gamma-nim']);
  });

  it('filters by repeated artifactStatus', async () => {
    const names = await namesOf(fake, '&artifactStatus=locked&artifactStatus=draft');

    expect(names).toEqual(['alpha-payments', 'beta-payments', 'delta-batch', 'gamma-nim']);
  });

  it('filters by comma artifactStatus', async () => {
    const names = await namesOf(fake, '&artifactStatus=draft,locked');

    expect(names).toEqual(['alpha-payments', 'beta-payments', 'delta-batch', 'gamma-nim']);
  });

  it('filters by importance', async () => {
    expect(await namesOf(fake, '&importance=high&importance=critical')).toEqual(['alpha-payments', 'gamma-nim']);
    expect(await namesOf(fake, '&importance=low')).toEqual(['beta-payments']);
  });

  it('filters by search', async () => {
    expect(await namesOf(fake, '&search=PAYMENTS')).toEqual(['alpha-payments', 'beta-payments']);
    expect(await namesOf(fake, '&search=canary')).toEqual(['beta-payments']);
  });

  it('pages without overlap', async () => {
    const first = await fake.get(`${WORKLOADS}?limit=2&orderBy=name`);
    const second = await fake.get(`${WORKLOADS}?offset=2&limit=2&orderBy=name`);

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body.totalCount).toBe(4);
    expect(first.body.data.map((item: Workload) => item.name)).toEqual(['alpha-payments', 'beta-payments']);
    expect(second.body.data.map((item: Workload) => item.name)).toEqual(['delta-batch', 'gamma-nim']);
    expect(first.body.next).toContain('offset=2');
    expect(first.body.previous).toBeNull();
    expect(second.body.next).toBeNull();
    expect(second.body.previous).toContain('offset=0');
  });
});

describe('deleteWorkload', () => {
  let fake: TestFake;
  beforeEach(() => {
    fake = makeFake();
  });

  it('deletes then answers 404', async () => {
    const created = await createOn(fake, DEFAULT_IDS.paymentsV2);
    const response = await fake.delete(`${WORKLOADS}${created.id}`);

    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await fake.get(`${WORKLOADS}${created.id}`)).status).toBe(404);
    expect(await listAll(fake)).toEqual([]);

    const again = await fake.delete(`${WORKLOADS}${created.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ detail: 'Workload not found' });
  });

  it('keeps the artifact', async () => {
    const created = await createOn(fake, DEFAULT_IDS.batchDraft);
    await fake.delete(`${WORKLOADS}${created.id}`);

    expect((await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`)).status).toBe(200);
  });
});

describe('artifact in use', () => {
  let fake: TestFake;
  let workload: Workload;
  beforeEach(async () => {
    fake = makeFake();
    workload = await createOn(fake, DEFAULT_IDS.batchDraft);
  });

  it('blocks deleting the artifact', async () => {
    const before = await fullState(fake);
    const response = await fake.delete(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`);

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain(workload.id);
    expect(await fullState(fake)).toEqual(before);
  });

  it('blocks deleting its repository', async () => {
    const before = await fullState(fake);
    const response = await fake.delete(`/api/v2/artifactRepositories/${DEFAULT_IDS.batchRepository}`);

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain(DEFAULT_IDS.batchDraft);
    expect(await fullState(fake)).toEqual(before);
  });

  it('allows deletes after the workload goes', async () => {
    expect((await fake.delete(`${WORKLOADS}${workload.id}`)).status).toBe(204);

    const artifact = await fake.delete(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`);
    expect(artifact.status).toBe(204);
    const repository = await fake.delete(`/api/v2/artifactRepositories/${DEFAULT_IDS.batchRepository}`);
    expect(repository.status).toBe(204);

    expect((await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`)).status).toBe(404);
    expect((await fake.get(`/api/v2/artifactRepositories/${DEFAULT_IDS.batchRepository}`)).status).toBe(404);
  });

  it('counts a second workload', async () => {
    const second = await createOn(fake, DEFAULT_IDS.batchDraft);
    await fake.delete(`${WORKLOADS}${workload.id}`);
    const response = await fake.delete(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`);

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain(second.id);
    expect(response.body.detail).not.toContain(workload.id);
  });
});
