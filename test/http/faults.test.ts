import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDS, makeFake, TEST_TOKEN } from '../helpers/fake.js';

const ARTIFACT = `/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}`;

function addFault(fake: ReturnType<typeof makeFake>, fault: unknown, namespace = 'default') {
  return request(fake.app).post('/_fake/faults').set('X-Fake-Namespace', namespace).send(fault as object);
}

function get(fake: ReturnType<typeof makeFake>, path: string, namespace = 'default') {
  return request(fake.app).get(path).set('Authorization', `Bearer ${TEST_TOKEN}`).set('X-Fake-Namespace', namespace);
}

describe('fault injection', () => {
  it('answers a chosen status', async () => {
    const fake = makeFake();
    const added = await addFault(fake, { operationId: 'getArtifact', status: 503 });
    const faulted = await get(fake, ARTIFACT);

    expect(added.status).toBe(201);
    expect(faulted.status).toBe(503);
    expect(faulted.body.detail).toContain('Injected fault');
  });

  it('uses the API 422 shape', async () => {
    const fake = makeFake();
    await addFault(fake, { operationId: 'getArtifact', status: 422 });
    const faulted = await get(fake, ARTIFACT);

    expect(faulted.status).toBe(422);
    expect(faulted.body.detail[0]).toEqual(expect.objectContaining({ loc: ['body'], code: 'injected_fault' }));
  });

  it('sends a custom body', async () => {
    const fake = makeFake();
    await addFault(fake, { operationId: 'getArtifact', status: 429, body: { detail: 'slow down' } });
    const faulted = await get(fake, ARTIFACT);

    expect(faulted.body).toEqual({ detail: 'slow down' });
  });

  it('expires after the next N calls', async () => {
    const fake = makeFake();
    await addFault(fake, { operationId: 'getArtifact', status: 500, times: 2 });
    const statuses = [];
    for (let call = 0; call < 3; call += 1) statuses.push((await get(fake, ARTIFACT)).status);
    const listed = await request(fake.app).get('/_fake/faults');

    expect(statuses).toEqual([500, 500, 200]);
    expect(listed.body.faults).toEqual([]);
  });

  it('hits only the named operation', async () => {
    const fake = makeFake();
    await addFault(fake, { operationId: 'listArtifacts', status: 502 });
    const other = await get(fake, ARTIFACT);
    const named = await get(fake, '/api/v2/artifacts/');

    expect(other.status).toBe(200);
    expect(named.status).toBe(502);
  });

  it('hits every operation with a star', async () => {
    const fake = makeFake();
    await addFault(fake, { operationId: '*', status: 503 });

    expect((await get(fake, ARTIFACT)).status).toBe(503);
    expect((await get(fake, '/api/v2/workloads/')).status).toBe(503);
  });

  it('adds fixed latency', async () => {
    const fake = makeFake();
    await addFault(fake, { operationId: 'getArtifact', latencyMs: 150 });
    const started = performance.now();
    const response = await get(fake, ARTIFACT);
    const elapsed = performance.now() - started;

    expect(response.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(140);
  });

  it('repeats a seeded probability', async () => {
    async function pattern(): Promise<number[]> {
      const fake = makeFake();
      await addFault(fake, { operationId: 'getArtifact', status: 503, probability: 0.5, seed: 99 });
      const statuses = [];
      for (let call = 0; call < 20; call += 1) statuses.push((await get(fake, ARTIFACT)).status);
      return statuses;
    }
    const first = await pattern();
    const second = await pattern();

    expect(first).toEqual(second);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });

  it('picks a seeded latency range', async () => {
    const fake = makeFake();
    const added = await addFault(fake, { operationId: 'getArtifact', latencyMs: { min: 20, max: 40 }, seed: 3 });
    const started = performance.now();
    await get(fake, ARTIFACT);

    expect(added.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(18);
  });

  it('drops the connection', async () => {
    const fake = makeFake();
    await addFault(fake, { operationId: 'getArtifact', drop: true, times: 1 });
    const server = createServer(fake.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const headers = { Authorization: `Bearer ${TEST_TOKEN}` };

    const dropped = await fetch(`http://127.0.0.1:${port}${ARTIFACT}`, { headers }).then(
      () => 'answered',
      () => 'dropped',
    );
    const next = await fetch(`http://127.0.0.1:${port}${ARTIFACT}`, { headers });
    server.close();

    expect(dropped).toBe('dropped');
    expect(next.status).toBe(200);
  });

  it('marks faults in the journal', async () => {
    const fake = makeFake();
    const added = await addFault(fake, { operationId: 'getArtifact', status: 503, times: 1 });
    await get(fake, ARTIFACT);
    await get(fake, ARTIFACT);
    const journal = await request(fake.app).get('/_fake/journal?operationId=getArtifact');

    expect(journal.body.entries[0].fault).toEqual({ id: added.body.id, kind: 'status' });
    expect(journal.body.entries[0].status).toBe(503);
    expect(journal.body.entries[1].fault).toBeNull();
  });

  it('stay in their namespace', async () => {
    const fake = makeFake();
    await addFault(fake, { operationId: 'getArtifact', status: 503 }, 'flaky');

    expect((await get(fake, ARTIFACT, 'flaky')).status).toBe(503);
    expect((await get(fake, ARTIFACT, 'steady')).status).toBe(200);
    expect((await get(fake, ARTIFACT)).status).toBe(200);
  });

  it('are listed and cleared', async () => {
    const fake = makeFake();
    const first = await addFault(fake, { operationId: 'getArtifact', status: 503 });
    await addFault(fake, { operationId: 'listArtifacts', latencyMs: 5 });
    const listed = await request(fake.app).get('/_fake/faults');
    const removed = await request(fake.app).delete(`/_fake/faults/${first.body.id}`);
    const missing = await request(fake.app).delete(`/_fake/faults/${first.body.id}`);
    const cleared = await request(fake.app).delete('/_fake/faults');
    const after = await request(fake.app).get('/_fake/faults');

    expect(listed.body.faults).toHaveLength(2);
    expect(removed.status).toBe(204);
    expect(missing.status).toBe(404);
    expect(cleared.status).toBe(204);
    expect(after.body.faults).toEqual([]);
  });

  it.each([
    [{ operationId: 'noSuchOperation', status: 500 }, 'operationId'],
    [{ operationId: 'getArtifact' }, 'at least one'],
    [{ operationId: 'getArtifact', status: 99 }, 'status'],
    [{ operationId: 'getArtifact', status: 500, drop: true }, 'not both'],
    [{ operationId: 'getArtifact', latencyMs: -1 }, 'latencyMs'],
    [{ operationId: 'getArtifact', latencyMs: { min: 10, max: 5 } }, 'latencyMs'],
    [{ operationId: 'getArtifact', status: 500, probability: 2 }, 'probability'],
    [{ operationId: 'getArtifact', status: 500, times: 0 }, 'times'],
    [{ operationId: 'getArtifact', status: 500, colour: 'red' }, 'unknown field'],
  ])('rejects %j', async (fault, words) => {
    const fake = makeFake();
    const response = await addFault(fake, fault);
    const listed = await request(fake.app).get('/_fake/faults');

    expect(response.status).toBe(422);
    expect(response.body.detail).toContain(words);
    expect(listed.body.faults).toEqual([]);
  });
});
