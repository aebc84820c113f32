import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDS, makeFake, observableState, serviceSpec, type TestFake } from '../helpers/fake.js';

const SOURCE = `/api/v2/artifacts/${DEFAULT_IDS.sourceDraft}`;

async function trigger(fake: TestFake): Promise<string> {
  const response = await fake.post(`${SOURCE}/builds/`, {});
  expect(response.status).toBe(202);
  return response.body.buildIds[0];
}

function logLines(text: string): Array<Record<string, string>> {
  return text.trim().split('\n').map((line) => JSON.parse(line));
}

describe('build lifecycle', () => {
  it('polls through to a lock', async () => {
    const fake = makeFake();
    const lockedEarly = await fake.patch(SOURCE, { status: 'locked' });
    const buildId = await trigger(fake);

    const statuses: string[] = [];
    for (let poll = 0; poll < 4; poll += 1) statuses.push((await fake.get(`${SOURCE}/builds/${buildId}`)).body.status);
    const artifact = await fake.get(SOURCE);
    const locked = await fake.patch(SOURCE, { status: 'locked' });

    expect(lockedEarly.status).toBe(422);
    expect(statuses).toEqual(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'COMPLETED']);
    expect(artifact.body.spec.containerGroups[0].containers[0].imageUri).toContain(buildId);
    expect(artifact.body.spec.containerGroups[0].containers[0].build).toEqual(
      expect.objectContaining({ artifactImageBuildId: buildId, status: 'COMPLETED' }),
    );
    expect(locked.status).toBe(200);
    expect(locked.body.version).toBe(1);
  });

  it('records the build on its container', async () => {
    const fake = makeFake();
    const buildId = await trigger(fake);
    const artifact = await fake.get(SOURCE);

    expect(artifact.body.spec.containerGroups[0].containers[0].build.status).toBe('PENDING');
    expect(artifact.body.spec.containerGroups[0].containers[0].build.artifactImageBuildId).toBe(buildId);
  });

  it('accepts no body, {} and null', async () => {
    const fake = makeFake();
    const none = await request(fake.app).post(`${SOURCE}/builds`).set('Authorization', 'Bearer default-token');
    const empty = await fake.post(`${SOURCE}/builds`, {});
    const literal = await request(fake.app)
      .post(`${SOURCE}/builds`)
      .set('Authorization', 'Bearer default-token')
      .set('Content-Type', 'application/json')
      .send('null');

    expect(none.status).toBe(202);
    expect(empty.status).toBe(202);
    expect(literal.status).toBe(202);
  });

  it('grows the log with the status', async () => {
    const fake = makeFake();
    const buildId = await trigger(fake);
    const pending = await fake.get(`${SOURCE}/builds/${buildId}/logs`);
    await fake.get(`${SOURCE}/builds/${buildId}`);
    await fake.get(`${SOURCE}/builds/${buildId}`);
    await fake.get(`${SOURCE}/builds/${buildId}`);
    const done = await fake.get(`${SOURCE}/builds/${buildId}/logs`);

    expect(pending.headers['content-type']).toContain('text/plain');
    expect(logLines(pending.text)).toHaveLength(1);
    expect(logLines(done.text).length).toBeGreaterThan(3);
    expect(Object.keys(logLines(done.text)[0]).sort()).toEqual(['asctime', 'build_id', 'levelname', 'message', 'name']);
    expect(logLines(done.text).at(-1)?.message).toBe('Build completed');
  });

  it('fails when the plan says so', async () => {
    const fake = makeFake();
    const plan = await request(fake.app).put('/_fake/builds/plan').send({ pollsPerStep: 2, outcome: 'FAILED' });
    const buildId = await trigger(fake);

    const statuses: string[] = [];
    for (let poll = 0; poll < 5; poll += 1) statuses.push((await fake.get(`${SOURCE}/builds/${buildId}`)).body.status);
    const log = await fake.get(`${SOURCE}/builds/${buildId}/logs`);
    const lock = await fake.patch(SOURCE, { status: 'locked' });

    expect(plan.status).toBe(200);
    expect(statuses).toEqual(['PENDING', 'PENDING', 'IN_PROGRESS', 'IN_PROGRESS', 'FAILED']);
    expect(logLines(log.text).at(-1)?.levelname).toBe('ERROR');
    expect(lock.status).toBe(422);
  });

  it('cancels when the plan says so', async () => {
    const fake = makeFake();
    await request(fake.app).put('/_fake/builds/plan').send({ outcome: 'CANCELLED' });
    const buildId = await trigger(fake);
    await fake.get(`${SOURCE}/builds/${buildId}`);
    await fake.get(`${SOURCE}/builds/${buildId}`);
    const final = await fake.get(`${SOURCE}/builds/${buildId}`);
    const artifact = await fake.get(SOURCE);

    expect(final.body.status).toBe('CANCELLED');
    expect(artifact.body.spec.containerGroups[0].containers[0].imageUri).toBeUndefined();
  });

  it('rejects a bad plan', async () => {
    const fake = makeFake();
    const response = await request(fake.app).put('/_fake/builds/plan').send({ outcome: 'EXPLODED' });
    const plan = await request(fake.app).get('/_fake/builds/plan');

    expect(response.status).toBe(422);
    expect(response.body.detail).toContain('outcome');
    expect(plan.body).toEqual({ pollsPerStep: 1, outcome: 'COMPLETED' });
  });

  it('takes the plan from a scenario', async () => {
    const fake = makeFake();
    const snapshot = (await request(fake.app).get('/_fake/state')).body;
    const restored = await request(fake.app).put('/_fake/state').send({ ...snapshot, buildPlan: { pollsPerStep: 1, outcome: 'FAILED' } });
    const buildId = await trigger(fake);
    await fake.get(`${SOURCE}/builds/${buildId}`);
    await fake.get(`${SOURCE}/builds/${buildId}`);
    const final = await fake.get(`${SOURCE}/builds/${buildId}`);

    expect(restored.status).toBe(200);
    expect(final.body.status).toBe('FAILED');
  });

  it('lists builds newest first', async () => {
    const fake = makeFake({ clock: '2026-06-01T00:00:00Z' });
    const first = await trigger(fake);
    const second = await trigger(fake);
    const list = await fake.get(`${SOURCE}/builds/?limit=1`);

    expect(list.status).toBe(200);
    expect(list.body.totalCount).toBe(2);
    expect(list.body.data[0].id).toBe(second);
    expect(list.body.next).toContain('offset=1');
    expect(first).not.toBe(second);
  });
});

describe('build rules', () => {
  it('rejects building a locked artifact', async () => {
    const fake = makeFake();
    const response = await fake.post(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}/builds`);

    expect(response.status).toBe(422);
    expect(response.body.detail[0].msg).toContain('locked');
  });

  it('rejects a draft with nothing to build', async () => {
    const fake = makeFake();
    const before = await observableState(fake);
    const response = await fake.post(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}/builds`);

    expect(response.status).toBe(422);
    expect(response.body.detail[0].msg).toContain('nothing to build');
    expect(await observableState(fake)).toEqual(before);
  });

  it('requires a codeRef', async () => {
    const fake = makeFake();
    const created = await fake.post('/api/v2/artifacts/', {
      name: 'no-source',
      spec: { containerGroups: [{ containers: [{ name: 'agent', imageBuildConfig: {} }] }] },
    });
    const response = await fake.post(`/api/v2/artifacts/${created.body.id}/builds`);

    expect(response.status).toBe(422);
    expect(response.body.detail[0].msg).toContain('codeRef');
  });

  it('answers 404 for an unknown build', async () => {
    const fake = makeFake();
    const response = await fake.get(`${SOURCE}/builds/ffffffffffffffffffffffff`);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Build not found' });
  });

  it('drops builds with their artifact', async () => {
    const fake = makeFake();
    const buildId = await trigger(fake);
    await fake.delete(SOURCE);

    expect(fake.backend.state.builds.has(buildId)).toBe(false);
  });

  it('needs CAN_UPDATE to trigger', async () => {
    const fake = makeFake({ scenario: 'shared-artifact' });
    const response = await fake.post('/api/v2/artifacts/65f3000000000000000000b1/builds', undefined, 'reader-token');

    expect(response.status).toBe(403);
  });

  it('keeps snapshots of builds', async () => {
    const fake = makeFake();
    const buildId = await trigger(fake);
    await fake.get(`${SOURCE}/builds/${buildId}`);
    const snapshot = (await request(fake.app).get('/_fake/state')).body;
    await fake.get(`${SOURCE}/builds/${buildId}`);
    await request(fake.app).put('/_fake/state').send(snapshot);
    const again = await fake.get(`${SOURCE}/builds/${buildId}`);

    expect(again.body.status).toBe('IN_PROGRESS');
  });

  it('serve plain images without builds', async () => {
    const fake = makeFake();
    const created = await fake.post('/api/v2/artifacts/', { name: 'plain', spec: serviceSpec() });
    const list = await fake.get(`/api/v2/artifacts/${created.body.id}/builds`);

    expect(list.status).toBe(200);
    expect(list.body.totalCount).toBe(0);
  });
});
