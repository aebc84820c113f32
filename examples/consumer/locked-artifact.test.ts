import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFake, type FakeNamespace, type StartedFake } from 'workload-api-fake';
import { ApiError, ArtifactClient } from './artifact-client.js';

const LOCKED_ID = '65f1000000000000000000b1';

let fake: StartedFake;
let namespace: FakeNamespace;
let client: ArtifactClient;

beforeAll(async () => {
  fake = await startFake({ scenario: 'locked-artifact' });
  namespace = fake.namespace('consumer-locked-artifact');
  client = new ArtifactClient(fake.url, 'default-token', namespace.headers);
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  namespace.reset();
});

describe('ArtifactClient on a locked artifact', () => {
  it('cannot lock it twice', async () => {
    const failure = await client.lock(LOCKED_ID).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(403);
    expect((failure as ApiError).detail).toBe('Cannot update artifact: artifact is locked');
  });

  it('keeps it on delete', async () => {
    const outcome = await client.deleteArtifact(LOCKED_ID);
    const still = await client.get(LOCKED_ID);

    expect(outcome.deleted).toBe(false);
    expect(still.status).toBe('locked');
  });

  it('restores a snapshot after changes', async () => {
    const before = namespace.snapshot();
    await client.editable(LOCKED_ID, 'copy');
    const grown = await client.listAll();
    namespace.restore(before);
    const restored = await client.listAll();

    expect(grown).toHaveLength(2);
    expect(restored).toHaveLength(1);
  });
});
