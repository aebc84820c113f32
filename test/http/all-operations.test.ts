import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDS, makeFake, serviceSpec, TEST_TOKEN, type TestFake } from '../helpers/fake.js';

// One valid request per operation of the spec. Each runs on a fresh default-scenario fake
// with a workload on a draft and a triggered build ready, and must get a declared 2xx
// status whose body passes the operation's response schema: no 500 and no 501 remain.

interface Fixture {
  fake: TestFake;
  workloadId: string;
  buildId: string;
}

type Call = (fixture: Fixture) => { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; body?: unknown };

const roles = { operation: 'updateRoles', roles: [{ id: DEFAULT_IDS.user, role: 'OWNER', shareRecipientType: 'user' }] };

const CALLS: Record<string, Call> = {
  listArtifactRepositories: () => ({ method: 'get', path: '/artifactRepositories/' }),
  deleteArtifactRepository: () => ({ method: 'delete', path: `/artifactRepositories/${DEFAULT_IDS.sourceRepository}` }),
  getArtifactRepository: () => ({ method: 'get', path: `/artifactRepositories/${DEFAULT_IDS.paymentsRepository}` }),
  listArtifactRepositorySharedRoles: () => ({ method: 'get', path: `/artifactRepositories/${DEFAULT_IDS.paymentsRepository}/sharedRoles` }),
  updateArtifactRepositorySharedRoles: () => ({ method: 'patch', path: `/artifactRepositories/${DEFAULT_IDS.paymentsRepository}/sharedRoles`, body: roles }),
  listArtifacts: () => ({ method: 'get', path: '/artifacts/' }),
  createArtifact: () => ({ method: 'post', path: '/artifacts/', body: { name: 'new', spec: serviceSpec() } }),
  deleteArtifact: () => ({ method: 'delete', path: `/artifacts/${DEFAULT_IDS.paymentsDraft}` }),
  getArtifact: () => ({ method: 'get', path: `/artifacts/${DEFAULT_IDS.paymentsV1}` }),
  patchArtifact: () => ({ method: 'patch', path: `/artifacts/${DEFAULT_IDS.paymentsDraft}`, body: { description: 'patched' } }),
  updateArtifact: () => ({ method: 'put', path: `/artifacts/${DEFAULT_IDS.paymentsDraft}`, body: { name: 'replaced', spec: serviceSpec() } }),
  getArtifactBuildList: () => ({ method: 'get', path: `/artifacts/${DEFAULT_IDS.sourceDraft}/builds` }),
  triggerArtifactBuild: () => ({ method: 'post', path: `/artifacts/${DEFAULT_IDS.sourceDraft}/builds` }),
  getArtifactBuild: ({ buildId }) => ({ method: 'get', path: `/artifacts/${DEFAULT_IDS.sourceDraft}/builds/${buildId}` }),
  getArtifactBuildLogs: ({ buildId }) => ({ method: 'get', path: `/artifacts/${DEFAULT_IDS.sourceDraft}/builds/${buildId}/logs` }),
  cloneArtifact: () => ({ method: 'post', path: `/artifacts/${DEFAULT_IDS.paymentsV1}/clone`, body: { name: 'copy' } }),
  listArtifactSharedRoles: () => ({ method: 'get', path: `/artifacts/${DEFAULT_IDS.paymentsV1}/sharedRoles` }),
  updateArtifactSharedRoles: () => ({ method: 'patch', path: `/artifacts/${DEFAULT_IDS.paymentsV1}/sharedRoles`, body: roles }),
  listWorkloads: () => ({ method: 'get', path: '/workloads/' }),
  createWorkload: () => ({ method: 'post', path: '/workloads/', body: { name: 'w', artifactId: DEFAULT_IDS.paymentsV1 } }),
  listWorkloadsStats: () => ({ method: 'get', path: '/workloads/stats' }),
  deleteWorkload: ({ workloadId }) => ({ method: 'delete', path: `/workloads/${workloadId}` }),
  getWorkload: ({ workloadId }) => ({ method: 'get', path: `/workloads/${workloadId}` }),
  updateWorkload: ({ workloadId }) => ({ method: 'patch', path: `/workloads/${workloadId}`, body: { importance: 'high' } }),
  listWorkloadEvents: ({ workloadId }) => ({ method: 'get', path: `/workloads/${workloadId}/events` }),
  listWorkloadArtifactHistory: ({ workloadId }) => ({ method: 'get', path: `/workloads/${workloadId}/history` }),
  promoteWorkloadArtifact: ({ workloadId }) => ({ method: 'post', path: `/workloads/${workloadId}/promote` }),
  listWorkloadProtons: ({ workloadId }) => ({ method: 'get', path: `/workloads/${workloadId}/protons` }),
  getWorkloadProton: ({ workloadId }) => ({ method: 'get', path: `/workloads/${workloadId}/protons/65f0000000000000000000d1` }),
  getWorkloadProtonStatusDetails: ({ workloadId }) => ({ method: 'get', path: `/workloads/${workloadId}/protons/65f0000000000000000000d1/statusDetails` }),
  getWorkloadRelatedEntities: ({ workloadId }) => ({ method: 'get', path: `/workloads/${workloadId}/related` }),
  getWorkloadSettings: ({ workloadId }) => ({ method: 'get', path: `/workloads/${workloadId}/settings` }),
  updateWorkloadSettings: ({ workloadId }) => ({ method: 'patch', path: `/workloads/${workloadId}/settings`, body: { runtime: { containerGroups: [] } } }),
  listWorkloadSharedRoles: ({ workloadId }) => ({ method: 'get', path: `/workloads/${workloadId}/sharedRoles` }),
  updateWorkloadSharedRoles: ({ workloadId }) => ({ method: 'patch', path: `/workloads/${workloadId}/sharedRoles`, body: roles }),
  startWorkload: ({ workloadId }) => ({ method: 'post', path: `/workloads/${workloadId}/start` }),
  resetWorkloadStats: ({ workloadId }) => ({ method: 'delete', path: `/workloads/${workloadId}/stats` }),
  getWorkloadStats: ({ workloadId }) => ({ method: 'get', path: `/workloads/${workloadId}/stats` }),
  getWorkloadMetricTimeSeries: ({ workloadId }) => ({ method: 'get', path: `/workloads/${workloadId}/stats/responseTime` }),
  stopWorkload: ({ workloadId }) => ({ method: 'post', path: `/workloads/${workloadId}/stop` }),
};

async function prepare(operationId: string): Promise<Fixture> {
  const fake = makeFake();
  const workload = await fake.post('/api/v2/workloads/', { name: 'fixture', artifactId: DEFAULT_IDS.batchDraft });
  expect(workload.status).toBe(201);
  const build = await fake.post(`/api/v2/artifacts/${DEFAULT_IDS.sourceDraft}/builds`);
  expect(build.status).toBe(202);
  if (operationId === 'startWorkload') await fake.post(`/api/v2/workloads/${workload.body.id}/stop`);
  return { fake, workloadId: workload.body.id, buildId: build.body.buildIds[0] };
}

describe('every operation', () => {
  it('has one call per operationId', () => {
    const fake = makeFake();
    const operationIds = fake.contract.operations.map((operation) => operation.operationId).sort();

    expect(Object.keys(CALLS).sort()).toEqual(operationIds);
    expect(operationIds).toHaveLength(40);
  });

  it.each(Object.keys(CALLS))('%s answers within its contract', async (operationId) => {
    const fixture = await prepare(operationId);
    const call = CALLS[operationId](fixture);
    let pending = request(fixture.fake.app)[call.method](`/api/v2${call.path}`).set('Authorization', `Bearer ${TEST_TOKEN}`);
    if (call.body !== undefined) pending = pending.send(call.body as object);
    const response = await pending;
    const operation = fixture.fake.contract.operation(operationId);

    expect(response.status, JSON.stringify(response.body)).toBeGreaterThanOrEqual(200);
    expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    expect(operation.declaredStatuses).toContain(response.status);
    const body = response.headers['content-type']?.startsWith('application/json') ? response.body : undefined;
    if (body !== undefined) expect(operation.checkResponse(response.status, body)).toEqual([]);
  });
});

describe('generated answers', () => {
  it('carry the generated source header', async () => {
    const { fake, workloadId } = await prepare('getWorkloadStats');
    const response = await request(fake.app).get(`/api/v2/workloads/${workloadId}/stats`).set('Authorization', `Bearer ${TEST_TOKEN}`);

    expect(response.status).toBe(200);
    expect(response.headers['x-fake-source']).toBe('generated');
  });

  it('leave stateful answers unmarked', async () => {
    const fake = makeFake();
    const response = await fake.get('/api/v2/artifacts/');

    expect(response.headers['x-fake-source']).toBeUndefined();
  });

  it('honour Prefer code', async () => {
    const { fake, workloadId } = await prepare('listWorkloadEvents');
    const response = await request(fake.app)
      .get(`/api/v2/workloads/${workloadId}/events`)
      .set('Authorization', `Bearer ${TEST_TOKEN}`)
      .set('Prefer', 'code=404');

    expect(response.status).toBe(404);
    expect(typeof response.body.detail).toBe('string');
  });

  it('reject an undeclared Prefer code', async () => {
    const { fake, workloadId } = await prepare('listWorkloadEvents');
    const response = await request(fake.app)
      .get(`/api/v2/workloads/${workloadId}/events`)
      .set('Authorization', `Bearer ${TEST_TOKEN}`)
      .set('Prefer', 'code=418');

    expect(response.status).toBe(422);
    expect(response.body.detail[0].loc).toEqual(['header', 'Prefer']);
  });

  it('still validate the request first', async () => {
    const { fake, workloadId } = await prepare('updateWorkloadSettings');
    const response = await request(fake.app)
      .patch(`/api/v2/workloads/${workloadId}/settings`)
      .set('Authorization', `Bearer ${TEST_TOKEN}`)
      .send({ runtime: 'fast' });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].path).toBe('runtime');
    expect(response.body.detail[0].code).toBe('dict_type');
  });

  it('are marked in the journal', async () => {
    const { fake, workloadId } = await prepare('getWorkloadStats');
    await request(fake.app).get(`/api/v2/workloads/${workloadId}/stats`).set('Authorization', `Bearer ${TEST_TOKEN}`);
    const journal = await request(fake.app).get('/_fake/journal?operationId=getWorkloadStats');
    const listed = await request(fake.app).get('/_fake/journal?operationId=createWorkload');

    expect(journal.body.entries[0].source).toBe('generated');
    expect(listed.body.entries[0].source).toBe('stateful');
  });

  it('are listed by the operations endpoint', async () => {
    const fake = makeFake();
    const response = await request(fake.app).get('/_fake/operations');
    const byId = Object.fromEntries(response.body.operations.map((item: { operationId: string; source: string }) => [item.operationId, item.source]));

    expect(response.body.operations).toHaveLength(40);
    expect(byId.getArtifact).toBe('stateful');
    expect(byId.getWorkloadStats).toBe('generated');
  });
});
