import request, { type Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDS, makeFake, observableState, serviceSpec, TEST_TOKEN, type TestFake } from '../helpers/fake.js';

/** A second user, added to the store by the tests that need someone to share with. */
const SECOND_USER = {
  id: '65f000000000000000000002',
  username: 'eli@example.com',
  email: 'eli@example.com',
  fullName: 'Eli Example',
  token: 'eli-token',
};

/** Returns the four forms of a spec path the fake serves: with or without `/api/v2` and a trailing slash. */
function pathForms(barePath: string): string[] {
  return [`/api/v2${barePath}/`, `/api/v2${barePath}`, `${barePath}/`, barePath];
}

/** Asserts that every item of a 422 body carries both the schema's and the live service's fields. */
function expectBothItemShapes(response: Response): void {
  expect(Array.isArray(response.body.detail)).toBe(true);
  expect(response.body.detail.length).toBeGreaterThan(0);
  for (const item of response.body.detail) {
    expect(Array.isArray(item.loc)).toBe(true);
    expect(typeof item.msg).toBe('string');
    expect(typeof item.type).toBe('string');
    expect(typeof item.path).toBe('string');
    expect(typeof item.message).toBe('string');
    expect(typeof item.code).toBe('string');
  }
}

interface OperationCase {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: unknown;
  status: number;
  /** Checks the body and, for writes, the store after one successful call. */
  check(fake: TestFake, response: Response): void;
}

const SHARE_WITH_SECOND_USER = {
  operation: 'updateRoles',
  roles: [{ username: SECOND_USER.username, role: 'READ_ONLY', shareRecipientType: 'user' }],
};

const STATEFUL_OPERATIONS: OperationCase[] = [
  {
    operationId: 'listArtifactRepositories',
    method: 'get',
    path: '/artifactRepositories',
    status: 200,
    check: (_fake, response) => expect(response.body.totalCount).toBe(4),
  },
  {
    operationId: 'getArtifactRepository',
    method: 'get',
    path: `/artifactRepositories/${DEFAULT_IDS.paymentsRepository}`,
    status: 200,
    check: (_fake, response) => expect(response.body.id).toBe(DEFAULT_IDS.paymentsRepository),
  },
  {
    operationId: 'deleteArtifactRepository',
    method: 'delete',
    path: `/artifactRepositories/${DEFAULT_IDS.batchRepository}`,
    status: 204,
    check: (fake) => expect(fake.backend.state.repositories.has(DEFAULT_IDS.batchRepository)).toBe(false),
  },
  {
    operationId: 'listArtifactRepositorySharedRoles',
    method: 'get',
    path: `/artifactRepositories/${DEFAULT_IDS.paymentsRepository}/sharedRoles`,
    status: 200,
    check: (_fake, response) => expect(response.body.data[0].role).toBe('OWNER'),
  },
  {
    operationId: 'updateArtifactRepositorySharedRoles',
    method: 'patch',
    path: `/artifactRepositories/${DEFAULT_IDS.paymentsRepository}/sharedRoles`,
    body: SHARE_WITH_SECOND_USER,
    status: 204,
    check: (fake) => expect(fake.backend.state.repositoryGrants.get(DEFAULT_IDS.paymentsRepository)?.length).toBe(1),
  },
  {
    operationId: 'listArtifacts',
    method: 'get',
    path: '/artifacts',
    status: 200,
    check: (_fake, response) => expect(response.body.totalCount).toBe(7),
  },
  {
    operationId: 'createArtifact',
    method: 'post',
    path: '/artifacts',
    body: { name: 'created-by-path-test', spec: serviceSpec() },
    status: 201,
    check: (fake, response) => expect(fake.backend.state.artifacts.get(response.body.id)?.name).toBe('created-by-path-test'),
  },
  {
    operationId: 'getArtifact',
    method: 'get',
    path: `/artifacts/${DEFAULT_IDS.paymentsV1}`,
    status: 200,
    check: (_fake, response) => expect(response.body.id).toBe(DEFAULT_IDS.paymentsV1),
  },
  {
    operationId: 'updateArtifact',
    method: 'put',
    path: `/artifacts/${DEFAULT_IDS.paymentsDraft}`,
    body: { name: 'replaced', spec: serviceSpec() },
    status: 200,
    check: (fake) => expect(fake.backend.state.artifacts.get(DEFAULT_IDS.paymentsDraft)?.name).toBe('replaced'),
  },
  {
    operationId: 'patchArtifact',
    method: 'patch',
    path: `/artifacts/${DEFAULT_IDS.paymentsDraft}`,
    body: { name: 'patched' },
    status: 200,
    check: (fake) => expect(fake.backend.state.artifacts.get(DEFAULT_IDS.paymentsDraft)?.name).toBe('patched'),
  },
  {
    operationId: 'deleteArtifact',
    method: 'delete',
    path: `/artifacts/${DEFAULT_IDS.paymentsDraft}`,
    status: 204,
    check: (fake) => expect(fake.backend.state.artifacts.has(DEFAULT_IDS.paymentsDraft)).toBe(false),
  },
  {
    operationId: 'cloneArtifact',
    method: 'post',
    path: `/artifacts/${DEFAULT_IDS.paymentsV1}/clone`,
    body: { name: 'cloned' },
    status: 200,
    check: (fake, response) => expect(fake.backend.state.artifacts.get(response.body.id)?.name).toBe('cloned'),
  },
  {
    operationId: 'listArtifactSharedRoles',
    method: 'get',
    path: `/artifacts/${DEFAULT_IDS.paymentsV1}/sharedRoles`,
    status: 200,
    check: (_fake, response) => expect(response.body.data[0].role).toBe('OWNER'),
  },
  {
    operationId: 'updateArtifactSharedRoles',
    method: 'patch',
    path: `/artifacts/${DEFAULT_IDS.paymentsV1}/sharedRoles`,
    body: SHARE_WITH_SECOND_USER,
    status: 204,
    check: (fake) => expect(fake.backend.state.artifactGrants.get(DEFAULT_IDS.paymentsV1)?.length).toBe(1),
  },
];

describe('path forms', () => {
  it('cover all 14 stateful operations', () => {
    expect(new Set(STATEFUL_OPERATIONS.map((operation) => operation.operationId)).size).toBe(14);
  });

  for (const operation of STATEFUL_OPERATIONS) {
    it(`${operation.operationId} serves every path form`, async () => {
      for (const path of pathForms(operation.path)) {
        const fake = makeFake();
        fake.backend.state.addUser({ ...SECOND_USER });

        const response =
          operation.method === 'get'
            ? await fake.get(path)
            : await fake[operation.method](path, operation.body);

        expect(response.status, `${operation.method.toUpperCase()} ${path}`).toBe(operation.status);
        operation.check(fake, response);
      }
    });
  }
});

describe('authentication', () => {
  it('missing header returns 401', async () => {
    const fake = makeFake();
    const before = await observableState(fake);

    const response = await fake.post('/api/v2/artifacts/', { name: 'anonymous', spec: serviceSpec() }, null);

    expect(response.status).toBe(401);
    expect(typeof response.body.message).toBe('string');
    expect(response.body.message).toContain('Authorization');
    expect(await observableState(fake)).toEqual(before);
  });

  it('non-Bearer header returns 401', async () => {
    const fake = makeFake();
    const before = await observableState(fake);

    const response = await request(fake.app)
      .post('/api/v2/artifacts/')
      .set('Authorization', `Basic ${Buffer.from('dana:secret').toString('base64')}`)
      .send({ name: 'basic-auth', spec: serviceSpec() });

    expect(response.status).toBe(401);
    expect(typeof response.body.message).toBe('string');
    expect(await observableState(fake)).toEqual(before);
  });

  it('bare Bearer scheme returns 401', async () => {
    const fake = makeFake();

    const response = await request(fake.app).get('/api/v2/artifacts/').set('Authorization', 'Bearer');

    expect(response.status).toBe(401);
    expect(typeof response.body.message).toBe('string');
  });

  it('unknown token acts as default user', async () => {
    const fake = makeFake();

    const response = await fake.post('/api/v2/artifacts/', { name: 'by-stranger', spec: serviceSpec() }, 'no-user-has-this-token');

    expect(response.status).toBe(201);
    expect(response.body.creator.id).toBe(DEFAULT_IDS.user);
    expect(fake.backend.state.artifacts.get(response.body.id)?.creatorId).toBe(DEFAULT_IDS.user);
  });

  it('known token acts as its user', async () => {
    const fake = makeFake();
    fake.backend.state.addUser({ ...SECOND_USER });

    const response = await fake.post('/api/v2/artifacts/', { name: 'by-eli', spec: serviceSpec() }, SECOND_USER.token);

    expect(response.status).toBe(201);
    expect(response.body.creator.id).toBe(SECOND_USER.id);
  });

  it('auth off needs no header', async () => {
    const fake = makeFake({ auth: false });

    const response = await fake.post('/api/v2/artifacts/', { name: 'no-auth', spec: serviceSpec() }, null);

    expect(response.status).toBe(201);
    expect(response.body.creator.id).toBe(DEFAULT_IDS.user);
    expect(fake.backend.state.artifacts.has(response.body.id)).toBe(true);
  });
});

describe('routing errors', () => {
  it('unknown path returns 404', async () => {
    const fake = makeFake();

    const response = await fake.get('/api/v2/no-such-collection/');

    expect(response.status).toBe(404);
    expect(typeof response.body.detail).toBe('string');
  });

  it('unknown artifact id returns 404', async () => {
    const fake = makeFake();

    const response = await fake.get('/api/v2/artifacts/65f0000000000000000000ff/');

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Artifact not found' });
  });

  it('wrong method returns 405', async () => {
    const fake = makeFake();
    const before = await observableState(fake);

    const response = await fake.put('/api/v2/artifacts/', { name: 'put-on-collection', spec: serviceSpec() });

    expect(response.status).toBe(405);
    expect(typeof response.body.detail).toBe('string');
    const allowed = String(response.headers.allow).split(/,\s*/);
    expect(allowed).toContain('GET');
    expect(allowed).toContain('POST');
    expect(allowed).not.toContain('PUT');
    expect(await observableState(fake)).toEqual(before);
  });

  it('OPTIONS returns 204 with Allow', async () => {
    const fake = makeFake();

    const response = await request(fake.app).options(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}/`);

    expect(response.status).toBe(204);
    const allowed = String(response.headers.allow).split(/,\s*/);
    expect(allowed).toContain('GET');
    expect(allowed).toContain('PUT');
    expect(allowed).toContain('PATCH');
    expect(allowed).toContain('DELETE');
    expect(allowed).toContain('OPTIONS');
    expect(response.text).toBe('');
  });

  it('operation without state is generated', async () => {
    const fake = makeFake();

    const response = await fake.get('/api/v2/workloads/stats/');

    expect(response.status).toBe(200);
    expect(response.headers['x-fake-source']).toBe('generated');
    expect(fake.contract.operation('listWorkloadsStats').checkResponse(200, response.body)).toEqual([]);
  });
});

describe('request validation', () => {
  it('malformed JSON returns 422', async () => {
    const fake = makeFake();
    const before = await observableState(fake);

    const response = await request(fake.app)
      .post('/api/v2/artifacts/')
      .set('Authorization', `Bearer ${TEST_TOKEN}`)
      .set('Content-Type', 'application/json')
      .send('{"name": "half-written", ');

    expect(response.status).toBe(422);
    expect(response.body.detail).toHaveLength(1);
    expect(response.body.detail[0].loc).toEqual(['body']);
    expectBothItemShapes(response);
    expect(await observableState(fake)).toEqual(before);
  });

  it('missing body returns 422', async () => {
    const fake = makeFake();
    const before = await observableState(fake);

    const response = await fake.post('/api/v2/artifacts/');

    expect(response.status).toBe(422);
    expectBothItemShapes(response);
    expect(response.body.detail[0].loc).toEqual(['body']);
    expect(response.body.detail[0].code).toBe('missing');
    expect(await observableState(fake)).toEqual(before);
  });

  it('missing name returns 422', async () => {
    const fake = makeFake();
    const before = await observableState(fake);

    const response = await fake.post('/api/v2/artifacts/', { spec: serviceSpec() });

    expect(response.status).toBe(422);
    expectBothItemShapes(response);
    const item = response.body.detail.find((entry: { path: string }) => entry.path === 'name');
    expect(item).toBeDefined();
    expect(item.code).toBe('missing');
    expect(item.loc).toEqual(['body', 'name']);
    expect(await observableState(fake)).toEqual(before);
  });

  it('empty name returns 422', async () => {
    const fake = makeFake();
    const before = await observableState(fake);

    const response = await fake.post('/api/v2/artifacts/', { name: '', spec: serviceSpec() });

    expect(response.status).toBe(422);
    expectBothItemShapes(response);
    const paths = response.body.detail.map((entry: { path: string }) => entry.path);
    expect(paths).toContain('name');
    expect(await observableState(fake)).toEqual(before);
  });

  it('unknown top-level field returns 422', async () => {
    const fake = makeFake();
    const before = await observableState(fake);

    const response = await fake.post('/api/v2/artifacts/', { name: 'extra-field', spec: serviceSpec(), colour: 'red' });

    expect(response.status).toBe(422);
    expectBothItemShapes(response);
    const paths = response.body.detail.map((entry: { path: string }) => entry.path);
    expect(paths).toContain('colour');
    expect(await observableState(fake)).toEqual(before);
  });

  it('limit above 100 returns 422', async () => {
    const fake = makeFake();

    const response = await fake.get('/api/v2/artifacts/?limit=101');

    expect(response.status).toBe(422);
    expectBothItemShapes(response);
    expect(response.body.detail[0].loc).toEqual(['query', 'limit']);
  });

  it('limit of 100 is accepted', async () => {
    const fake = makeFake();

    const response = await fake.get('/api/v2/artifacts/?limit=100');

    expect(response.status).toBe(200);
    expect(response.body.count).toBe(7);
  });
});

describe('DELETE bodies', () => {
  const cases: Array<{ name: string; send(pending: request.Test): request.Test }> = [
    { name: 'no body', send: (pending) => pending },
    { name: 'empty object', send: (pending) => pending.set('Content-Type', 'application/json').send('{}') },
    { name: 'JSON null', send: (pending) => pending.set('Content-Type', 'application/json').send('null') },
  ];

  for (const { name, send } of cases) {
    it(`DELETE accepts ${name}`, async () => {
      const fake = makeFake();

      const pending = request(fake.app)
        .delete(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}/`)
        .set('Authorization', `Bearer ${TEST_TOKEN}`);
      const response = await send(pending);

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(fake.backend.state.artifacts.has(DEFAULT_IDS.paymentsDraft)).toBe(false);
      expect((await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}/`)).status).toBe(404);
    });
  }
});

describe('response validation', () => {
  it('strict mode returns 500', async () => {
    const fake = makeFake();
    const stored = fake.backend.state.artifacts.get(DEFAULT_IDS.paymentsV1);
    expect(stored).toBeDefined();
    (stored as unknown as { name: unknown }).name = 42;

    const response = await request(fake.app)
      .get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}/`)
      .set('Authorization', `Bearer ${TEST_TOKEN}`);

    expect(response.status).toBe(500);
    expect(typeof response.body.detail).toBe('string');
    expect(response.body.detail).toContain('getArtifact');
  });

  it('warn mode passes response through', async () => {
    const fake = makeFake({ responseValidation: 'warn' });
    const stored = fake.backend.state.artifacts.get(DEFAULT_IDS.paymentsV1);
    expect(stored).toBeDefined();
    (stored as unknown as { name: unknown }).name = 42;

    const response = await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}/`);

    expect(response.status).toBe(200);
    expect(response.body.name).toBe(42);
    expect(response.body.id).toBe(DEFAULT_IDS.paymentsV1);
  });

  it('valid entity passes strict mode', async () => {
    const fake = makeFake();

    const response = await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}/`);

    expect(response.status).toBe(200);
    expect(response.body.name).toBe('payments-api');
  });
});
