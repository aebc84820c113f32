import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFake } from '../../src/app.js';
import { ScenarioError } from '../../src/fixtures/scenario-file.js';
import { makeFake, observableState, serviceSpec, type TestFake } from '../helpers/fake.js';

const ARTIFACTS = '/api/v2/artifacts/';
const REPOSITORIES = '/api/v2/artifactRepositories/';
const WORKLOADS = '/api/v2/workloads/';

interface Entity {
  id: string;
  name: string;
  type: string;
  status: string;
  [key: string]: unknown;
}

/** Reads one page of up to 100 entities from a list path. */
async function listAll(fake: TestFake, path: string, token?: string): Promise<{ totalCount: number; data: Entity[] }> {
  const response = await fake.get(`${path}?limit=100&orderBy=createdAt`, token);
  expect(response.status).toBe(200);
  return response.body;
}

/** Reads everything a client can see, workloads included, so a test can prove a rejected request changed nothing. */
async function fullState(fake: TestFake): Promise<unknown> {
  return { store: await observableState(fake), workloads: (await listAll(fake, WORKLOADS)).data };
}

/** Temp folders made by this file, removed at the end. */
const tempDirs: string[] = [];

/** Writes scenario files into a new temp folder and returns its path. */
function scenarioDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-scenarios-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs createFake on a folder and returns the ScenarioError it raises. Fails the test on any other outcome. */
function scenarioErrorFor(dir: string): ScenarioError {
  try {
    createFake({ fixturesDirs: [dir], logger: pino({ level: 'silent' }) });
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error(`createFake accepted the scenarios in ${dir}`);
}

const USER = `
users:
  - { id: 65f900000000000000000001, username: tess@example.com, token: default-token }
`;

const REPOSITORY = `
repositories:
  - { id: 65f9000000000000000000a1, name: tess-app, type: service, lastVersionNumber: 1 }
`;

/** Builds the YAML of a one-artifact `artifacts` list. `extra` adds lines to the artifact's mapping. */
function artifactYaml(extra: string, port = 8080): string {
  return `
artifacts:
  - id: 65f9000000000000000000b1
    name: tess-app
    type: service
    artifactRepositoryId: 65f9000000000000000000a1
${extra}
    spec:
      containerGroups:
        - name: default
          containers:
            - { name: app, imageUri: registry.example.com/tess:1.0.0, port: ${port}, primary: true }
`;
}

describe('default scenario', () => {
  let fake: TestFake;
  beforeAll(() => {
    fake = makeFake({ scenario: 'default' });
  });

  it('has seven artifacts', async () => {
    const artifacts = await listAll(fake, ARTIFACTS);

    expect(artifacts.totalCount).toBe(7);
    expect(new Set(artifacts.data.map((artifact) => artifact.type))).toEqual(new Set(['service', 'nim']));
    expect(new Set(artifacts.data.map((artifact) => artifact.status))).toEqual(new Set(['draft', 'locked']));
  });

  it('has four repositories', async () => {
    const repositories = await listAll(fake, REPOSITORIES);

    expect(repositories.totalCount).toBe(4);
    expect(new Set(repositories.data.map((repository) => repository.type))).toEqual(new Set(['service', 'nim']));
  });
});

describe('empty scenario', () => {
  it('starts with nothing', async () => {
    const fake = makeFake({ scenario: 'empty' });

    expect((await listAll(fake, ARTIFACTS)).totalCount).toBe(0);
    expect((await listAll(fake, REPOSITORIES)).totalCount).toBe(0);
    expect((await listAll(fake, WORKLOADS)).totalCount).toBe(0);
  });

  it('accepts a create', async () => {
    const fake = makeFake({ scenario: 'empty' });
    const response = await fake.post(ARTIFACTS, { name: 'first', spec: serviceSpec() });

    expect(response.status).toBe(201);
    expect((await listAll(fake, ARTIFACTS)).data.map((artifact) => artifact.id)).toEqual([response.body.id]);
    expect((await listAll(fake, REPOSITORIES)).data.map((repository) => repository.id)).toEqual([response.body.artifactRepositoryId]);
  });
});

describe('locked-artifact scenario', () => {
  const LOCKED_ID = '65f1000000000000000000b1';
  let fake: TestFake;
  beforeAll(() => {
    fake = makeFake({ scenario: 'locked-artifact' });
  });

  it('contains one locked artifact', async () => {
    const artifacts = await listAll(fake, ARTIFACTS);

    expect(artifacts.data.map((artifact) => artifact.id)).toEqual([LOCKED_ID]);
    expect(artifacts.data[0].status).toBe('locked');
  });

  it('rejects PATCH with 403', async () => {
    const before = await fullState(fake);
    const response = await fake.patch(`${ARTIFACTS}${LOCKED_ID}`, { name: 'renamed' });

    expect(response.status).toBe(403);
    expect(response.body.detail).toContain('locked');
    expect(await fullState(fake)).toEqual(before);
  });

  it('rejects PUT with 403', async () => {
    const before = await fullState(fake);
    const response = await fake.put(`${ARTIFACTS}${LOCKED_ID}`, { name: 'replaced', spec: serviceSpec() });

    expect(response.status).toBe(403);
    expect(response.body.detail).toContain('locked');
    expect(await fullState(fake)).toEqual(before);
  });

  it('rejects DELETE with 409', async () => {
    const before = await fullState(fake);
    const response = await fake.delete(`${ARTIFACTS}${LOCKED_ID}`);

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain(LOCKED_ID);
    expect(await fullState(fake)).toEqual(before);
  });
});

describe('repository-in-use scenario', () => {
  const REPOSITORY_ID = '65f2000000000000000000a1';
  const ARTIFACT_ID = '65f2000000000000000000b1';
  const WORKLOAD_ID = '65f2000000000000000000c1';
  let fake: TestFake;
  beforeAll(() => {
    fake = makeFake({ scenario: 'repository-in-use' });
  });

  it('has a workload on the artifact', async () => {
    const workloads = await listAll(fake, WORKLOADS);

    expect(workloads.data.map((workload) => workload.id)).toEqual([WORKLOAD_ID]);
    expect(workloads.data[0].artifactId).toBe(ARTIFACT_ID);
  });

  it('rejects artifact DELETE with 409', async () => {
    const before = await fullState(fake);
    const response = await fake.delete(`${ARTIFACTS}${ARTIFACT_ID}`);

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain(WORKLOAD_ID);
    expect(await fullState(fake)).toEqual(before);
  });

  it('rejects repository DELETE with 409', async () => {
    const before = await fullState(fake);
    const response = await fake.delete(`${REPOSITORIES}${REPOSITORY_ID}`);

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain(ARTIFACT_ID);
    expect(await fullState(fake)).toEqual(before);
  });
});

describe('shared-artifact scenario', () => {
  const SHARED_ID = '65f3000000000000000000b1';
  const OWNER = { id: '65f300000000000000000001', username: 'owner@example.com', token: 'owner-token' };
  const READER = { id: '65f300000000000000000002', username: 'reader@example.com', token: 'reader-token' };
  const OUTSIDER = { id: '65f300000000000000000003', username: 'outsider@example.com', token: 'outsider-token' };
  let fake: TestFake;
  beforeAll(() => {
    fake = makeFake({ scenario: 'shared-artifact' });
  });

  it('gives each user a token', async () => {
    const scratch = makeFake({ scenario: 'shared-artifact' });
    for (const user of [OWNER, READER, OUTSIDER]) {
      const response = await scratch.post(ARTIFACTS, { name: `by-${user.username}`, spec: serviceSpec() }, user.token);

      expect(response.status).toBe(201);
      expect(response.body.creator.id).toBe(user.id);
    }
  });

  it('lists owner and reader roles', async () => {
    const response = await fake.get(`${ARTIFACTS}${SHARED_ID}/sharedRoles/?limit=100`, OWNER.token);

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([
      { id: OWNER.id, name: OWNER.username, shareRecipientType: 'user', role: 'OWNER' },
      { id: READER.id, name: READER.username, shareRecipientType: 'user', role: 'READ_ONLY' },
    ]);
  });

  it('shows the artifact to the reader', async () => {
    const artifacts = await listAll(fake, ARTIFACTS, READER.token);

    expect(artifacts.data.map((artifact) => artifact.id)).toContain(SHARED_ID);
  });

  it('hides the artifact from the outsider', async () => {
    const artifacts = await listAll(fake, ARTIFACTS, OUTSIDER.token);
    const response = await fake.get(`${ARTIFACTS}${SHARED_ID}`, OUTSIDER.token);

    expect(artifacts.data.map((artifact) => artifact.id)).not.toContain(SHARED_ID);
    expect(response.status).toBe(404);
  });

  it('gives owner and reader different permissions', async () => {
    const asOwner = await fake.get(`${ARTIFACTS}${SHARED_ID}`, OWNER.token);
    const asReader = await fake.get(`${ARTIFACTS}${SHARED_ID}`, READER.token);

    expect(asOwner.status).toBe(200);
    expect(asReader.status).toBe(200);
    expect(asOwner.body.permissions).toContain('CAN_UPDATE');
    expect(asOwner.body.permissions).toContain('CAN_SHARE');
    expect(asReader.body.permissions).toEqual(['CAN_VIEW']);
  });
});

describe('large scenario', () => {
  let first: TestFake;
  beforeAll(() => {
    first = makeFake({ scenario: 'large', seed: 21 });
  });

  it('has thousands of artifacts', async () => {
    const artifacts = await first.get(`${ARTIFACTS}?limit=1`);
    const repositories = await first.get(`${REPOSITORIES}?limit=1`);

    expect(artifacts.status).toBe(200);
    expect(artifacts.body.totalCount).toBeGreaterThanOrEqual(3000);
    expect(repositories.status).toBe(200);
    expect(repositories.body.totalCount).toBeGreaterThanOrEqual(300);
  });

  it('serves filtered list pages', async () => {
    const nim = await first.get(`${ARTIFACTS}?type=nim&limit=100&offset=100`);
    expect(nim.status).toBe(200);
    expect(nim.body.data.length).toBeGreaterThan(0);
    expect(nim.body.data.every((artifact: Entity) => artifact.type === 'nim')).toBe(true);

    const locked = await first.get(`${ARTIFACTS}?status=locked&orderBy=-name&limit=100`);
    expect(locked.status).toBe(200);
    expect(locked.body.data.length).toBeGreaterThan(0);
    expect(locked.body.data.every((artifact: Entity) => artifact.status === 'locked')).toBe(true);

    const searched = await first.get(`${REPOSITORIES}?search=amber&orderBy=name&limit=50&offset=5`);
    expect(searched.status).toBe(200);
    expect(searched.body.data.every((repository: Entity) => repository.name.includes('amber'))).toBe(true);

    const repositoryId = nim.body.data[0].artifactRepositoryId;
    const inRepository = await first.get(`${ARTIFACTS}?repositoryId=${repositoryId}&limit=100`);
    expect(inRepository.status).toBe(200);
    expect(inRepository.body.totalCount).toBeGreaterThan(0);
    expect(inRepository.body.data.every((artifact: Entity) => artifact.artifactRepositoryId === repositoryId)).toBe(true);
  });

  it('repeats for the same seed', async () => {
    const second = makeFake({ scenario: 'large', seed: 21 });
    const other = makeFake({ scenario: 'large', seed: 22 });

    const firstState = await first.get('/_fake/state');
    const secondState = await second.get('/_fake/state');
    const otherState = await other.get('/_fake/state');

    expect(firstState.status).toBe(200);
    expect(firstState.body.artifacts.length).toBeGreaterThanOrEqual(3000);
    expect(secondState.text).toBe(firstState.text);
    expect(otherState.text).not.toBe(firstState.text);
  });
});

describe('user scenario folders', () => {
  it('add a scenario', async () => {
    const dir = scenarioDir({
      'extra.yaml': `description: One extra repository.${USER}${REPOSITORY}${artifactYaml('    status: locked\n    version: 1')}`,
    });
    const fake = makeFake({ fixturesDirs: [dir], scenario: 'extra' });

    const artifacts = await listAll(fake, ARTIFACTS);
    expect(artifacts.data.map((artifact) => artifact.id)).toEqual(['65f9000000000000000000b1']);
    const scenarios = await fake.get('/_fake/scenarios');
    expect(scenarios.body.scenarios).toContainEqual({ name: 'extra', description: 'One extra repository.' });
    expect(scenarios.body.scenarios.map((item: { name: string }) => item.name)).toContain('default');
  });

  it('override a built-in by name', async () => {
    const dir = scenarioDir({ 'default.yaml': `description: Replaced default.${USER}${REPOSITORY}${artifactYaml('')}` });
    const fake = makeFake({ fixturesDirs: [dir] });

    const artifacts = await listAll(fake, ARTIFACTS);
    expect(artifacts.data.map((artifact) => artifact.id)).toEqual(['65f9000000000000000000b1']);
    const scenarios = await fake.get('/_fake/scenarios');
    expect(scenarios.body.scenarios).toContainEqual({ name: 'default', description: 'Replaced default.' });
  });
});

describe('broken scenario files', () => {
  it('rejects an unknown repository', () => {
    const dir = scenarioDir({ 'orphan.yaml': `${USER}${artifactYaml('')}` });
    const error = scenarioErrorFor(dir);

    expect(error.message).toContain(join(dir, 'orphan.yaml'));
    expect(error.message).toContain('artifacts[0]');
    expect(error.message).toContain('artifactRepositoryId');
  });

  it('rejects a version past lastVersionNumber', () => {
    const dir = scenarioDir({ 'too-new.yaml': `${USER}${REPOSITORY}${artifactYaml('    status: locked\n    version: 2')}` });
    const error = scenarioErrorFor(dir);

    expect(error.message).toContain(join(dir, 'too-new.yaml'));
    expect(error.message).toContain('artifacts[0]');
    expect(error.message).toContain('"version"');
  });

  it('rejects a workload on an unknown artifact', () => {
    const workload = `
workloads:
  - { id: 65f9000000000000000000c1, name: lost, artifactId: 65f9000000000000000000bf }
`;
    const dir = scenarioDir({ 'lost-workload.yaml': `${USER}${REPOSITORY}${artifactYaml('')}${workload}` });
    const error = scenarioErrorFor(dir);

    expect(error.message).toContain(join(dir, 'lost-workload.yaml'));
    expect(error.message).toContain('workloads[0]');
    expect(error.message).toContain('artifactId');
  });

  it('rejects a spec that breaks the schema', () => {
    const dir = scenarioDir({ 'low-port.yaml': `${USER}${REPOSITORY}${artifactYaml('', 80)}` });
    const error = scenarioErrorFor(dir);

    expect(error.message).toContain(join(dir, 'low-port.yaml'));
    expect(error.message).toContain('artifacts[0]');
    expect(error.message).toContain('port');
  });

  it('rejects invalid YAML', () => {
    const dir = scenarioDir({ 'garbled.yaml': 'users: [\n  - id: 1\nartifacts: {\n' });
    const error = scenarioErrorFor(dir);

    expect(error.message).toContain(join(dir, 'garbled.yaml'));
  });
});

describe('determinism', () => {
  const OPTIONS = { seed: 5, clock: '2026-05-01T00:00:00Z' };

  /** Sends the same writes to a fake: creates, a patch, a clone, a workload and a delete. */
  async function applyWrites(fake: TestFake): Promise<void> {
    const created = await fake.post(ARTIFACTS, { name: 'fresh', spec: serviceSpec() });
    expect(created.status).toBe(201);
    expect((await fake.patch(`${ARTIFACTS}${created.body.id}`, { description: 'patched' })).status).toBe(200);
    const clone = await fake.post(`${ARTIFACTS}${created.body.id}/clone/`, { name: 'fresh copy' });
    expect(clone.status).toBe(200);
    expect((await fake.post(WORKLOADS, { name: 'runner', artifactId: clone.body.id })).status).toBe(201);
    expect((await fake.post(WORKLOADS, { name: 'inline', artifact: { name: 'inline-app', spec: serviceSpec() } })).status).toBe(201);
    expect((await fake.delete(`${ARTIFACTS}${created.body.id}`)).status).toBe(204);
  }

  it('gives identical state bytes', async () => {
    const left = makeFake(OPTIONS);
    const right = makeFake(OPTIONS);
    await applyWrites(left);
    await applyWrites(right);

    const leftState = await left.get('/_fake/state');
    const rightState = await right.get('/_fake/state');
    expect(leftState.status).toBe(200);
    expect(leftState.body.artifacts.length).toBe(9);
    expect(rightState.text).toBe(leftState.text);
  });

  it('gives identical list bytes', async () => {
    const left = makeFake(OPTIONS);
    const right = makeFake(OPTIONS);
    await applyWrites(left);
    await applyWrites(right);

    for (const path of [ARTIFACTS, REPOSITORIES, WORKLOADS]) {
      const leftList = await left.get(`${path}?limit=100`);
      const rightList = await right.get(`${path}?limit=100`);

      expect(leftList.status).toBe(200);
      expect(rightList.text).toBe(leftList.text);
    }
  });
});
