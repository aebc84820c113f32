import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, makeFake, observableState, serviceSpec, type TestFake } from '../helpers/fake.js';

const NIM_SPEC = {
  storage: { mode: 'nimCache' },
  containerGroups: [{ containers: [{ name: 'nim', imageUri: 'nvcr.io/nim/model:1', port: 8000, primary: true }] }],
};

describe('createArtifact', () => {
  let fake: TestFake;
  beforeEach(() => {
    fake = makeFake();
  });

  it('creates a draft without version', async () => {
    const response = await fake.post('/api/v2/artifacts/', { name: 'svc', description: 'first', spec: serviceSpec() });

    expect(response.status).toBe(201);
    expect(response.body.status).toBe('draft');
    expect(response.body.version).toBeNull();
    expect(response.body.type).toBe('service');
    expect(response.body.spec.type).toBe('service');
    expect(response.body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(response.body.creator.id).toBe(DEFAULT_IDS.user);

    const fetched = await fake.get(`/api/v2/artifacts/${response.body.id}/`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(response.body);
  });

  it('opens a repository named after it', async () => {
    const created = await fake.post('/api/v2/artifacts/', { name: 'fresh-repo', spec: serviceSpec() });
    const repository = await fake.get(`/api/v2/artifactRepositories/${created.body.artifactRepositoryId}`);

    expect(repository.status).toBe(200);
    expect(repository.body.name).toBe('fresh-repo');
    expect(repository.body.type).toBe('service');
    expect(repository.body.numArtifacts).toBe(1);
    expect(repository.body.lastVersionNumber).toBe(0);
  });

  it('opens a new repository each time', async () => {
    const first = await fake.post('/api/v2/artifacts/', { name: 'same', spec: serviceSpec() });
    const second = await fake.post('/api/v2/artifacts/', { name: 'same', spec: serviceSpec() });

    expect(second.body.artifactRepositoryId).not.toBe(first.body.artifactRepositoryId);
  });

  it('joins an existing repository', async () => {
    const response = await fake.post('/api/v2/artifacts/', {
      name: 'payments-api',
      spec: serviceSpec(),
      artifactRepositoryId: DEFAULT_IDS.paymentsRepository,
    });

    expect(response.status).toBe(201);
    expect(response.body.artifactRepositoryId).toBe(DEFAULT_IDS.paymentsRepository);
    const repository = await fake.get(`/api/v2/artifactRepositories/${DEFAULT_IDS.paymentsRepository}`);
    expect(repository.body.numArtifacts).toBe(4);
  });

  it('creates a repository for an unknown id', async () => {
    const repositoryId = 'abcdefabcdefabcdefabcdef';
    const response = await fake.post('/api/v2/artifacts/', { name: 'seeded', spec: serviceSpec(), artifactRepositoryId: repositoryId });

    expect(response.status).toBe(201);
    expect(response.body.artifactRepositoryId).toBe(repositoryId);
    const repository = await fake.get(`/api/v2/artifactRepositories/${repositoryId}`);
    expect(repository.status).toBe(200);
    expect(repository.body.name).toBe('seeded');
  });

  it('rejects a repository id that is not hex', async () => {
    const before = await observableState(fake);
    const response = await fake.post('/api/v2/artifacts/', { name: 'x', spec: serviceSpec(), artifactRepositoryId: 'not-an-id' });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].path).toBe('artifactRepositoryId');
    expect(await observableState(fake)).toEqual(before);
  });

  it('rejects joining a repository of another type', async () => {
    const before = await observableState(fake);
    const response = await fake.post('/api/v2/artifacts/', {
      name: 'wrong',
      spec: serviceSpec(),
      artifactRepositoryId: DEFAULT_IDS.nimRepository,
    });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].loc).toEqual(['body', 'artifactRepositoryId']);
    expect(response.body.detail[0].msg).toContain("Artifact repository type 'nim' does not match artifact type 'service'");
    expect(await observableState(fake)).toEqual(before);
  });

  it('creates a locked artifact when asked', async () => {
    const response = await fake.post('/api/v2/artifacts/', {
      name: 'payments-api',
      status: 'locked',
      spec: serviceSpec(),
      artifactRepositoryId: DEFAULT_IDS.paymentsRepository,
    });

    expect(response.status).toBe(201);
    expect(response.body.status).toBe('locked');
    expect(response.body.version).toBe(3);
    const repository = await fake.get(`/api/v2/artifactRepositories/${DEFAULT_IDS.paymentsRepository}`);
    expect(repository.body.lastVersionNumber).toBe(3);
  });

  it('locks at version 1 in a new repository', async () => {
    const response = await fake.post('/api/v2/artifacts/', { name: 'v1', status: 'locked', spec: serviceSpec() });

    expect(response.body.version).toBe(1);
  });

  it('creates a NIM artifact from the top-level type', async () => {
    const response = await fake.post('/api/v2/artifacts/', { name: 'nim', type: 'nim', spec: NIM_SPEC });

    expect(response.status).toBe(201);
    expect(response.body.type).toBe('nim');
    expect(response.body.spec.type).toBe('nim');
    expect(response.body.spec.storage).toEqual({ mode: 'nimCache' });
  });

  it('takes the type from spec.type alone', async () => {
    const response = await fake.post('/api/v2/artifacts/', { name: 'nim', spec: { ...NIM_SPEC, type: 'nim' } });

    expect(response.status).toBe(201);
    expect(response.body.type).toBe('nim');
  });

  it('accepts spec.type equal to type', async () => {
    const response = await fake.post('/api/v2/artifacts/', { name: 's', type: 'service', spec: { ...serviceSpec(), type: 'service' } });

    expect(response.status).toBe(201);
  });

  it('rejects spec.type that contradicts type', async () => {
    const response = await fake.post('/api/v2/artifacts/', { name: 's', type: 'service', spec: { ...NIM_SPEC, type: 'nim' } });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].path).toBe('spec.type');
  });

  it('rejects NIM storage on a service', async () => {
    const response = await fake.post('/api/v2/artifacts/', { name: 's', spec: NIM_SPEC });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].path).toBe('spec.storage');
    expect(response.body.detail[0].code).toBe('extra_forbidden');
  });

  it('requires imageUri without imageBuildConfig', async () => {
    const before = await observableState(fake);
    const response = await fake.post('/api/v2/artifacts/', {
      name: 'no-image',
      spec: { containerGroups: [{ containers: [{ name: 'app', port: 8080, primary: true }] }] },
    });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].path).toBe('spec.containerGroups.0.containers.0.imageUri');
    expect(await observableState(fake)).toEqual(before);
  });

  it('fills container defaults', async () => {
    const response = await fake.post('/api/v2/artifacts/', {
      name: 'defaults',
      spec: { containerGroups: [{ containers: [{ imageUri: 'nginx:latest', environmentVars: [{ name: 'A', value: '1' }] }] }] },
    });
    const container = response.body.spec.containerGroups[0].containers[0];

    expect(response.body.spec.containerGroups[0].name).toBe('default');
    expect(container.primary).toBe(false);
    expect(container.description).toBe('');
    expect(container.environmentVars[0].source).toBe('string');
    expect(response.body.description).toBe('');
  });

  it('drops server-managed build info', async () => {
    const response = await fake.post('/api/v2/artifacts/', {
      name: 'build',
      spec: {
        containerGroups: [
          {
            containers: [
              { imageUri: 'nginx', build: { artifactImageBuildId: 'b', status: 'COMPLETED', createdAt: '2026-01-01T00:00:00Z' } },
            ],
          },
        ],
      },
    });

    expect(response.status).toBe(201);
    expect(response.body.spec.containerGroups[0].containers[0].build).toBeUndefined();
  });

  it('rejects a lock before the image is built', async () => {
    const before = await observableState(fake);
    const response = await fake.post('/api/v2/artifacts/', {
      name: 'from-source',
      status: 'locked',
      spec: {
        containerGroups: [
          {
            containers: [
              {
                name: 'agent',
                imageBuildConfig: { codeRef: { datarobot: { catalogId: 'c', catalogVersionId: 'v' } } },
              },
            ],
          },
        ],
      },
    });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].msg).toContain('imageBuildConfig is set but imageUri is not populated');
    expect(await observableState(fake)).toEqual(before);
  });

  it('allows duplicate names', async () => {
    const first = await fake.post('/api/v2/artifacts/', { name: 'twin', spec: serviceSpec() });
    const second = await fake.post('/api/v2/artifacts/', { name: 'twin', spec: serviceSpec() });

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
  });

  it('reports every problem of a bad body', async () => {
    const response = await fake.post('/api/v2/artifacts/', { name: '', spec: { containerGroups: 'none' }, color: 'red' });
    const paths = response.body.detail.map((item: { path: string }) => item.path).sort();

    expect(response.status).toBe(422);
    expect(paths).toEqual(['color', 'name', 'spec.containerGroups']);
  });

  it('answers 404 for an unknown artifact', async () => {
    const response = await fake.get('/api/v2/artifacts/ffffffffffffffffffffffff');

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Artifact not found' });
  });
});
