import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, TEST_TOKEN, makeFake, serviceSpec, type TestFake } from '../helpers/fake.js';

const ARTIFACTS = '/api/v2/artifacts/';
const REPOSITORIES = '/api/v2/artifactRepositories/';

const ALL_ARTIFACT_IDS = [
  DEFAULT_IDS.paymentsV1,
  DEFAULT_IDS.paymentsV2,
  DEFAULT_IDS.paymentsDraft,
  DEFAULT_IDS.nimLocked,
  DEFAULT_IDS.nimDraft,
  DEFAULT_IDS.batchDraft,
  DEFAULT_IDS.sourceDraft,
];
const ALL_REPOSITORY_IDS = [
  DEFAULT_IDS.paymentsRepository,
  DEFAULT_IDS.nimRepository,
  DEFAULT_IDS.batchRepository,
  DEFAULT_IDS.sourceRepository,
];

/** A second user who owns the artifacts and repositories the createdBy tests create. */
const BEN = { id: '65f000000000000000000002', username: 'ben@example.com', email: 'ben@example.com', fullName: 'Ben Example', token: 'ben-token' };

/**
 * A scenario whose artifacts and repositories all share one createdAt, updatedAt, name
 * and status, so every order falls back to the id. The ids are listed out of order.
 * Its repositories also carry the tags the repository tag-filter tests need.
 */
const TIES_SCENARIO = `
description: Entities that tie on every sort key, and tagged repositories.
users:
  - { id: 65f000000000000000000001, username: dana@example.com, token: default-token }
repositories:
  - id: 65f0000000000000000000d3
    name: same
    type: service
    createdAt: '2026-02-01T00:00:00.000000+00:00'
    updatedAt: '2026-02-01T00:00:00.000000+00:00'
    tags:
      - { id: 65f0000000000000000000f3, name: team, value: beta }
      - { id: 65f0000000000000000000f4, name: gpu, value: a100 }
  - id: 65f0000000000000000000d1
    name: same
    type: service
    createdAt: '2026-02-01T00:00:00.000000+00:00'
    updatedAt: '2026-02-01T00:00:00.000000+00:00'
    tags:
      - { id: 65f0000000000000000000f1, name: team, value: alpha }
  - id: 65f0000000000000000000d4
    name: same
    type: service
    createdAt: '2026-02-01T00:00:00.000000+00:00'
    updatedAt: '2026-02-01T00:00:00.000000+00:00'
  - id: 65f0000000000000000000d2
    name: same
    type: service
    createdAt: '2026-02-01T00:00:00.000000+00:00'
    updatedAt: '2026-02-01T00:00:00.000000+00:00'
    tags:
      - { id: 65f0000000000000000000f2, name: gpu, value: h100 }
artifacts:
${['e3', 'e1', 'e5', 'e2', 'e4']
  .map(
    (suffix) => `  - id: 65f0000000000000000000${suffix}
    name: same
    artifactRepositoryId: 65f0000000000000000000d1
    createdAt: '2026-02-01T00:00:00.000000+00:00'
    updatedAt: '2026-02-01T00:00:00.000000+00:00'
    spec:
      containerGroups:
        - name: default
          containers:
            - { name: app, imageUri: registry.example.com/app:1.0.0, port: 8080, primary: true }`,
  )
  .join('\n')}
`;

const TIED_ARTIFACT_IDS = ['e1', 'e2', 'e3', 'e4', 'e5'].map((suffix) => `65f0000000000000000000${suffix}`);
const TIED_REPOSITORY_IDS = ['d1', 'd2', 'd3', 'd4'].map((suffix) => `65f0000000000000000000${suffix}`);

let scenarioDir: string;

beforeAll(() => {
  scenarioDir = mkdtempSync(join(tmpdir(), 'listing-test-'));
  writeFileSync(join(scenarioDir, 'listing-ties.yaml'), TIES_SCENARIO);
});

afterAll(() => {
  rmSync(scenarioDir, { recursive: true, force: true });
});

function tiesFake(): TestFake {
  return makeFake({ fixturesDirs: [scenarioDir], scenario: 'listing-ties' });
}

function idsOf(response: Response): string[] {
  return response.body.data.map((item: { id: string }) => item.id);
}

function sorted(ids: string[]): string[] {
  return [...ids].sort();
}

/** Returns the path and query of an absolute page URL, to request it from the in-process app. */
function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** Sends a GET with an explicit Host header, which page URLs must echo. */
function getWithHost(fake: TestFake, path: string, host: string): Promise<Response> {
  return request(fake.app).get(path).set('Host', host).set('Authorization', `Bearer ${TEST_TOKEN}`);
}

/** Follows `next` from the first page to the last and returns every page. */
async function walkPages(fake: TestFake, firstPath: string): Promise<Response[]> {
  const pages: Response[] = [];
  let path: string | null = firstPath;
  while (path !== null) {
    const page = await fake.get(path);
    expect(page.status).toBe(200);
    pages.push(page);
    expect(pages.length, `more pages than entities while walking ${firstPath}`).toBeLessThan(50);
    path = page.body.next === null ? null : pathOf(page.body.next);
  }
  return pages;
}

/**
 * Sorts listed entities by the rule under test: the `orderBy` field, a leading `-` for
 * descending, and ties broken by id in the same direction.
 */
function expectedOrder(items: Array<Record<string, string>>, orderBy: string): string[] {
  const descending = orderBy.startsWith('-');
  const key = descending ? orderBy.slice(1) : orderBy;
  return [...items]
    .sort((a, b) => {
      const comparison = compareText(a[key], b[key]) || compareText(a.id, b.id);
      return descending ? -comparison : comparison;
    })
    .map((item) => item.id);
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Checks that a 422 names the query parameter in both item shapes the API sends. */
function expectQueryValidationError(response: Response, parameter: string): void {
  expect(response.status).toBe(422);
  expect(Array.isArray(response.body.detail)).toBe(true);
  expect(response.body.detail.length).toBeGreaterThan(0);
  for (const item of response.body.detail) {
    expect(Array.isArray(item.loc)).toBe(true);
    expect(typeof item.msg).toBe('string');
    expect(typeof item.type).toBe('string');
    expect(typeof item.path).toBe('string');
    expect(typeof item.message).toBe('string');
    expect(typeof item.code).toBe('string');
  }
  const locations = response.body.detail.map((item: { loc: unknown[] }) => item.loc);
  expect(locations).toContainEqual(['query', parameter]);
  const paths = response.body.detail.map((item: { path: string }) => item.path);
  expect(paths).toContain(parameter);
}

describe('GET /artifacts/ envelope', () => {
  it('envelope has the five keys', async () => {
    const fake = makeFake();
    const response = await fake.get(ARTIFACTS);

    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['count', 'data', 'next', 'previous', 'totalCount']);
    expect(response.body.totalCount).toBe(ALL_ARTIFACT_IDS.length);
    expect(response.body.count).toBe(ALL_ARTIFACT_IDS.length);
    expect(sorted(idsOf(response))).toEqual(sorted(ALL_ARTIFACT_IDS));
    expect(response.body.next).toBeNull();
    expect(response.body.previous).toBeNull();
  });

  it('count is the page size', async () => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?limit=2`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(ALL_ARTIFACT_IDS.length);
    expect(response.body.count).toBe(2);
    expect(response.body.data).toHaveLength(2);
  });

  it('default limit is ten', async () => {
    const fake = makeFake({ clock: '2026-03-01T00:00:00Z' });
    for (let index = 0; index < 4; index += 1) {
      const created = await fake.post(ARTIFACTS, { name: `extra-${index}`, spec: serviceSpec() });
      expect(created.status).toBe(201);
    }

    const response = await fake.get(ARTIFACTS);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(ALL_ARTIFACT_IDS.length + 4);
    expect(response.body.count).toBe(10);
    const next = new URL(response.body.next);
    expect(next.searchParams.get('offset')).toBe('10');
    expect(next.searchParams.get('limit')).toBe('10');
  });

  it('created artifact appears in list', async () => {
    const fake = makeFake({ clock: '2026-03-01T00:00:00Z' });
    const created = await fake.post(ARTIFACTS, { name: 'fresh', spec: serviceSpec() });
    expect(created.status).toBe(201);

    const response = await fake.get(ARTIFACTS);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(ALL_ARTIFACT_IDS.length + 1);
    expect(idsOf(response)[0]).toBe(created.body.id);
  });
});

describe('GET /artifacts/ order', () => {
  it('default order is newest first', async () => {
    const fake = makeFake();
    const response = await fake.get(ARTIFACTS);

    expect(response.status).toBe(200);
    expect(idsOf(response)).toEqual([
      DEFAULT_IDS.nimDraft,
      DEFAULT_IDS.paymentsDraft,
      DEFAULT_IDS.sourceDraft,
      DEFAULT_IDS.batchDraft,
      DEFAULT_IDS.paymentsV2,
      DEFAULT_IDS.nimLocked,
      DEFAULT_IDS.paymentsV1,
    ]);
  });

  it('default order equals -createdAt', async () => {
    const fake = makeFake();
    const implicit = await fake.get(ARTIFACTS);
    const explicit = await fake.get(`${ARTIFACTS}?orderBy=-createdAt`);

    expect(implicit.status).toBe(200);
    expect(explicit.status).toBe(200);
    expect(idsOf(implicit)).toEqual(idsOf(explicit));
  });

  it.each(['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'status', '-status'])(
    'orderBy %s sorts every artifact',
    async (orderBy) => {
      const fake = makeFake();
      const response = await fake.get(`${ARTIFACTS}?orderBy=${orderBy}&limit=100`);

      expect(response.status).toBe(200);
      expect(response.body.totalCount).toBe(ALL_ARTIFACT_IDS.length);
      expect(sorted(idsOf(response))).toEqual(sorted(ALL_ARTIFACT_IDS));
      expect(idsOf(response)).toEqual(expectedOrder(response.body.data, orderBy));
    },
  );

  it('name ties sort by id', async () => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?orderBy=name&limit=100`);

    expect(response.status).toBe(200);
    const payments = idsOf(response).filter((id) =>
      [DEFAULT_IDS.paymentsV1, DEFAULT_IDS.paymentsV2, DEFAULT_IDS.paymentsDraft].includes(id),
    );
    expect(payments).toEqual([DEFAULT_IDS.paymentsV1, DEFAULT_IDS.paymentsV2, DEFAULT_IDS.paymentsDraft]);
  });

  it.each([
    ['-createdAt', true],
    ['createdAt', false],
    ['-updatedAt', true],
    ['updatedAt', false],
    ['name', false],
    ['-name', true],
    ['status', false],
    ['-status', true],
  ])('full tie on %s orders by id', async (orderBy, descending) => {
    const fake = tiesFake();
    const response = await fake.get(`${ARTIFACTS}?orderBy=${orderBy}`);

    expect(response.status).toBe(200);
    const ascending = [...TIED_ARTIFACT_IDS];
    expect(idsOf(response)).toEqual(descending ? ascending.reverse() : ascending);
  });

  it('default order ties by id', async () => {
    const fake = tiesFake();
    const response = await fake.get(ARTIFACTS);

    expect(response.status).toBe(200);
    expect(idsOf(response)).toEqual([...TIED_ARTIFACT_IDS].reverse());
  });
});

describe('GET /artifacts/ filters', () => {
  it.each([
    ['repeated keys', `ids=${DEFAULT_IDS.paymentsV1}&ids=${DEFAULT_IDS.nimLocked}`],
    ['comma-separated value', `ids=${DEFAULT_IDS.paymentsV1},${DEFAULT_IDS.nimLocked}`],
  ])('ids as %s', async (_form, query) => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?${query}`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(2);
    expect(sorted(idsOf(response))).toEqual(sorted([DEFAULT_IDS.paymentsV1, DEFAULT_IDS.nimLocked]));
  });

  it('ids mixing both forms', async () => {
    const fake = makeFake();
    const query = `ids=${DEFAULT_IDS.paymentsV1},${DEFAULT_IDS.nimLocked}&ids=${DEFAULT_IDS.batchDraft}`;
    const response = await fake.get(`${ARTIFACTS}?${query}`);

    expect(response.status).toBe(200);
    expect(sorted(idsOf(response))).toEqual(sorted([DEFAULT_IDS.paymentsV1, DEFAULT_IDS.nimLocked, DEFAULT_IDS.batchDraft]));
  });

  it('ids unknown gives empty page', async () => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?ids=65f0000000000000000000ff`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(0);
    expect(response.body.data).toEqual([]);
  });

  it('createdBy keeps one creator', async () => {
    const fake = makeFake({ clock: '2026-03-01T00:00:00Z' });
    fake.backend.state.addUser(BEN);
    const created = await fake.post(ARTIFACTS, { name: 'ben-service', spec: serviceSpec() }, BEN.token);
    expect(created.status).toBe(201);

    // Ben's artifact is private to Ben, so Ben lists it, and Dana's list has only hers.
    const byBen = await fake.get(`${ARTIFACTS}?createdBy=${BEN.id}`, BEN.token);
    const byDana = await fake.get(`${ARTIFACTS}?createdBy=${DEFAULT_IDS.user}`);

    expect(byBen.status).toBe(200);
    expect(idsOf(byBen)).toEqual([created.body.id]);
    expect(byDana.status).toBe(200);
    expect(sorted(idsOf(byDana))).toEqual(sorted(ALL_ARTIFACT_IDS));
  });

  it.each([
    ['name, any case', 'PAYMENTS-API', [DEFAULT_IDS.paymentsV1, DEFAULT_IDS.paymentsV2, DEFAULT_IDS.paymentsDraft]],
    ['description, any case', 'Readiness PROBE', [DEFAULT_IDS.paymentsV2]],
    ['partial id', '0000b4', [DEFAULT_IDS.nimLocked]],
    ['partial id, upper case', '0000B6', [DEFAULT_IDS.batchDraft]],
    ['no match', 'no-such-text', []],
  ])('search on %s', async (_case, search, expected) => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?search=${encodeURIComponent(search)}`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(expected.length);
    expect(sorted(idsOf(response))).toEqual(sorted(expected));
  });

  it.each([
    ['type=nim', [DEFAULT_IDS.nimLocked, DEFAULT_IDS.nimDraft]],
    [
      'type=service',
      [DEFAULT_IDS.paymentsV1, DEFAULT_IDS.paymentsV2, DEFAULT_IDS.paymentsDraft, DEFAULT_IDS.batchDraft, DEFAULT_IDS.sourceDraft],
    ],
    ['status=locked', [DEFAULT_IDS.paymentsV1, DEFAULT_IDS.paymentsV2, DEFAULT_IDS.nimLocked]],
    ['status=draft', [DEFAULT_IDS.paymentsDraft, DEFAULT_IDS.nimDraft, DEFAULT_IDS.batchDraft, DEFAULT_IDS.sourceDraft]],
    [`repositoryId=${DEFAULT_IDS.nimRepository}`, [DEFAULT_IDS.nimLocked, DEFAULT_IDS.nimDraft]],
    ['repositoryId=65f0000000000000000000ff', []],
    ['type=service&status=draft', [DEFAULT_IDS.paymentsDraft, DEFAULT_IDS.batchDraft, DEFAULT_IDS.sourceDraft]],
  ])('filter %s', async (query, expected) => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?${query}`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(expected.length);
    expect(sorted(idsOf(response))).toEqual(sorted(expected));
  });

  it.each([
    ['tagKeys one key', 'tagKeys=team', [DEFAULT_IDS.paymentsV1, DEFAULT_IDS.paymentsV2, DEFAULT_IDS.batchDraft]],
    [
      'tagKeys OR, repeated',
      'tagKeys=team&tagKeys=gpu',
      [DEFAULT_IDS.paymentsV1, DEFAULT_IDS.paymentsV2, DEFAULT_IDS.batchDraft, DEFAULT_IDS.nimLocked],
    ],
    [
      'tagKeys OR, comma',
      'tagKeys=team,gpu',
      [DEFAULT_IDS.paymentsV1, DEFAULT_IDS.paymentsV2, DEFAULT_IDS.batchDraft, DEFAULT_IDS.nimLocked],
    ],
    ['tagValues OR', 'tagValues=payments&tagValues=a100', [DEFAULT_IDS.paymentsV1, DEFAULT_IDS.paymentsV2, DEFAULT_IDS.nimLocked]],
    ['tagKeys AND tagValues', 'tagKeys=team&tagValues=data-science', [DEFAULT_IDS.batchDraft]],
    ['tagKeys AND tagValues, disjoint', 'tagKeys=gpu&tagValues=payments', []],
    ['tagKeys unknown', 'tagKeys=owner', []],
  ])('tags: %s', async (_case, query, expected) => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?${query}`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(expected.length);
    expect(sorted(idsOf(response))).toEqual(sorted(expected));
  });
});

describe('GET /artifacts/ pagination', () => {
  it('walking next visits each once', async () => {
    const fake = makeFake();
    const pages = await walkPages(fake, `${ARTIFACTS}?limit=2`);
    const single = await fake.get(`${ARTIFACTS}?limit=100`);

    expect(pages).toHaveLength(4);
    const walked = pages.flatMap(idsOf);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual(idsOf(single));
    expect(pages.map((page) => page.body.count)).toEqual([2, 2, 2, 1]);
  });

  it.each(['name', '-status'])('walking with ties on %s', async (orderBy) => {
    const fake = makeFake();
    const pages = await walkPages(fake, `${ARTIFACTS}?limit=2&orderBy=${orderBy}`);
    const single = await fake.get(`${ARTIFACTS}?limit=100&orderBy=${orderBy}`);

    const walked = pages.flatMap(idsOf);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual(idsOf(single));
  });

  it('walking a full tie', async () => {
    const fake = tiesFake();
    const pages = await walkPages(fake, `${ARTIFACTS}?limit=2`);

    const walked = pages.flatMap(idsOf);
    expect(new Set(walked).size).toBe(walked.length);
    expect(sorted(walked)).toEqual(TIED_ARTIFACT_IDS);
  });

  it('previous links to the page before', async () => {
    const fake = makeFake();
    const pages = await walkPages(fake, `${ARTIFACTS}?limit=2`);

    expect(pages[0].body.previous).toBeNull();
    for (let index = 1; index < pages.length; index += 1) {
      const previous = new URL(pages[index].body.previous);
      expect(previous.searchParams.get('offset')).toBe(String((index - 1) * 2));
      expect(previous.searchParams.get('limit')).toBe('2');
      const previousPage = await fake.get(pathOf(pages[index].body.previous));
      expect(idsOf(previousPage)).toEqual(idsOf(pages[index - 1]));
    }
  });

  it.each([
    [3, '1'],
    [1, '0'],
  ])('previous from offset %i', async (offset, previousOffset) => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?limit=2&offset=${offset}`);

    expect(response.status).toBe(200);
    const previous = new URL(response.body.previous);
    expect(previous.searchParams.get('offset')).toBe(previousOffset);
    expect(previous.searchParams.get('limit')).toBe('2');
  });

  it('next is null at the end', async () => {
    const fake = makeFake();
    const last = await fake.get(`${ARTIFACTS}?limit=2&offset=6`);
    const exact = await fake.get(`${ARTIFACTS}?limit=7`);

    expect(last.status).toBe(200);
    expect(last.body.count).toBe(1);
    expect(last.body.next).toBeNull();
    expect(exact.status).toBe(200);
    expect(exact.body.next).toBeNull();
  });

  it('offset past the end', async () => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?limit=2&offset=50`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(ALL_ARTIFACT_IDS.length);
    expect(response.body.count).toBe(0);
    expect(response.body.data).toEqual([]);
    expect(response.body.next).toBeNull();
  });

  it.each(['/api/v2/artifacts/', '/api/v2/artifacts', '/artifacts/', '/artifacts'])(
    'links keep path form %s',
    async (path) => {
      const fake = makeFake();
      const response = await getWithHost(fake, `${path}?limit=2&offset=2`, 'fake.test:8080');

      expect(response.status).toBe(200);
      for (const link of [response.body.next, response.body.previous]) {
        const url = new URL(link);
        expect(url.protocol).toBe('http:');
        expect(url.host).toBe('fake.test:8080');
        expect(url.pathname).toBe(path);
      }
    },
  );

  it('links keep every filter', async () => {
    const fake = makeFake();
    const sent = new URLSearchParams();
    sent.append('ids', DEFAULT_IDS.paymentsDraft);
    sent.append('ids', `${DEFAULT_IDS.batchDraft},${DEFAULT_IDS.sourceDraft}`);
    sent.append('type', 'service');
    sent.append('status', 'draft');
    sent.append('search', 'E');
    sent.append('createdBy', DEFAULT_IDS.user);
    sent.append('orderBy', 'name');
    sent.append('limit', '1');
    sent.append('offset', '1');

    const response = await fake.get(`${ARTIFACTS}?${sent.toString()}`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(3);
    for (const link of [response.body.next, response.body.previous]) {
      const params = new URL(link).searchParams;
      expect(params.getAll('ids')).toEqual(sent.getAll('ids'));
      for (const key of ['type', 'status', 'search', 'createdBy', 'orderBy', 'limit']) {
        expect(params.getAll(key), key).toEqual(sent.getAll(key));
      }
    }
    expect(new URL(response.body.next).searchParams.getAll('offset')).toEqual(['2']);
    expect(new URL(response.body.previous).searchParams.getAll('offset')).toEqual(['0']);
  });

  it('links keep tag and repository filters', async () => {
    const fake = makeFake();
    const query = `tagKeys=team&tagValues=payments&tagValues=data-science&repositoryId=${DEFAULT_IDS.paymentsRepository}&limit=1`;
    const response = await fake.get(`${ARTIFACTS}?${query}`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(2);
    const params = new URL(response.body.next).searchParams;
    expect(params.getAll('tagKeys')).toEqual(['team']);
    expect(params.getAll('tagValues')).toEqual(['payments', 'data-science']);
    expect(params.getAll('repositoryId')).toEqual([DEFAULT_IDS.paymentsRepository]);
    expect(params.getAll('limit')).toEqual(['1']);
    expect(params.getAll('offset')).toEqual(['1']);
  });

  it('links keep search text exactly', async () => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?search=${encodeURIComponent(' RELEASE')}&limit=1`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(3);
    expect(new URL(response.body.next).searchParams.getAll('search')).toEqual([' RELEASE']);
  });

  it('following next keeps the filter', async () => {
    const fake = makeFake();
    const pages = await walkPages(fake, `${ARTIFACTS}?status=draft&limit=3`);

    expect(pages).toHaveLength(2);
    expect(sorted(pages.flatMap(idsOf))).toEqual(
      sorted([DEFAULT_IDS.paymentsDraft, DEFAULT_IDS.nimDraft, DEFAULT_IDS.batchDraft, DEFAULT_IDS.sourceDraft]),
    );
  });
});

describe('GET /artifacts/ invalid query', () => {
  it.each([
    ['limit=101', 'limit'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=abc', 'offset'],
    ['orderBy=size', 'orderBy'],
    ['orderBy=-size', 'orderBy'],
    ['status=archived', 'status'],
    ['type=notebook', 'type'],
    [`search=${'a'.repeat(101)}`, 'search'],
  ])('%s gives 422', async (query, parameter) => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?${query}`);

    expectQueryValidationError(response, parameter);
  });

  it('orderBy error lists status', async () => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?orderBy=size`);

    expect(response.status).toBe(422);
    expect(response.body.detail[0].msg).toContain('"-status"');
  });

  it.each(['limit=1', 'limit=100'])('%s is accepted', async (query) => {
    const fake = makeFake();
    const response = await fake.get(`${ARTIFACTS}?${query}`);

    expect(response.status).toBe(200);
    expect(response.body.count).toBe(Math.min(Number(query.split('=')[1]), ALL_ARTIFACT_IDS.length));
  });
});

describe('GET /artifactRepositories/', () => {
  it('envelope has the five keys', async () => {
    const fake = makeFake();
    const response = await fake.get(REPOSITORIES);

    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['count', 'data', 'next', 'previous', 'totalCount']);
    expect(response.body.totalCount).toBe(ALL_REPOSITORY_IDS.length);
    expect(response.body.count).toBe(ALL_REPOSITORY_IDS.length);
    expect(response.body.next).toBeNull();
    expect(response.body.previous).toBeNull();
  });

  it('default order is newest first', async () => {
    const fake = makeFake();
    const response = await fake.get(REPOSITORIES);

    expect(response.status).toBe(200);
    expect(idsOf(response)).toEqual([
      DEFAULT_IDS.sourceRepository,
      DEFAULT_IDS.batchRepository,
      DEFAULT_IDS.nimRepository,
      DEFAULT_IDS.paymentsRepository,
    ]);
  });

  it.each(['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'])(
    'orderBy %s sorts every repository',
    async (orderBy) => {
      const fake = makeFake();
      const response = await fake.get(`${REPOSITORIES}?orderBy=${orderBy}&limit=100`);

      expect(response.status).toBe(200);
      expect(sorted(idsOf(response))).toEqual(sorted(ALL_REPOSITORY_IDS));
      expect(idsOf(response)).toEqual(expectedOrder(response.body.data, orderBy));
    },
  );

  it.each([
    ['-createdAt', true],
    ['createdAt', false],
    ['name', false],
    ['-updatedAt', true],
  ])('full tie on %s orders by id', async (orderBy, descending) => {
    const fake = tiesFake();
    const response = await fake.get(`${REPOSITORIES}?orderBy=${orderBy}`);

    expect(response.status).toBe(200);
    const ascending = [...TIED_REPOSITORY_IDS];
    expect(idsOf(response)).toEqual(descending ? ascending.reverse() : ascending);
  });

  it.each([
    ['ids repeated', `ids=${DEFAULT_IDS.nimRepository}&ids=${DEFAULT_IDS.batchRepository}`, [DEFAULT_IDS.nimRepository, DEFAULT_IDS.batchRepository]],
    ['ids comma', `ids=${DEFAULT_IDS.nimRepository},${DEFAULT_IDS.batchRepository}`, [DEFAULT_IDS.nimRepository, DEFAULT_IDS.batchRepository]],
    ['search name, any case', 'search=LLAMA', [DEFAULT_IDS.nimRepository]],
    ['search partial id', 'search=0000A3', [DEFAULT_IDS.batchRepository]],
    ['search no match', 'search=sidecar', []],
    ['type nim', 'type=nim', [DEFAULT_IDS.nimRepository]],
    ['type service', 'type=service', [DEFAULT_IDS.paymentsRepository, DEFAULT_IDS.batchRepository, DEFAULT_IDS.sourceRepository]],
    ['tagKeys', 'tagKeys=team', [DEFAULT_IDS.paymentsRepository]],
    ['tagValues', 'tagValues=payments', [DEFAULT_IDS.paymentsRepository]],
    ['tagKeys AND tagValues, disjoint', 'tagKeys=team&tagValues=a100', []],
  ])('filter %s', async (_case, query, expected) => {
    const fake = makeFake();
    const response = await fake.get(`${REPOSITORIES}?${query}`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(expected.length);
    expect(sorted(idsOf(response))).toEqual(sorted(expected));
  });

  it.each([
    ['tagKeys OR', 'tagKeys=team&tagKeys=gpu', ['d1', 'd2', 'd3']],
    ['tagKeys OR, comma', 'tagKeys=team,gpu', ['d1', 'd2', 'd3']],
    ['tagValues OR', 'tagValues=alpha,h100', ['d1', 'd2']],
    ['tagKeys AND tagValues', 'tagKeys=team&tagValues=a100,h100', ['d3']],
    ['tagKeys AND tagValues, disjoint', 'tagKeys=team&tagValues=h100', []],
  ])('tags: %s', async (_case, query, suffixes) => {
    const fake = tiesFake();
    const response = await fake.get(`${REPOSITORIES}?${query}`);

    expect(response.status).toBe(200);
    expect(sorted(idsOf(response))).toEqual(suffixes.map((suffix) => `65f0000000000000000000${suffix}`));
  });

  it('createdBy keeps one creator', async () => {
    const fake = makeFake({ clock: '2026-03-01T00:00:00Z' });
    fake.backend.state.addUser(BEN);
    const created = await fake.post(ARTIFACTS, { name: 'ben-service', spec: serviceSpec() }, BEN.token);
    expect(created.status).toBe(201);

    // Ben's repository is private to Ben, so Ben lists it, and Dana's list has only hers.
    const byBen = await fake.get(`${REPOSITORIES}?createdBy=${BEN.id}`, BEN.token);
    const byDana = await fake.get(`${REPOSITORIES}?createdBy=${DEFAULT_IDS.user}`);

    expect(byBen.status).toBe(200);
    expect(idsOf(byBen)).toEqual([created.body.artifactRepositoryId]);
    expect(byDana.status).toBe(200);
    expect(sorted(idsOf(byDana))).toEqual(sorted(ALL_REPOSITORY_IDS));
  });

  it('walking next visits each once', async () => {
    const fake = makeFake();
    const pages = await walkPages(fake, `${REPOSITORIES}?limit=3`);
    const single = await fake.get(`${REPOSITORIES}?limit=100`);

    expect(pages).toHaveLength(2);
    expect(pages[0].body.previous).toBeNull();
    const walked = pages.flatMap(idsOf);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual(idsOf(single));
    expect(new URL(pages[1].body.previous).searchParams.get('offset')).toBe('0');
  });

  it('walking a full tie', async () => {
    const fake = tiesFake();
    const pages = await walkPages(fake, `${REPOSITORIES}?limit=1&orderBy=name`);

    const walked = pages.flatMap(idsOf);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual(TIED_REPOSITORY_IDS);
  });

  it.each(['/api/v2/artifactRepositories/', '/artifactRepositories'])('links keep path form %s', async (path) => {
    const fake = makeFake();
    const response = await getWithHost(fake, `${path}?limit=1&offset=1&type=service`, 'fake.test:8080');

    expect(response.status).toBe(200);
    for (const link of [response.body.next, response.body.previous]) {
      const url = new URL(link);
      expect(url.host).toBe('fake.test:8080');
      expect(url.pathname).toBe(path);
      expect(url.searchParams.getAll('type')).toEqual(['service']);
      expect(url.searchParams.getAll('limit')).toEqual(['1']);
    }
  });

  it.each([
    ['orderBy=status', 'orderBy'],
    ['orderBy=-status', 'orderBy'],
    ['orderBy=size', 'orderBy'],
    ['limit=101', 'limit'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['offset=-1', 'offset'],
  ])('%s gives 422', async (query, parameter) => {
    const fake = makeFake();
    const response = await fake.get(`${REPOSITORIES}?${query}`);

    expectQueryValidationError(response, parameter);
  });
});
