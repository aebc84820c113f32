import request, { type Response } from 'supertest';
import { expect } from 'vitest';
import { createFake, type AppOptions, type FakeApp } from '../../src/app.js';
import { pino } from 'pino';

/** The token every test request sends unless the test passes another. */
export const TEST_TOKEN = 'default-token';

/** Ids of the built-in `default` scenario that tests refer to. */
export const DEFAULT_IDS = {
  user: '65f000000000000000000001',
  paymentsRepository: '65f0000000000000000000a1',
  nimRepository: '65f0000000000000000000a2',
  batchRepository: '65f0000000000000000000a3',
  sourceRepository: '65f0000000000000000000a4',
  paymentsV1: '65f0000000000000000000b1',
  paymentsV2: '65f0000000000000000000b2',
  paymentsDraft: '65f0000000000000000000b3',
  nimLocked: '65f0000000000000000000b4',
  nimDraft: '65f0000000000000000000b5',
  batchDraft: '65f0000000000000000000b6',
  sourceDraft: '65f0000000000000000000b7',
};

/** Returns a minimal valid service spec with one primary container. */
export function serviceSpec(imageUri = 'registry.example.com/app:1.0.0'): Record<string, unknown> {
  return { containerGroups: [{ name: 'default', containers: [{ name: 'app', imageUri, port: 8080, primary: true }] }] };
}

/**
 * A fake built for one test file, with request helpers that fail the test at once if
 * the server ever returns 500, because in strict mode a 500 means a response broke its schema.
 */
export interface TestFake extends FakeApp {
  get(path: string, token?: string | null): Promise<Response>;
  post(path: string, body?: unknown, token?: string | null): Promise<Response>;
  put(path: string, body?: unknown, token?: string | null): Promise<Response>;
  patch(path: string, body?: unknown, token?: string | null): Promise<Response>;
  delete(path: string, body?: unknown, token?: string | null): Promise<Response>;
}

export function makeFake(options: AppOptions = {}): TestFake {
  const fake = createFake({ seed: 1, logger: pino({ level: 'silent' }), ...options });

  const send = async (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, body: unknown, token: string | null | undefined) => {
    let pending = request(fake.app)[method](path);
    if (token !== null) pending = pending.set('Authorization', `Bearer ${token ?? TEST_TOKEN}`);
    if (body !== undefined) pending = pending.send(body as object);
    const response = await pending;
    expect(response.status, `${method.toUpperCase()} ${path} answered 500: ${JSON.stringify(response.body)}`).not.toBe(500);
    return response;
  };

  return {
    app: fake.app,
    contract: fake.contract,
    settings: fake.settings,
    logger: fake.logger,
    catalog: fake.catalog,
    namespaces: fake.namespaces,
    get backend() {
      return fake.backend;
    },
    get: (path, token) => send('get', path, undefined, token),
    post: (path, body, token) => send('post', path, body, token),
    put: (path, body, token) => send('put', path, body, token),
    patch: (path, body, token) => send('patch', path, body, token),
    delete: (path, body, token) => send('delete', path, body, token),
  };
}

/** Everything a client can read about the store, to prove a rejected request changed nothing. */
export async function observableState(fake: TestFake): Promise<unknown> {
  const artifacts = await fake.get('/api/v2/artifacts/?limit=100&orderBy=createdAt');
  const repositories = await fake.get('/api/v2/artifactRepositories/?limit=100&orderBy=createdAt');
  const roles: Record<string, unknown> = {};
  for (const artifact of artifacts.body.data) {
    roles[artifact.id] = (await fake.get(`/api/v2/artifacts/${artifact.id}/sharedRoles/?limit=100`)).body.data;
  }
  return { artifacts: artifacts.body, repositories: repositories.body, roles };
}
