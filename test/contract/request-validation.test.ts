import { describe, expect, it } from 'vitest';
import { fillArtifactSpecType, liftPatchSpecType } from '../../src/contract/artifact-body.js';
import { getContract } from '../../src/contract/contract.js';
import { coerceQueryValue } from '../../src/contract/query-coercion.js';

const contract = getContract();

function bodyItems(operationId: string, body: unknown) {
  return contract.operation(operationId).checkBody(body).items;
}

describe('body validation items', () => {
  it('names a missing field', () => {
    const items = bodyItems('cloneArtifact', {});

    expect(items).toEqual([
      { loc: ['body', 'name'], msg: '"name": field required', type: 'missing', path: 'name', message: '"name": field required', code: 'missing' },
    ]);
  });

  it('says an empty name must not be empty', () => {
    const [item] = bodyItems('cloneArtifact', { name: '' });

    expect(item.msg).toBe('"name": must not be empty');
    expect(item.code).toBe('string_too_short');
  });

  it('reports the real problem of a nullable field', () => {
    const [item, ...rest] = bodyItems('patchArtifact', { name: 42 });

    expect(rest).toHaveLength(0);
    expect(item.path).toBe('name');
    expect(item.code).toBe('string_type');
  });

  it('picks the closest union branch', () => {
    const items = bodyItems('updateArtifactSharedRoles', { operation: 'updateRoles', roles: [{ username: 'u', role: 'READ_ONLY' }] });

    expect(items.map((item) => item.path)).toEqual(['roles.0.shareRecipientType']);
  });

  it('lists the allowed enum values', () => {
    const [item] = bodyItems('patchArtifact', { status: 'published' });

    expect(item.msg).toBe('"status": must be one of "draft", "locked"');
  });

  it('follows the spec discriminator', () => {
    const body = { name: 'n', type: 'nim', spec: { containerGroups: [], storage: { mode: 'elsewhere' } } };
    fillArtifactSpecType(body);
    const items = bodyItems('createArtifact', body);

    expect(items.map((item) => item.path)).toEqual(['spec.storage.mode']);
  });

  it('formats nested paths with indexes', () => {
    const body = { name: 'n', spec: { containerGroups: [{ containers: [{ imageUri: 'x', port: 80 }] }] } };
    fillArtifactSpecType(body);
    const [item] = bodyItems('createArtifact', body);

    expect(item.loc).toEqual(['body', 'spec', 'containerGroups', 0, 'containers', 0, 'port']);
    expect(item.msg).toBe('"spec.containerGroups[0].containers[0].port": must be greater than or equal to 1024');
  });

  it('rejects a body that is not an object', () => {
    const [item] = bodyItems('cloneArtifact', null);

    expect(item.loc).toEqual(['body']);
    expect(item.code).toBe('dict_type');
  });

  it('requires a body where the spec does', () => {
    const [item] = contract.operation('createArtifact').checkBody(undefined).items;

    expect(item.code).toBe('missing');
    expect(item.loc).toEqual(['body']);
  });
});

describe('query validation', () => {
  const listArtifacts = contract.operation('listArtifacts');

  it('coerces integers and arrays', () => {
    const result = listArtifacts.checkQuery({ limit: '5', offset: '10', ids: ['a', 'b,c'] });

    expect(result.items).toEqual([]);
    expect(result.value).toEqual({ limit: 5, offset: 10, ids: ['a', 'b', 'c'] });
  });

  it('rejects a limit above 100', () => {
    const [item] = listArtifacts.checkQuery({ limit: '101' }).items;

    expect(item.loc).toEqual(['query', 'limit']);
    expect(item.code).toBe('less_than_equal');
  });

  it('rejects text where an integer belongs', () => {
    const [item] = listArtifacts.checkQuery({ offset: 'ten' }).items;

    expect(item.code).toBe('int_type');
    expect(item.msg).toContain('"offset"');
  });

  it('lists every orderBy choice', () => {
    const [item] = listArtifacts.checkQuery({ orderBy: 'size' }).items;

    expect(item.msg).toContain('"-createdAt"');
    expect(item.msg).toContain('"-status"');
  });

  it('ignores unknown parameters', () => {
    expect(listArtifacts.checkQuery({ color: 'red' }).items).toEqual([]);
  });

  it('keeps the last of a repeated scalar', () => {
    expect(coerceQueryValue(['1', '2'], 'integer')).toBe(2);
  });
});

describe('spec.type handling', () => {
  it('fills spec.type from type', () => {
    const body = { name: 'n', type: 'nim', spec: { containerGroups: [] } };
    fillArtifactSpecType(body);

    expect(body.spec).toEqual({ containerGroups: [], type: 'nim' });
  });

  it('defaults spec.type to service', () => {
    const body = { name: 'n', spec: { containerGroups: [] } as Record<string, unknown> };
    fillArtifactSpecType(body);

    expect(body.spec.type).toBe('service');
  });

  it('lifts spec.type out of a PATCH', () => {
    const body = { spec: { type: 'service', containerGroups: [] } };
    const lifted = liftPatchSpecType(body);

    expect(lifted.declaredSpecType).toBe('service');
    expect(body.spec).toEqual({ containerGroups: [] });
  });
});

describe('response validation', () => {
  it('accepts a conforming artifact list', () => {
    const problems = contract.operation('listArtifacts').checkResponse(200, { totalCount: 0, count: 0, next: null, previous: null, data: [] });

    expect(problems).toEqual([]);
  });

  it('reports a missing envelope key', () => {
    const problems = contract.operation('listArtifacts').checkResponse(200, { totalCount: 0, count: 0, next: null, data: [] });

    expect(problems.join()).toContain('previous');
  });

  it('reports an undeclared status', () => {
    const problems = contract.operation('getArtifact').checkResponse(201, {});

    expect(problems).toEqual(['status 201 is not declared for getArtifact']);
  });
});
