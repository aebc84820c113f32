import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDS, makeFake, observableState, type TestFake } from '../helpers/fake.js';

const UNKNOWN_ID = '65f0000000000000000000ff';

const OWNER = { id: DEFAULT_IDS.user, name: 'dana@example.com', shareRecipientType: 'user', role: 'OWNER' };
const BEN = { id: '65f000000000000000000002', username: 'ben@example.com', email: 'ben@example.com', fullName: 'Ben Example' };
const CLEO = { id: '65f000000000000000000003', username: 'cleo@example.com', email: 'cleo@example.com', fullName: 'Cleo Example' };

interface SharedRole {
  id: string;
  name: string;
  shareRecipientType: string;
  role: string;
}

/** The two entity kinds that carry shared roles, each with one entity of the default scenario. */
const KINDS = [
  { kind: 'artifact', rolesPath: `/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}/sharedRoles/`, missingPath: `/api/v2/artifacts/${UNKNOWN_ID}/sharedRoles/` },
  {
    kind: 'repository',
    rolesPath: `/api/v2/artifactRepositories/${DEFAULT_IDS.batchRepository}/sharedRoles/`,
    missingPath: `/api/v2/artifactRepositories/${UNKNOWN_ID}/sharedRoles/`,
  },
];

/** Returns the default scenario with two more users, Ben and Cleo, who have no roles yet. */
function fakeWithUsers(): TestFake {
  const fake = makeFake();
  fake.backend.state.addUser(BEN);
  fake.backend.state.addUser(CLEO);
  return fake;
}

function byUsername(user: { username: string }, role: string) {
  return { username: user.username, role, shareRecipientType: 'user' };
}

function byId(user: { id: string }, role: string) {
  return { id: user.id, role, shareRecipientType: 'user' };
}

function entry(user: { id: string; username: string }, role: string): SharedRole {
  return { id: user.id, name: user.username, shareRecipientType: 'user', role };
}

function updateRoles(fake: TestFake, path: string, roles: unknown[]): Promise<Response> {
  return fake.patch(path, { operation: 'updateRoles', roles });
}

/** Reads the whole list of shared roles in one page. */
async function listRoles(fake: TestFake, path: string): Promise<SharedRole[]> {
  const response = await fake.get(`${path}?limit=100`);
  expect(response.status).toBe(200);
  return response.body.data;
}

/** Returns the grants after the owner's row, sorted by id so the check does not depend on their order. */
function grantsOf(roles: SharedRole[]): SharedRole[] {
  return roles.slice(1).sort((a, b) => a.id.localeCompare(b.id));
}

/** Reads everything a client can see, including the repository's roles that observableState leaves out. */
async function snapshot(fake: TestFake, path: string): Promise<unknown> {
  return { state: await observableState(fake), roles: await listRoles(fake, path) };
}

function expectBodyValidationError(response: Response): void {
  expect(response.status).toBe(422);
  expect(Array.isArray(response.body.detail)).toBe(true);
  expect(response.body.detail.length).toBeGreaterThan(0);
  for (const item of response.body.detail) {
    expect(item.loc[0]).toBe('body');
    expect(typeof item.msg).toBe('string');
    expect(typeof item.type).toBe('string');
    expect(typeof item.path).toBe('string');
    expect(typeof item.message).toBe('string');
    expect(typeof item.code).toBe('string');
  }
}

describe.each(KINDS)('$kind sharedRoles', ({ rolesPath, missingPath }) => {
  it('list starts with the owner', async () => {
    const fake = makeFake();
    const response = await fake.get(rolesPath);

    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['count', 'data', 'next', 'previous', 'totalCount']);
    expect(response.body.totalCount).toBe(1);
    expect(response.body.data).toEqual([OWNER]);
  });

  it('grant by username and id', async () => {
    const fake = fakeWithUsers();
    const response = await updateRoles(fake, rolesPath, [byUsername(BEN, 'READ_ONLY'), byId(CLEO, 'EDITOR')]);

    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    const roles = await listRoles(fake, rolesPath);
    expect(roles[0]).toEqual(OWNER);
    expect(grantsOf(roles)).toEqual([entry(BEN, 'READ_ONLY'), entry(CLEO, 'EDITOR')]);
  });

  it('second update replaces the list', async () => {
    const fake = fakeWithUsers();
    expect((await updateRoles(fake, rolesPath, [byUsername(BEN, 'READ_ONLY'), byUsername(CLEO, 'READ_ONLY')])).status).toBe(204);

    const response = await updateRoles(fake, rolesPath, [byId(CLEO, 'ADMIN')]);

    expect(response.status).toBe(204);
    const roles = await listRoles(fake, rolesPath);
    expect(roles[0]).toEqual(OWNER);
    expect(grantsOf(roles)).toEqual([entry(CLEO, 'ADMIN')]);
  });

  it('NO_ROLE entries are dropped', async () => {
    const fake = fakeWithUsers();
    const response = await updateRoles(fake, rolesPath, [byUsername(BEN, 'NO_ROLE'), byUsername(CLEO, 'CONSUMER')]);

    expect(response.status).toBe(204);
    const roles = await listRoles(fake, rolesPath);
    expect(grantsOf(roles)).toEqual([entry(CLEO, 'CONSUMER')]);
  });

  it('NO_ROLE revokes a grant', async () => {
    const fake = fakeWithUsers();
    expect((await updateRoles(fake, rolesPath, [byUsername(BEN, 'READ_WRITE')])).status).toBe(204);

    const response = await updateRoles(fake, rolesPath, [byId(BEN, 'NO_ROLE')]);

    expect(response.status).toBe(204);
    expect(await listRoles(fake, rolesPath)).toEqual([OWNER]);
  });

  it.each([
    ['username', byUsername({ username: OWNER.name }, 'READ_ONLY')],
    ['id', byId(OWNER, 'NO_ROLE')],
  ])('owner by %s stays OWNER', async (_form, ownerEntry) => {
    const fake = fakeWithUsers();
    const response = await updateRoles(fake, rolesPath, [ownerEntry, byUsername(BEN, 'OBSERVER')]);

    expect(response.status).toBe(204);
    const roles = await listRoles(fake, rolesPath);
    expect(roles[0]).toEqual(OWNER);
    expect(roles.filter((role) => role.id === OWNER.id)).toHaveLength(1);
    expect(grantsOf(roles)).toEqual([entry(BEN, 'OBSERVER')]);
  });

  it('unknown username gives 404', async () => {
    const fake = fakeWithUsers();
    expect((await updateRoles(fake, rolesPath, [byUsername(BEN, 'READ_ONLY')])).status).toBe(204);
    const before = await snapshot(fake, rolesPath);

    const response = await updateRoles(fake, rolesPath, [byUsername(CLEO, 'EDITOR'), byUsername({ username: 'nobody@example.com' }, 'EDITOR')]);

    expect(response.status).toBe(404);
    expect(response.body.detail).toContain('nobody@example.com');
    expect(await snapshot(fake, rolesPath)).toEqual(before);
  });

  it('unknown id gives 404', async () => {
    const fake = fakeWithUsers();
    expect((await updateRoles(fake, rolesPath, [byUsername(BEN, 'READ_ONLY')])).status).toBe(204);
    const before = await snapshot(fake, rolesPath);

    const response = await updateRoles(fake, rolesPath, [byId(CLEO, 'EDITOR'), byId({ id: UNKNOWN_ID }, 'EDITOR')]);

    expect(response.status).toBe(404);
    expect(response.body.detail).toContain(UNKNOWN_ID);
    expect(await snapshot(fake, rolesPath)).toEqual(before);
  });

  it.each([
    ['twice by username', [byUsername(BEN, 'READ_ONLY'), byUsername(BEN, 'EDITOR')]],
    ['twice by id', [byId(BEN, 'READ_ONLY'), byId(BEN, 'READ_ONLY')]],
    ['by username and id', [byUsername(BEN, 'READ_ONLY'), byId(BEN, 'EDITOR')]],
  ])('duplicate recipient %s gives 422', async (_case, roles) => {
    const fake = fakeWithUsers();
    const before = await snapshot(fake, rolesPath);

    const response = await updateRoles(fake, rolesPath, roles);

    expectBodyValidationError(response);
    expect(await snapshot(fake, rolesPath)).toEqual(before);
  });

  it.each([
    ['empty roles', { operation: 'updateRoles', roles: [] }],
    ['wrong operation', { operation: 'replaceRoles', roles: [byUsername(BEN, 'READ_ONLY')] }],
    ['missing operation', { roles: [byUsername(BEN, 'READ_ONLY')] }],
    ['unknown role', { operation: 'updateRoles', roles: [byUsername(BEN, 'SUPERUSER')] }],
    ['username and id together', { operation: 'updateRoles', roles: [{ ...byUsername(BEN, 'READ_ONLY'), id: BEN.id }] }],
  ])('%s gives 422', async (_case, body) => {
    const fake = fakeWithUsers();
    const before = await snapshot(fake, rolesPath);

    const response = await fake.patch(rolesPath, body);

    expectBodyValidationError(response);
    expect(await snapshot(fake, rolesPath)).toEqual(before);
  });

  it('100 roles accepted, 101 rejected', async () => {
    const fake = makeFake();
    const users = Array.from({ length: 101 }, (_, index) => {
      const suffix = (0x100 + index).toString(16).padStart(3, '0');
      return { id: `65f000000000000000001${suffix}`, username: `user${index}@example.com`, email: null, fullName: null };
    });
    users.forEach((user) => fake.backend.state.addUser(user));

    const hundred = await updateRoles(fake, rolesPath, users.slice(0, 100).map((user) => byId(user, 'READ_ONLY')));
    expect(hundred.status).toBe(204);
    const afterHundred = await fake.get(`${rolesPath}?limit=1`);
    expect(afterHundred.body.totalCount).toBe(101);
    const before = await snapshot(fake, rolesPath);

    const response = await updateRoles(fake, rolesPath, users.map((user) => byId(user, 'EDITOR')));

    expectBodyValidationError(response);
    expect(await snapshot(fake, rolesPath)).toEqual(before);
  });

  it('list paginates', async () => {
    const fake = fakeWithUsers();
    const dee = { id: '65f000000000000000000004', username: 'dee@example.com', email: null, fullName: null };
    fake.backend.state.addUser(dee);
    expect((await updateRoles(fake, rolesPath, [byId(BEN, 'READ_ONLY'), byId(CLEO, 'EDITOR'), byId(dee, 'OBSERVER')])).status).toBe(204);
    const all = await listRoles(fake, rolesPath);

    const first = await fake.get(`${rolesPath}?limit=2`);
    const second = await fake.get(`${rolesPath}?limit=2&offset=2`);

    expect(first.status).toBe(200);
    expect(first.body.totalCount).toBe(4);
    expect(first.body.count).toBe(2);
    expect(first.body.data[0]).toEqual(OWNER);
    expect(first.body.previous).toBeNull();
    expect(new URL(first.body.next).pathname).toBe(rolesPath);
    expect(new URL(first.body.next).searchParams.get('offset')).toBe('2');
    expect(second.status).toBe(200);
    expect(second.body.count).toBe(2);
    expect(second.body.next).toBeNull();
    expect(new URL(second.body.previous).searchParams.get('offset')).toBe('0');
    expect([...first.body.data, ...second.body.data]).toEqual(all);
  });

  it('list rejects limit=101', async () => {
    const fake = makeFake();
    const response = await fake.get(`${rolesPath}?limit=101`);

    expect(response.status).toBe(422);
    expect(response.body.detail[0].loc).toEqual(['query', 'limit']);
  });

  it('unknown entity gives 404', async () => {
    const fake = fakeWithUsers();
    const before = await observableState(fake);

    const list = await fake.get(missingPath);
    const update = await updateRoles(fake, missingPath, [byUsername(BEN, 'READ_ONLY')]);

    expect(list.status).toBe(404);
    expect(typeof list.body.detail).toBe('string');
    expect(update.status).toBe(404);
    expect(typeof update.body.detail).toBe('string');
    expect(await observableState(fake)).toEqual(before);
  });
});

describe('sharedRoles independence', () => {
  it('artifact and repository lists separate', async () => {
    const fake = fakeWithUsers();
    const artifactRoles = `/api/v2/artifacts/${DEFAULT_IDS.batchDraft}/sharedRoles/`;
    const repositoryRoles = `/api/v2/artifactRepositories/${DEFAULT_IDS.batchRepository}/sharedRoles/`;

    const response = await updateRoles(fake, repositoryRoles, [byUsername(BEN, 'READ_ONLY')]);

    expect(response.status).toBe(204);
    expect(await listRoles(fake, artifactRoles)).toEqual([OWNER]);
    expect(grantsOf(await listRoles(fake, repositoryRoles))).toEqual([entry(BEN, 'READ_ONLY')]);
  });

  it('other artifacts keep their roles', async () => {
    const fake = fakeWithUsers();
    const response = await updateRoles(fake, `/api/v2/artifacts/${DEFAULT_IDS.paymentsDraft}/sharedRoles/`, [byUsername(BEN, 'READ_ONLY')]);

    expect(response.status).toBe(204);
    expect(await listRoles(fake, `/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}/sharedRoles/`)).toEqual([OWNER]);
  });

  it('deleted artifact roles give 404', async () => {
    const fake = fakeWithUsers();
    const created = await fake.post('/api/v2/artifacts/', {
      name: 'short-lived',
      artifactRepositoryId: DEFAULT_IDS.batchRepository,
      spec: { containerGroups: [{ name: 'default', containers: [{ name: 'app', imageUri: 'registry.example.com/app:1.0.0', port: 8080, primary: true }] }] },
    });
    expect(created.status).toBe(201);
    const rolesPath = `/api/v2/artifacts/${created.body.id}/sharedRoles/`;
    expect((await updateRoles(fake, rolesPath, [byUsername(BEN, 'READ_ONLY')])).status).toBe(204);

    const deleted = await fake.delete(`/api/v2/artifacts/${created.body.id}/`);

    expect(deleted.status).toBe(204);
    expect((await fake.get(rolesPath)).status).toBe(404);
  });
});
