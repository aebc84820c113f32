import { describe, expect, it } from 'vitest';
import { getContract } from '../../src/contract/contract.js';
import { serialize } from '../../src/http/exchange.js';
import { makeFake, DEFAULT_IDS } from '../helpers/fake.js';

const contract = getContract();

async function artifactBody(): Promise<Record<string, unknown>> {
  const fake = makeFake();
  return (await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}`)).body;
}

function envelope(data: unknown[]): Record<string, unknown> {
  return { totalCount: data.length, count: data.length, next: null, previous: null, data };
}

describe('response checker', () => {
  it('accepts a list of valid items', async () => {
    const item = Object.freeze(await artifactBody());

    expect(contract.operation('listArtifacts').checkResponse(200, envelope([item, item]))).toEqual([]);
  });

  it('reports a bad item with its index', async () => {
    const good = await artifactBody();
    const bad = { ...good, name: 42 };
    const problems = contract.operation('listArtifacts').checkResponse(200, envelope([good, bad]));

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\/data\/1\/name /);
  });

  it('reports a bad envelope', async () => {
    const problems = contract.operation('listArtifacts').checkResponse(200, { totalCount: 'many', count: 0, next: null, previous: null, data: [] });

    expect(problems[0]).toMatch(/^\/totalCount /);
  });

  it('checks a frozen item until it passes', async () => {
    const bad = Object.freeze({ ...(await artifactBody()), name: 42 });
    const first = contract.operation('listArtifacts').checkResponse(200, envelope([bad]));
    const second = contract.operation('listArtifacts').checkResponse(200, envelope([bad]));

    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
  });

  it('checks unfrozen bodies every time', async () => {
    const body = await artifactBody();
    const operation = contract.operation('getArtifact');
    const before = operation.checkResponse(200, body);
    body.name = 42;
    const after = operation.checkResponse(200, body);

    expect(before).toEqual([]);
    expect(after).toHaveLength(1);
  });
});

describe('serialize', () => {
  it('matches JSON.stringify for lists', async () => {
    const item = Object.freeze(await artifactBody());
    const body = envelope([item, { plain: true }, item]);

    expect(serialize(body)).toBe(JSON.stringify(body));
    expect(serialize(body)).toBe(JSON.stringify(body));
  });

  it('matches JSON.stringify elsewhere', () => {
    const bodies = [{ detail: 'x' }, [1, 2], 'text', null, { data: 'not a list', skipped: undefined }, Object.freeze({ a: 1 })];

    for (const body of bodies) expect(serialize(body)).toBe(JSON.stringify(body));
  });
});
