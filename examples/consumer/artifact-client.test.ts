import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFake, type FakeNamespace, type StartedFake } from 'workload-api-fake';
import { ApiError, ArtifactClient } from './artifact-client.js';

// One fake per test file, and one namespace, so this file never reads another file's data.
let fake: StartedFake;
let namespace: FakeNamespace;
let client: ArtifactClient;

beforeAll(async () => {
  fake = await startFake({ seed: 42 });
  namespace = fake.namespace('consumer-artifact-client');
  client = new ArtifactClient(fake.url, 'default-token', namespace.headers);
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  namespace.loadScenario('default');
});

describe('ArtifactClient', () => {
  it('creates and locks a release', async () => {
    const draft = await client.create('release', 'registry.example.com/release:1.0.0');
    const locked = await client.lock(draft.id);

    expect(draft.status).toBe('draft');
    expect(locked.status).toBe('locked');
    expect(locked.version).toBe(1);
  });

  it('clones a locked artifact to edit', async () => {
    const draft = await client.create('release', 'registry.example.com/release:1.0.0');
    await client.lock(draft.id);
    const editable = await client.editable(draft.id, 'release (edit)');

    expect(editable.id).not.toBe(draft.id);
    expect(editable.status).toBe('draft');
    expect(editable.artifactRepositoryId).toBe(draft.artifactRepositoryId);
  });

  it('edits a draft in place', async () => {
    const draft = await client.create('draft', 'registry.example.com/draft:0.1.0');
    const editable = await client.editable(draft.id, 'unused');

    expect(editable.id).toBe(draft.id);
  });

  it('reports a refused delete', async () => {
    const draft = await client.create('release', 'registry.example.com/release:1.0.0');
    await client.lock(draft.id);
    const outcome = await client.deleteArtifact(draft.id);

    expect(outcome.deleted).toBe(false);
    expect(outcome.deleted ? '' : outcome.reason).toContain('locked');
  });

  it('deletes a draft', async () => {
    const draft = await client.create('scratch', 'registry.example.com/scratch:0.0.1');
    const outcome = await client.deleteArtifact(draft.id);

    expect(outcome).toEqual({ deleted: true });
    await expect(client.get(draft.id)).rejects.toBeInstanceOf(ApiError);
  });

  it('follows next through every page', async () => {
    const all = await client.listAll({ limit: '2' });
    const ids = new Set(all.map((artifact) => artifact.id));

    expect(all).toHaveLength(7);
    expect(ids.size).toBe(7);
  });

  it('keeps filters across pages', async () => {
    const drafts = await client.listAll({ limit: '1', status: 'draft' });

    expect(drafts.length).toBeGreaterThan(1);
    expect(drafts.every((artifact) => artifact.status === 'draft')).toBe(true);
  });

  it('surfaces validation errors', async () => {
    const failure = await client.create('', 'registry.example.com/x:1').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(422);
  });

  it('records the calls in the journal', async () => {
    await client.listAll({ limit: '100' });
    const entries = namespace.journal({ operationId: 'listArtifacts' });

    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.namespace === 'consumer-artifact-client')).toBe(true);
  });
});
