import { beforeEach, describe, expect, it } from 'vitest';
import { addArtifactReference } from '../../src/domain/in-use.js';
import { DEFAULT_IDS, makeFake, observableState, serviceSpec, type TestFake } from '../helpers/fake.js';

describe('deleteArtifact', () => {
  let fake: TestFake;
  beforeEach(() => {
    fake = makeFake();
  });

  it('deletes a draft', async () => {
    const response = await fake.delete(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}/`);

    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`)).status).toBe(404);
    const repository = await fake.get(`/api/v2/artifactRepositories/${DEFAULT_IDS.paymentsRepository}`);
    expect(repository.body.numArtifacts).toBe(2);
  });

  it('keeps the emptied repository', async () => {
    await fake.delete(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`);
    const repository = await fake.get(`/api/v2/artifactRepositories/${DEFAULT_IDS.batchRepository}`);

    expect(repository.status).toBe(200);
    expect(repository.body.numArtifacts).toBe(0);
  });

  it('rejects deleting a locked artifact', async () => {
    const before = await observableState(fake);
    const response = await fake.delete(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}`);

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain(DEFAULT_IDS.paymentsV1);
    expect(response.body.detail).toContain('locked');
    expect(await observableState(fake)).toEqual(before);
  });

  it('rejects deleting an artifact in use', async () => {
    addArtifactReference(fake.backend.state, DEFAULT_IDS.batchDraft, 'a1a1a1a1a1a1a1a1a1a1a1a1');
    addArtifactReference(fake.backend.state, DEFAULT_IDS.batchDraft, 'b2b2b2b2b2b2b2b2b2b2b2b2');
    const before = await observableState(fake);
    const response = await fake.delete(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`);

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain('referenced by 2 workload(s): a1a1a1a1a1a1a1a1a1a1a1a1, b2b2b2b2b2b2b2b2b2b2b2b2');
    expect(await observableState(fake)).toEqual(before);
  });

  it('names every reason that applies', async () => {
    addArtifactReference(fake.backend.state, DEFAULT_IDS.paymentsV2, 'c3c3c3c3c3c3c3c3c3c3c3c3');
    const response = await fake.delete(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV2}`);

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain('locked');
    expect(response.body.detail).toContain('c3c3c3c3c3c3c3c3c3c3c3c3');
  });

  it('answers 404 for an unknown artifact', async () => {
    const response = await fake.delete('/api/v2/artifacts/ffffffffffffffffffffffff');

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Artifact not found' });
  });
});

describe('cloneArtifact', () => {
  let fake: TestFake;
  beforeEach(() => {
    fake = makeFake();
  });

  it('copies a draft into the same repository', async () => {
    const source = (await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`)).body;
    const response = await fake.post(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}/clone/`, { name: 'batch copy' });

    expect(response.status).toBe(200);
    expect(response.body.id).not.toBe(source.id);
    expect(response.body.name).toBe('batch copy');
    expect(response.body.status).toBe('draft');
    expect(response.body.version).toBeNull();
    expect(response.body.artifactRepositoryId).toBe(source.artifactRepositoryId);
    expect(response.body.spec).toEqual(source.spec);
    expect(response.body.description).toBe(source.description);
    expect(response.body.type).toBe(source.type);
    expect(response.body.createdAt > source.createdAt).toBe(true);

    const repository = await fake.get(`/api/v2/artifactRepositories/${source.artifactRepositoryId}`);
    expect(repository.body.numArtifacts).toBe(2);
  });

  it('makes an editable copy of a locked artifact', async () => {
    const clone = await fake.post(`/api/v2/artifacts/${DEFAULT_IDS.nimLocked}/clone`, { name: 'editable' });
    const edited = await fake.patch(`/api/v2/artifacts/${clone.body.id}`, { description: 'changed' });

    expect(clone.status).toBe(200);
    expect(clone.body.status).toBe('draft');
    expect(clone.body.spec.storage).toEqual({ mode: 'nimCache' });
    expect(edited.status).toBe(200);
    const original = await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.nimLocked}`);
    expect(original.body.status).toBe('locked');
    expect(original.body.description).toBe('NIM serving Llama 3 8B Instruct on one GPU.');
  });

  it('does not copy tags', async () => {
    const clone = await fake.post(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}/clone`, { name: 'untagged' });

    expect(clone.body.tags).toEqual([]);
  });

  it('requires a name', async () => {
    const before = await observableState(fake);
    const response = await fake.post(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}/clone`, {});

    expect(response.status).toBe(422);
    expect(response.body.detail).toEqual([
      expect.objectContaining({ path: 'name', code: 'missing', loc: ['body', 'name'], type: 'missing' }),
    ]);
    expect(await observableState(fake)).toEqual(before);
  });

  it('answers 404 for an unknown source', async () => {
    const response = await fake.post('/api/v2/artifacts/ffffffffffffffffffffffff/clone', { name: 'x' });

    expect(response.status).toBe(404);
  });

  it('creates a copy deletable as a draft', async () => {
    const clone = await fake.post(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}/clone`, { name: 'temp' });
    const deleted = await fake.delete(`/api/v2/artifacts/${clone.body.id}`);

    expect(deleted.status).toBe(204);
  });

  it('leaves the source spec independent', async () => {
    const clone = await fake.post(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}/clone`, { name: 'independent' });
    await fake.patch(`/api/v2/artifacts/${clone.body.id}`, { spec: serviceSpec('other:1') });
    const source = await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`);

    expect(source.body.spec.containerGroups[0].containers).toHaveLength(2);
  });
});
