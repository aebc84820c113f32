import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, makeFake, observableState, serviceSpec, type TestFake } from '../helpers/fake.js';

const LOCKED = { detail: 'Cannot update artifact: artifact is locked' };

describe('patchArtifact', () => {
  let fake: TestFake;
  beforeEach(() => {
    fake = makeFake();
  });

  it('changes name and description', async () => {
    const response = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}/`, { name: 'renamed', description: 'new words' });

    expect(response.status).toBe(200);
    expect(response.body.name).toBe('renamed');
    expect(response.body.description).toBe('new words');
    const fetched = await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`);
    expect(fetched.body.name).toBe('renamed');
    expect(fetched.body.updatedAt > fetched.body.createdAt).toBe(true);
  });

  it('treats null fields as unchanged', async () => {
    const before = (await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`)).body;
    const response = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`, { name: null, description: null, spec: null });

    expect(response.status).toBe(200);
    expect(response.body.name).toBe(before.name);
    expect(response.body.spec).toEqual(before.spec);
  });

  it('replaces the whole containerGroups list', async () => {
    const replacement = { containerGroups: [{ name: 'only', containers: [{ name: 'solo', imageUri: 'solo:2' }] }] };
    const response = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`, { spec: replacement });

    expect(response.status).toBe(200);
    expect(response.body.spec.containerGroups).toHaveLength(1);
    expect(response.body.spec.containerGroups[0].containers).toHaveLength(1);
    expect(response.body.spec.containerGroups[0].containers[0].name).toBe('solo');
    expect(response.body.spec.type).toBe('service');
  });

  it('keeps NIM storage when the spec changes', async () => {
    const spec = { containerGroups: [{ containers: [{ name: 'nim', imageUri: 'nvcr.io/nim/x:2', port: 8000, primary: true }] }] };
    const response = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.nimDraft}`, { spec });

    expect(response.status).toBe(200);
    expect(response.body.spec.storage).toEqual({ mode: 'dedicatedPvc', pvcSize: '200Gi' });
  });

  it('accepts the spec a GET returned', async () => {
    const current = (await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`)).body;
    const response = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`, { spec: current.spec });

    expect(response.status).toBe(200);
    expect(response.body.spec).toEqual(current.spec);
  });

  it('rejects a spec.type of another type', async () => {
    const before = await observableState(fake);
    const response = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`, { spec: { ...serviceSpec(), type: 'nim' } });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].path).toBe('spec.type');
    expect(await observableState(fake)).toEqual(before);
  });

  it('rejects artifactRepositoryId as unknown field', async () => {
    const response = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`, {
      status: 'locked',
      artifactRepositoryId: DEFAULT_IDS.paymentsRepository,
    });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].code).toBe('extra_forbidden');
    const fetched = await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`);
    expect(fetched.body.status).toBe('draft');
  });

  it('locks with the next repository version', async () => {
    const response = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}/`, { status: 'locked' });

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('locked');
    expect(response.body.version).toBe(3);
    const repository = await fake.get(`/api/v2/artifactRepositories/${DEFAULT_IDS.paymentsRepository}`);
    expect(repository.body.lastVersionNumber).toBe(3);
  });

  it('locks and edits in one request', async () => {
    const response = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`, {
      name: 'batch-scorer 1.0',
      description: 'released',
      spec: serviceSpec('registry.example.com/batch-scorer:1.0.0'),
      status: 'locked',
    });

    expect(response.status).toBe(200);
    expect(response.body.name).toBe('batch-scorer 1.0');
    expect(response.body.version).toBe(1);
    expect(response.body.spec.containerGroups[0].containers[0].imageUri).toBe('registry.example.com/batch-scorer:1.0.0');
  });

  it('numbers versions per repository', async () => {
    const nim = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.nimDraft}`, { status: 'locked' });
    const payments = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`, { status: 'locked' });

    expect(nim.body.version).toBe(2);
    expect(payments.body.version).toBe(3);
  });

  it('never reuses a version after deletes', async () => {
    const draft = await fake.post('/api/v2/artifacts/', { name: 'a', spec: serviceSpec() });
    const repositoryId = draft.body.artifactRepositoryId;
    const first = await fake.post('/api/v2/artifacts/', { name: 'b', spec: serviceSpec(), artifactRepositoryId: repositoryId, status: 'locked' });
    await fake.delete(`/api/v2/artifacts/${draft.body.id}`);
    const next = await fake.post('/api/v2/artifacts/', { name: 'c', spec: serviceSpec(), artifactRepositoryId: repositoryId });
    const locked = await fake.patch(`/api/v2/artifacts/${next.body.id}`, { status: 'locked' });

    expect(first.body.version).toBe(1);
    expect(locked.body.version).toBe(2);
  });

  it('rejects any change to a locked artifact', async () => {
    const before = await observableState(fake);
    const bodies = [{ name: 'x' }, { status: 'draft' }, { status: 'locked' }, {}, { spec: serviceSpec() }];

    for (const body of bodies) {
      const response = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}`, body);
      expect(response.status, JSON.stringify(body)).toBe(403);
      expect(response.body).toEqual(LOCKED);
    }
    expect(await observableState(fake)).toEqual(before);
  });

  it('rejects locking before the image is built', async () => {
    const before = await observableState(fake);
    const response = await fake.patch(`/api/v2/artifacts/${DEFAULT_IDS.sourceDraft}`, { status: 'locked' });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].path).toBe('status');
    expect(response.body.detail[0].message).toContain('Trigger and complete an image build before locking');
    expect(await observableState(fake)).toEqual(before);
  });

  it('answers 404 for an unknown artifact', async () => {
    const response = await fake.patch('/api/v2/artifacts/ffffffffffffffffffffffff', { name: 'x' });

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Artifact not found' });
  });
});

describe('updateArtifact', () => {
  let fake: TestFake;
  beforeEach(() => {
    fake = makeFake();
  });

  it('replaces fields and resets omitted ones', async () => {
    const response = await fake.put(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}/`, { name: 'replaced', spec: serviceSpec('app:9') });

    expect(response.status).toBe(200);
    expect(response.body.name).toBe('replaced');
    expect(response.body.description).toBe('');
    expect(response.body.status).toBe('draft');
    expect(response.body.spec.containerGroups[0].containers[0].imageUri).toBe('app:9');
    const fetched = await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`);
    expect(fetched.body).toEqual(response.body);
  });

  it('keeps id, repository and createdAt', async () => {
    const before = (await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`)).body;
    const response = await fake.put(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`, { name: 'replaced', spec: serviceSpec() });

    expect(response.body.id).toBe(before.id);
    expect(response.body.artifactRepositoryId).toBe(before.artifactRepositoryId);
    expect(response.body.createdAt).toBe(before.createdAt);
  });

  it('locks when the body says locked', async () => {
    const response = await fake.put(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`, { name: 'v3', spec: serviceSpec(), status: 'locked' });

    expect(response.status).toBe(200);
    expect(response.body.version).toBe(3);
  });

  it('rejects moving to another repository', async () => {
    const before = await observableState(fake);
    const response = await fake.put(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`, {
      name: 'moved',
      spec: serviceSpec(),
      artifactRepositoryId: DEFAULT_IDS.batchRepository,
    });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].path).toBe('artifactRepositoryId');
    expect(await observableState(fake)).toEqual(before);
  });

  it('rejects a type its repository lacks', async () => {
    const response = await fake.put(`/api/v2/artifacts/${DEFAULT_IDS.nimDraft}`, { name: 'nim', spec: serviceSpec() });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].path).toBe('type');
  });

  it('rejects replacing a locked artifact', async () => {
    const before = await observableState(fake);
    const response = await fake.put(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV2}`, { name: 'x', spec: serviceSpec() });

    expect(response.status).toBe(403);
    expect(response.body).toEqual(LOCKED);
    expect(await observableState(fake)).toEqual(before);
  });

  it('requires name and spec', async () => {
    const response = await fake.put(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`, {});
    const missing = response.body.detail.map((item: { path: string }) => item.path).sort();

    expect(response.status).toBe(422);
    expect(missing).toEqual(['name', 'spec']);
  });
});
