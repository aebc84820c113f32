import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFake, serviceSpec, type TestFake } from '../helpers/fake.js';

// The shared-artifact scenario: Olive owns both artifacts, Reed may read the locked one,
// Otto has no grant at all.
const OWNER = { id: '65f300000000000000000001', token: 'owner-token', username: 'owner@example.com' };
const READER = { id: '65f300000000000000000002', token: 'reader-token', username: 'reader@example.com' };
const OUTSIDER = { id: '65f300000000000000000003', token: 'outsider-token', username: 'outsider@example.com' };
const LOCKED = '65f3000000000000000000b1';
const DRAFT = '65f3000000000000000000b2';
const REPOSITORY = '65f3000000000000000000a1';

function sharedFake(): TestFake {
  return makeFake({ scenario: 'shared-artifact' });
}

async function grant(fake: TestFake, path: string, roles: unknown[]): Promise<void> {
  const response = await fake.patch(path, { operation: 'updateRoles', roles }, OWNER.token);
  expect(response.status, JSON.stringify(response.body)).toBe(204);
}

function readerAs(role: string) {
  return { username: READER.username, role, shareRecipientType: 'user' };
}

type Expectation = { get: number; inList: boolean; patch: number; put: number; delete: number; clone: number; listRoles: number; updateRoles: number };

const FULL: Expectation = { get: 200, inList: true, patch: 200, put: 200, delete: 204, clone: 200, listRoles: 200, updateRoles: 204 };
const EDIT: Expectation = { get: 200, inList: true, patch: 200, put: 200, delete: 403, clone: 200, listRoles: 200, updateRoles: 403 };
const VIEW: Expectation = { get: 200, inList: true, patch: 403, put: 403, delete: 403, clone: 200, listRoles: 200, updateRoles: 403 };
const NONE: Expectation = { get: 404, inList: false, patch: 404, put: 404, delete: 404, clone: 404, listRoles: 404, updateRoles: 404 };

const ROLE_TABLE: Array<[string, Expectation]> = [
  ['ADMIN', FULL],
  ['READ_WRITE', EDIT],
  ['EDITOR', EDIT],
  ['USER', EDIT],
  ['DATA_SCIENTIST', EDIT],
  ['READ_ONLY', VIEW],
  ['CONSUMER', VIEW],
  ['OBSERVER', VIEW],
  ['NO_ROLE', NONE],
];

describe('role table on a draft artifact', () => {
  describe.each(ROLE_TABLE)('%s', (role, expected) => {
    async function setUp(): Promise<TestFake> {
      const fake = sharedFake();
      await grant(fake, `/api/v2/artifacts/${DRAFT}/sharedRoles`, [readerAs(role)]);
      return fake;
    }

    it('get', async () => {
      const fake = await setUp();
      expect((await fake.get(`/api/v2/artifacts/${DRAFT}`, READER.token)).status).toBe(expected.get);
    });

    it('list', async () => {
      const fake = await setUp();
      const list = await fake.get('/api/v2/artifacts/?limit=100', READER.token);
      const ids = list.body.data.map((artifact: { id: string }) => artifact.id);
      expect(ids.includes(DRAFT)).toBe(expected.inList);
    });

    it('patch', async () => {
      const fake = await setUp();
      const response = await fake.patch(`/api/v2/artifacts/${DRAFT}`, { description: 'edited' }, READER.token);
      expect(response.status).toBe(expected.patch);
      const after = await fake.get(`/api/v2/artifacts/${DRAFT}`, OWNER.token);
      expect(after.body.description === 'edited').toBe(expected.patch === 200);
    });

    it('put', async () => {
      const fake = await setUp();
      const response = await fake.put(`/api/v2/artifacts/${DRAFT}`, { name: 'replaced', spec: serviceSpec() }, READER.token);
      expect(response.status).toBe(expected.put);
    });

    it('delete', async () => {
      const fake = await setUp();
      const response = await fake.delete(`/api/v2/artifacts/${DRAFT}`, undefined, READER.token);
      expect(response.status).toBe(expected.delete);
      const after = await fake.get(`/api/v2/artifacts/${DRAFT}`, OWNER.token);
      expect(after.status).toBe(expected.delete === 204 ? 404 : 200);
    });

    it('clone', async () => {
      const fake = await setUp();
      const response = await fake.post(`/api/v2/artifacts/${DRAFT}/clone`, { name: 'copy' }, READER.token);
      expect(response.status).toBe(expected.clone);
      if (response.status === 200) expect(response.body.creator.id).toBe(READER.id);
    });

    it('list shared roles', async () => {
      const fake = await setUp();
      expect((await fake.get(`/api/v2/artifacts/${DRAFT}/sharedRoles`, READER.token)).status).toBe(expected.listRoles);
    });

    it('update shared roles', async () => {
      const fake = await setUp();
      const response = await fake.patch(
        `/api/v2/artifacts/${DRAFT}/sharedRoles`,
        { operation: 'updateRoles', roles: [readerAs(role), { username: OUTSIDER.username, role: 'READ_ONLY', shareRecipientType: 'user' }] },
        READER.token,
      );
      expect(response.status).toBe(expected.updateRoles);
      const outsiderView = await fake.get(`/api/v2/artifacts/${DRAFT}`, OUTSIDER.token);
      expect(outsiderView.status).toBe(expected.updateRoles === 204 ? 200 : 404);
    });
  });
});

describe('shared-artifact scenario', () => {
  it('lets the reader get and list it', async () => {
    const fake = sharedFake();
    const got = await fake.get(`/api/v2/artifacts/${LOCKED}/`, READER.token);
    const list = await fake.get('/api/v2/artifacts/', READER.token);

    expect(got.status).toBe(200);
    expect(list.body.totalCount).toBe(1);
    expect(list.body.data[0].id).toBe(LOCKED);
  });

  it('rejects the reader patch with 403', async () => {
    const fake = sharedFake();
    const response = await fake.patch(`/api/v2/artifacts/${LOCKED}`, { name: 'mine now' }, READER.token);

    expect(response.status).toBe(403);
    expect(response.body.detail).toContain('CAN_UPDATE');
  });

  it('rejects the reader delete with 403', async () => {
    const fake = sharedFake();
    const response = await fake.delete(`/api/v2/artifacts/${LOCKED}`, undefined, READER.token);

    expect(response.status).toBe(403);
    expect(response.body.detail).toContain('CAN_DELETE');
  });

  it('reports different permissions', async () => {
    const fake = sharedFake();
    const owner = await fake.get(`/api/v2/artifacts/${LOCKED}`, OWNER.token);
    const reader = await fake.get(`/api/v2/artifacts/${LOCKED}`, READER.token);

    expect(owner.body.permissions).toContain('CAN_SHARE');
    expect(reader.body.permissions).toEqual(['CAN_VIEW']);
  });

  it('hides everything from the outsider', async () => {
    const fake = sharedFake();
    const got = await fake.get(`/api/v2/artifacts/${LOCKED}`, OUTSIDER.token);
    const artifacts = await fake.get(`/api/v2/artifacts/?ids=${LOCKED}&search=shared`, OUTSIDER.token);
    const repositories = await fake.get('/api/v2/artifactRepositories/', OUTSIDER.token);
    const repository = await fake.get(`/api/v2/artifactRepositories/${REPOSITORY}`, OUTSIDER.token);
    const roles = await fake.get(`/api/v2/artifacts/${LOCKED}/sharedRoles`, OUTSIDER.token);

    expect(got.status).toBe(404);
    expect(got.body).toEqual({ detail: 'Artifact not found' });
    expect(artifacts.body.totalCount).toBe(0);
    expect(repositories.body.totalCount).toBe(0);
    expect(repository.status).toBe(404);
    expect(roles.status).toBe(404);
  });

  it('shows the reader the repository read-only', async () => {
    const fake = sharedFake();
    const repository = await fake.get(`/api/v2/artifactRepositories/${REPOSITORY}`, READER.token);
    const deleted = await fake.delete(`/api/v2/artifactRepositories/${REPOSITORY}`, undefined, READER.token);

    expect(repository.status).toBe(200);
    expect(repository.body.permissions).toEqual(['CAN_VIEW']);
    expect(deleted.status).toBe(403);
  });

  it('lets the reader clone into their own copy', async () => {
    const fake = sharedFake();
    const clone = await fake.post(`/api/v2/artifacts/${LOCKED}/clone`, { name: 'my copy' }, READER.token);
    const edited = await fake.patch(`/api/v2/artifacts/${clone.body.id}`, { description: 'mine' }, READER.token);

    expect(clone.status).toBe(200);
    expect(clone.body.permissions).toContain('CAN_DELETE');
    expect(edited.status).toBe(200);
  });
});

describe('grants', () => {
  it('on a repository reach its artifacts', async () => {
    const fake = sharedFake();
    await grant(fake, `/api/v2/artifactRepositories/${REPOSITORY}/sharedRoles`, [readerAs('READ_WRITE')]);
    const patched = await fake.patch(`/api/v2/artifacts/${DRAFT}`, { description: 'via repository' }, READER.token);
    const list = await fake.get('/api/v2/artifacts/', READER.token);

    expect(patched.status).toBe(200);
    expect(list.body.totalCount).toBe(2);
  });

  it('revoke by replacement', async () => {
    const fake = sharedFake();
    await grant(fake, `/api/v2/artifacts/${LOCKED}/sharedRoles`, [{ username: OUTSIDER.username, role: 'READ_ONLY', shareRecipientType: 'user' }]);

    expect((await fake.get(`/api/v2/artifacts/${LOCKED}`, READER.token)).status).toBe(404);
    expect((await fake.get(`/api/v2/artifacts/${LOCKED}`, OUTSIDER.token)).status).toBe(200);
  });

  it('change list totals at once', async () => {
    const fake = sharedFake();
    const before = await fake.get('/api/v2/artifacts/?limit=1', READER.token);
    await grant(fake, `/api/v2/artifactRepositories/${REPOSITORY}/sharedRoles`, [readerAs('READ_ONLY')]);
    const widened = await fake.get('/api/v2/artifacts/?limit=1', READER.token);
    const outsiderOnly = [{ username: OUTSIDER.username, role: 'READ_ONLY', shareRecipientType: 'user' }];
    await grant(fake, `/api/v2/artifacts/${LOCKED}/sharedRoles`, outsiderOnly);
    await grant(fake, `/api/v2/artifactRepositories/${REPOSITORY}/sharedRoles`, outsiderOnly);
    const revoked = await fake.get('/api/v2/artifacts/?limit=1', READER.token);

    expect(before.body.totalCount).toBe(1);
    expect(widened.body.totalCount).toBe(2);
    expect(revoked.body.totalCount).toBe(0);
  });

  it('revoke by NO_ROLE', async () => {
    const fake = sharedFake();
    await grant(fake, `/api/v2/artifacts/${LOCKED}/sharedRoles`, [readerAs('NO_ROLE')]);
    const roles = await fake.get(`/api/v2/artifacts/${LOCKED}/sharedRoles`, OWNER.token);

    expect((await fake.get(`/api/v2/artifacts/${LOCKED}`, READER.token)).status).toBe(404);
    expect(roles.body.data.map((entry: { id: string }) => entry.id)).toEqual([OWNER.id]);
  });

  it('never remove the owner', async () => {
    const fake = sharedFake();
    await grant(fake, `/api/v2/artifacts/${LOCKED}/sharedRoles`, [{ id: OWNER.id, role: 'NO_ROLE', shareRecipientType: 'user' }]);
    const roles = await fake.get(`/api/v2/artifacts/${LOCKED}/sharedRoles`, OWNER.token);
    const owner = await fake.get(`/api/v2/artifacts/${LOCKED}`, OWNER.token);

    expect(roles.body.data).toEqual([{ id: OWNER.id, name: OWNER.username, shareRecipientType: 'user', role: 'OWNER' }]);
    expect(owner.body.permissions).toContain('CAN_SHARE');
  });

  it('cannot exceed the granter role', async () => {
    const fake = sharedFake();
    await grant(fake, `/api/v2/artifacts/${DRAFT}/sharedRoles`, [readerAs('ADMIN')]);
    const tooHigh = await fake.patch(
      `/api/v2/artifacts/${DRAFT}/sharedRoles`,
      { operation: 'updateRoles', roles: [{ username: OUTSIDER.username, role: 'OWNER', shareRecipientType: 'user' }] },
      READER.token,
    );

    expect(tooHigh.status).toBe(403);
    expect(tooHigh.body.detail).toContain('OWNER');
    expect((await fake.get(`/api/v2/artifacts/${DRAFT}`, OUTSIDER.token)).status).toBe(404);
  });

  it('let workloads follow artifact visibility', async () => {
    const fake = sharedFake();
    const created = await fake.post('/api/v2/workloads/', { name: 'w', artifactId: LOCKED }, OWNER.token);
    const asReader = await fake.get(`/api/v2/workloads/${created.body.id}`, READER.token);
    const asOutsider = await fake.get(`/api/v2/workloads/${created.body.id}`, OUTSIDER.token);
    const outsiderList = await fake.get('/api/v2/workloads/', OUTSIDER.token);
    const outsiderCreate = await fake.post('/api/v2/workloads/', { name: 'w2', artifactId: DRAFT }, OUTSIDER.token);

    expect(created.status).toBe(201);
    expect(asReader.status).toBe(200);
    expect(asOutsider.status).toBe(404);
    expect(outsiderList.body.totalCount).toBe(0);
    expect(outsiderCreate.status).toBe(422);
  });

  it('reject joining a repository without update', async () => {
    const fake = sharedFake();
    const hidden = await fake.post('/api/v2/artifacts/', { name: 'x', spec: serviceSpec(), artifactRepositoryId: REPOSITORY }, OUTSIDER.token);
    const readOnly = await fake.post('/api/v2/artifacts/', { name: 'x', spec: serviceSpec(), artifactRepositoryId: REPOSITORY }, READER.token);

    expect(hidden.status).toBe(422);
    expect(hidden.body.detail[0].path).toBe('artifactRepositoryId');
    expect(readOnly.status).toBe(403);
  });
});

describe('groups and organizations', () => {
  const folder = mkdtempSync(join(tmpdir(), 'fake-permissions-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  writeFileSync(
    join(folder, 'teams.yaml'),
    `description: Owner plus a group and an organization.
users:
  - { id: 65f400000000000000000001, username: owner@example.com, token: owner-token }
  - { id: 65f400000000000000000002, username: member@example.com, token: member-token }
  - { id: 65f400000000000000000003, username: staff@example.com, token: staff-token }
  - { id: 65f400000000000000000004, username: nobody@example.com, token: nobody-token }
groups:
  - { id: 65f4000000000000000000e1, name: data-team, members: [65f400000000000000000002] }
organizations:
  - { id: 65f4000000000000000000e2, name: acme, members: [65f400000000000000000003] }
repositories:
  - { id: 65f4000000000000000000a1, name: team-model, type: service, creatorId: 65f400000000000000000001 }
artifacts:
  - id: 65f4000000000000000000b1
    name: team-model
    artifactRepositoryId: 65f4000000000000000000a1
    creatorId: 65f400000000000000000001
    spec: { containerGroups: [{ containers: [{ name: app, imageUri: 'nginx:1', port: 8080, primary: true }] }] }
`,
  );

  const artifactPath = '/api/v2/artifacts/65f4000000000000000000b1';

  it('group grant reaches members', async () => {
    const fake = makeFake({ scenario: 'teams', fixturesDirs: [folder] });
    const response = await fake.patch(
      `${artifactPath}/sharedRoles`,
      { operation: 'updateRoles', roles: [{ id: '65f4000000000000000000e1', role: 'EDITOR', shareRecipientType: 'group' }] },
      'owner-token',
    );
    const member = await fake.patch(artifactPath, { description: 'team edit' }, 'member-token');
    const nobody = await fake.get(artifactPath, 'nobody-token');
    const roles = await fake.get(`${artifactPath}/sharedRoles`, 'owner-token');

    expect(response.status).toBe(204);
    expect(member.status).toBe(200);
    expect(nobody.status).toBe(404);
    expect(roles.body.data[1]).toEqual({ id: '65f4000000000000000000e1', name: 'data-team', shareRecipientType: 'group', role: 'EDITOR' });
  });

  it('organization grant reaches members', async () => {
    const fake = makeFake({ scenario: 'teams', fixturesDirs: [folder] });
    await fake.patch(
      `${artifactPath}/sharedRoles`,
      { operation: 'updateRoles', roles: [{ id: '65f4000000000000000000e2', role: 'CONSUMER', shareRecipientType: 'organization' }] },
      'owner-token',
    );

    expect((await fake.get(artifactPath, 'staff-token')).status).toBe(200);
    expect((await fake.patch(artifactPath, { name: 'x' }, 'staff-token')).status).toBe(403);
  });

  it('unknown group changes nothing', async () => {
    const fake = makeFake({ scenario: 'teams', fixturesDirs: [folder] });
    const response = await fake.patch(
      `${artifactPath}/sharedRoles`,
      { operation: 'updateRoles', roles: [{ id: '65f4000000000000000000e9', role: 'EDITOR', shareRecipientType: 'group' }] },
      'owner-token',
    );
    const roles = await fake.get(`${artifactPath}/sharedRoles`, 'owner-token');

    expect(response.status).toBe(404);
    expect(response.body.detail).toContain('65f4000000000000000000e9');
    expect(roles.body.totalCount).toBe(1);
  });
});

describe('callers', () => {
  it('strict tokens reject unknown ones', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'fake-strict-'));
    writeFileSync(
      join(folder, 'strict.yaml'),
      'strictTokens: true\nusers:\n  - { id: 65f500000000000000000001, username: a@example.com, token: good-token }\n',
    );
    const fake = makeFake({ scenario: 'strict', fixturesDirs: [folder] });
    const unknown = await fake.get('/api/v2/artifacts/', 'guessed-token');
    const known = await fake.get('/api/v2/artifacts/', 'good-token');
    rmSync(folder, { recursive: true, force: true });

    expect(unknown.status).toBe(401);
    expect(typeof unknown.body.message).toBe('string');
    expect(known.status).toBe(200);
  });

  it('auth off acts as default user', async () => {
    const fake = makeFake({ scenario: 'shared-artifact', auth: false });
    const list = await fake.get('/api/v2/artifacts/', null);

    expect(list.status).toBe(200);
    expect(list.body.totalCount).toBe(2);
  });
});
