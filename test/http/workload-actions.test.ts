import { describe, expect, it } from 'vitest';
import { DEFAULT_IDS, makeFake, type TestFake } from '../helpers/fake.js';

async function workloadOn(fake: TestFake, artifactId: string): Promise<string> {
  const response = await fake.post('/api/v2/workloads/', { name: 'actions', artifactId });
  expect(response.status).toBe(201);
  return response.body.id;
}

describe('workload actions', () => {
  it('promote locks the draft', async () => {
    const fake = makeFake();
    const workloadId = await workloadOn(fake, DEFAULT_IDS.paymentsDraft);
    const promoted = await fake.post(`/api/v2/workloads/${workloadId}/promote`);
    const artifact = await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}`);

    expect(promoted.status).toBe(202);
    expect(promoted.body.artifact.status).toBe('locked');
    expect(artifact.body.version).toBe(3);
  });

  it('promote rejects a locked artifact', async () => {
    const fake = makeFake();
    const workloadId = await workloadOn(fake, DEFAULT_IDS.paymentsV1);
    const promoted = await fake.post(`/api/v2/workloads/${workloadId}/promote`);

    expect(promoted.status).toBe(422);
    expect(promoted.body.detail[0].msg).toContain('already locked');
  });

  it('stop then start', async () => {
    const fake = makeFake();
    const workloadId = await workloadOn(fake, DEFAULT_IDS.paymentsV1);
    const stopped = await fake.post(`/api/v2/workloads/${workloadId}/stop`);
    const afterStop = await fake.get(`/api/v2/workloads/${workloadId}`);
    const started = await fake.post(`/api/v2/workloads/${workloadId}/start`);
    const again = await fake.post(`/api/v2/workloads/${workloadId}/start`);

    expect(stopped.status).toBe(202);
    expect(stopped.body).toEqual({ status: 'stopped', workloadId, trackVia: `/api/v2/workloads/${workloadId}/` });
    expect(afterStop.body.status).toBe('stopped');
    expect(started.body.status).toBe('running');
    expect(again.status).toBe(409);
  });

  it('stopped workloads still hold the artifact', async () => {
    const fake = makeFake();
    const workloadId = await workloadOn(fake, DEFAULT_IDS.batchDraft);
    await fake.post(`/api/v2/workloads/${workloadId}/stop`);
    const deleted = await fake.delete(`/api/v2/artifacts/${DEFAULT_IDS.batchDraft}`);

    expect(deleted.status).toBe(409);
  });

  it('update changes name and importance', async () => {
    const fake = makeFake();
    const workloadId = await workloadOn(fake, DEFAULT_IDS.paymentsV1);
    const updated = await fake.patch(`/api/v2/workloads/${workloadId}`, { name: 'renamed', importance: 'critical', description: null });
    const fetched = await fake.get(`/api/v2/workloads/${workloadId}`);

    expect(updated.status).toBe(200);
    expect(fetched.body.name).toBe('renamed');
    expect(fetched.body.importance).toBe('critical');
    expect(fetched.body.description).toBe('');
  });

  it('settings return the runtime', async () => {
    const fake = makeFake();
    const runtime = { containerGroups: [{ name: 'default', replicaCount: 2 }] };
    const created = await fake.post('/api/v2/workloads/', { name: 'with runtime', artifactId: DEFAULT_IDS.paymentsV1, runtime });
    const settings = await fake.get(`/api/v2/workloads/${created.body.id}/settings`);

    expect(settings.status).toBe(200);
    expect(settings.body).toEqual({ runtime });
  });
});
