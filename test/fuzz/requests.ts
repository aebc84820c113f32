import fc from 'fast-check';
import type { Contract } from '../../src/contract/contract.js';
import type { OperationContract } from '../../src/contract/operation-contract.js';
import type { JsonSchema, ParameterObject } from '../../src/contract/spec-loader.js';
import type { WorkloadState } from '../../src/domain/state.js';
import { artifactInput, artifactPatch, cloneRequest, ignoredBody, sharedRolesUpdate, workloadInput } from './bodies.js';
import { hexId, IdPool, reference, Reference, resolveReferences, type EntityKind, type ReferenceKind } from './references.js';
import { nastyString, plainString, SchemaArbitraries } from './schema-arbitraries.js';

// The request model of the fuzz test. A Step is generated before the run starts, so it
// contains References instead of ids, and `resolveStep` turns it into the HTTP request
// against the state of the moment. Steps are plain data, so fast-check can shrink and
// print them.

export type PathValue = Reference | { text: string; raw?: boolean };
/** A query value; a list is sent as one comma-separated value. */
export type QueryValue = string | Reference | Array<string | Reference>;

export type BodyPlan =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType?: string }
  | { kind: 'text'; text: string; contentType: string; contentEncoding?: string }
  /** A JSON document just over the fake's default 1 MiB body limit, built when sent. */
  | { kind: 'oversized' };

export type AuthPlan = { kind: 'token'; token: Reference | string } | { kind: 'header'; value: string } | { kind: 'none' };

export interface Step {
  operationId: string;
  /** Which generator made the step: `valid`, `bad-path`, `bad-query`, `bad-body`, `bad-auth` or `http`. */
  variant: string;
  method: string;
  apiPrefix: boolean;
  trailingSlash: boolean;
  path: Record<string, PathValue>;
  query: Array<[string, QueryValue]>;
  body: BodyPlan;
  auth: AuthPlan;
  /** Headers sent besides Authorization and Content-Type, such as `Prefer`. */
  headers: Record<string, string>;
}

/** A step with its references resolved: what supertest sends. */
export interface ResolvedRequest {
  operationId: string;
  variant: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: string;
}

/** One operation of the spec with the parts the generators need. */
export interface OperationInfo {
  operationId: string;
  method: string;
  pathTemplate: string;
  pathParameters: ParameterObject[];
  queryParameters: ParameterObject[];
  bodySchema?: JsonSchema;
  contract: OperationContract;
  /** Methods the operation's path does not serve: sending one must get 405. */
  unservedMethods: string[];
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function describeOperations(contract: Contract): OperationInfo[] {
  return contract.operations.map((operation) => {
    const pathItem = contract.document.paths[operation.pathTemplate];
    const raw = pathItem[operation.method.toLowerCase()];
    const parameters = raw.parameters ?? [];
    return {
      operationId: operation.operationId,
      method: operation.method,
      pathTemplate: operation.pathTemplate,
      pathParameters: parameters.filter((parameter) => parameter.in === 'path'),
      queryParameters: parameters.filter((parameter) => parameter.in === 'query'),
      bodySchema: raw.requestBody?.content?.['application/json']?.schema,
      contract: operation,
      unservedMethods: METHODS.filter((method) => !pathItem[method.toLowerCase()]),
    };
  });
}

/** The entity each path parameter names. */
const PATH_PARAMETER_KINDS: Record<string, EntityKind> = {
  artifact_id: 'artifact',
  artifact_repository_id: 'repository',
  workload_id: 'workload',
  build_id: 'build',
};

/** Operations that succeed only on some artifacts get those more often, so they reach their success path. */
const PREFERRED_ARTIFACTS: Record<string, ReferenceKind> = {
  patchArtifact: 'draftArtifact',
  updateArtifact: 'draftArtifact',
  deleteArtifact: 'draftArtifact',
  triggerArtifactBuild: 'buildableArtifact',
};

/** Path segments that name nothing: unknown hex ids, malformed ids, unicode, very long text and broken escapes. */
function badSegment(kind: EntityKind | undefined): fc.Arbitrary<PathValue> {
  const otherKinds = (['artifact', 'repository', 'workload', 'build', 'user'] as EntityKind[]).filter((other) => other !== kind);
  const options: Array<fc.Arbitrary<PathValue>> = [
    hexId.map((text) => ({ text })),
    fc.constantFrom('not-an-id', '65F0000000000000000000A1', '65f0000000000000000000b1x', '65f0000000000000000000b', '0', '-1', 'null', ' ', 'a/b', '?x=1', '#frag').map((text) => ({ text })),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((text) => ({ text })),
    fc.constantFrom('a'.repeat(5000), 'f'.repeat(4096), 'é'.repeat(300)).map((text) => ({ text })),
    fc.constantFrom('%E0%A4%A', '%', '%zz', '%C0%AF').map((text) => ({ text, raw: true })),
    fc.constantFrom(...otherKinds).chain((other) => reference(other)),
  ];
  if (kind) options.push(reference(kind, { stale: true }), reference('upcomingId'));
  return fc.oneof(...options);
}

/** Known tag names and values of the scenarios, so tag filters sometimes match. */
const tagText = fc.oneof(fc.constantFrom('team', 'payments', 'gpu', 'a100'), plainString);

/** Valid values of one query parameter, as the texts to send (several for a list sent as repeated keys). */
function validQueryValues(parameter: ParameterObject, schemas: SchemaArbitraries): fc.Arbitrary<QueryValue[]> {
  switch (parameter.name) {
    case 'createdBy':
      return reference('user').map((ref) => [ref]);
    case 'repositoryId':
      return reference('repository').map((ref) => [ref]);
    case 'artifactId':
      return reference('artifact').map((ref) => [ref]);
    case 'protonId':
      return hexId.map((id) => [id]);
    case 'ids':
      return listValues(fc.oneof(reference('artifact'), reference('repository'), reference('workload'), hexId));
    case 'tagKeys':
    case 'tagValues':
      return listValues(tagText);
    case 'search':
      return fc.oneof(fc.constantFrom('pay', 'LLM', 'scorer', '65f', 'é'), plainString).map((text) => [text]);
    case 'offset':
      return fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(100, 5000)).map((value) => [String(value)]);
  }

  return schemas.valid(parameter.schema).chain((value) => {
    if (value === null || value === undefined) return fc.constant([]);
    if (Array.isArray(value)) return fc.constantFrom(true, false).map((joined) => (joined ? [value.join(',')] : value.map(String)));
    return fc.constant([String(value)]);
  });
}

/** Generates the values of a list parameter, sent as one comma-separated value or as repeated keys. */
function listValues(item: fc.Arbitrary<string | Reference>): fc.Arbitrary<QueryValue[]> {
  const items = fc.array(item, { minLength: 1, maxLength: 3 });
  return fc.oneof(items, items.map((list) => [list]));
}

/** Query values that break a parameter's schema: out-of-range numbers, unknown enum values, long and odd text. */
function badQueryValue(parameter: ParameterObject, schemas: SchemaArbitraries): fc.Arbitrary<string> {
  switch (parameter.name) {
    case 'limit':
      return fc.constantFrom('0', '-1', '101', '1000', 'abc', '1.5', '', '1e2', ' 5', '0x10', '99999999999999999999', '+5', '٣', 'null');
    case 'offset':
      return fc.constantFrom('-1', 'x', '1.5', '', '1e400', '99999999999999999999', '9'.repeat(400), '9007199254740993', '-0');
    case 'search':
      return fc.oneof(fc.constantFrom('x'.repeat(100), 'x'.repeat(101), 'é'.repeat(101), 'x'.repeat(5000)), nastyString);
  }
  return fc.oneof(schemas.mutant(parameter.schema).map(queryText), nastyString);
}

/**
 * Percent-encodes text for a URL. A lone UTF-16 surrogate, which encodeURIComponent
 * rejects, is sent as the three bytes of its WTF-8 form, so servers see invalid UTF-8.
 */
export function percentEncode(text: string): string {
  let encoded = '';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      encoded += encodeURIComponent(text.slice(index, index + 2));
      index += 1;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      encoded += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else {
      encoded += encodeURIComponent(text[index]);
    }
  }
  return encoded;
}

function queryText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/** Builds the arbitrary of every kind of step for one operation. */
export class StepFactory {
  constructor(private readonly schemas: SchemaArbitraries) {}

  forOperation(operation: OperationInfo): fc.Arbitrary<Step> {
    const validPath = this.validPath(operation);
    const validQuery = this.validQuery(operation);
    const validBody = this.validBody(operation);
    const validAuth: fc.Arbitrary<AuthPlan> = fc.oneof(
      { weight: 8, arbitrary: reference('token', { firstOnly: true }).map((token): AuthPlan => ({ kind: 'token', token })) },
      { weight: 3, arbitrary: reference('token').map((token): AuthPlan => ({ kind: 'token', token })) },
      { weight: 1, arbitrary: fc.constant<AuthPlan>({ kind: 'token', token: 'token-nobody-owns' }) },
    );
    const badAuth: fc.Arbitrary<AuthPlan> = fc.oneof(
      fc.constant<AuthPlan>({ kind: 'none' }),
      fc.constantFrom('Basic dXNlcjpwYXNz', 'Bearer', 'Bearer two tokens', 'Token default-token', 'default-token').map((value): AuthPlan => ({ kind: 'header', value })),
    );

    const variants: Array<fc.WeightedArbitrary<Step>> = [
      { weight: 12, arbitrary: this.step(operation, 'valid', validPath, validQuery, validBody, validAuth) },
      { weight: 1, arbitrary: this.step(operation, 'bad-auth', validPath, validQuery, validBody, badAuth) },
      { weight: 1, arbitrary: this.httpLevel(operation, validPath, validBody, validAuth) },
    ];
    if (operation.pathParameters.length > 0) {
      variants.push({ weight: 3, arbitrary: this.step(operation, 'bad-path', this.badPath(operation), validQuery, validBody, validAuth) });
    }
    if (operation.queryParameters.length > 0) {
      variants.push({ weight: 3, arbitrary: this.step(operation, 'bad-query', validPath, this.badQuery(operation, validQuery), validBody, validAuth) });
    }
    if (operation.bodySchema) {
      variants.push({ weight: 5, arbitrary: this.step(operation, 'bad-body', validPath, validQuery, this.badBody(operation), validAuth) });
    }
    return fc.oneof(...variants);
  }

  private step(
    operation: OperationInfo,
    variant: string,
    path: fc.Arbitrary<Record<string, PathValue>>,
    query: fc.Arbitrary<Array<[string, QueryValue]>>,
    body: fc.Arbitrary<BodyPlan>,
    auth: fc.Arbitrary<AuthPlan>,
    method: fc.Arbitrary<string> = fc.constant(operation.method),
    headers: fc.Arbitrary<Record<string, string>> = fc.constant({}),
  ): fc.Arbitrary<Step> {
    const form = fc.record({
      apiPrefix: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      trailingSlash: fc.boolean(),
    });
    return fc.record({ path, query, body, auth, form, method, headers }).map(({ form: { apiPrefix, trailingSlash }, ...parts }) => ({
      operationId: operation.operationId,
      variant,
      apiPrefix,
      trailingSlash,
      ...parts,
    }));
  }

  private validPath(operation: OperationInfo): fc.Arbitrary<Record<string, PathValue>> {
    const names = operation.pathParameters.map((parameter) => parameter.name);
    const model: Record<string, fc.Arbitrary<PathValue>> = {};
    for (const parameter of operation.pathParameters) {
      const kind = PATH_PARAMETER_KINDS[parameter.name];
      const preferred = PREFERRED_ARTIFACTS[operation.operationId];
      if (parameter.name === 'artifact_id' && preferred) model[parameter.name] = fc.oneof({ weight: 3, arbitrary: reference(preferred) }, { weight: 1, arbitrary: reference('artifact') });
      else if (kind) model[parameter.name] = reference(kind);
      else if (parameter.name === 'proton_id') model[parameter.name] = hexId.map((text) => ({ text }));
      else model[parameter.name] = this.schemas.valid(parameter.schema).map((value) => ({ text: String(value) }));
    }
    const independent = fc.record(model);
    if (!names.includes('build_id')) return independent;

    // A build and the artifact it belongs to, so build reads find the build.
    const paired = fc.nat({ max: 1000 }).map((pick) => ({ artifact_id: new Reference('buildArtifact', pick), build_id: new Reference('build', pick) }));
    return fc.oneof({ weight: 4, arbitrary: paired }, { weight: 1, arbitrary: independent });
  }

  private badPath(operation: OperationInfo): fc.Arbitrary<Record<string, PathValue>> {
    const valid = this.validPath(operation);
    const replacements = operation.pathParameters.map((parameter) => {
      const kind = PATH_PARAMETER_KINDS[parameter.name];
      const bad = parameter.name === 'metric_name' ? fc.oneof(this.schemas.mutant(parameter.schema).map((value) => ({ text: queryText(value) || 'x' })), badSegment(undefined)) : badSegment(kind);
      return fc.tuple(valid, bad).map(([path, segment]) => ({ ...path, [parameter.name]: segment }));
    });
    return fc.oneof(...replacements);
  }

  private validQuery(operation: OperationInfo): fc.Arbitrary<Array<[string, QueryValue]>> {
    if (operation.queryParameters.length === 0) return fc.constant([]);
    const model: Record<string, fc.Arbitrary<QueryValue[]>> = {};
    for (const parameter of operation.queryParameters) model[parameter.name] = validQueryValues(parameter, this.schemas);
    return fc.record(model, { requiredKeys: [] }).map((values) =>
      Object.entries(values).flatMap(([name, list]) => (list as QueryValue[]).map((value): [string, QueryValue] => [name, value])),
    );
  }

  private badQuery(operation: OperationInfo, valid: fc.Arbitrary<Array<[string, QueryValue]>>): fc.Arbitrary<Array<[string, QueryValue]>> {
    const pairs = operation.queryParameters.map((parameter) => badQueryValue(parameter, this.schemas).map((value): [string, QueryValue] => [parameter.name, value]));
    const unknownKeys = fc.constantFrom<[string, QueryValue]>(['unknown', '1'], ['limit[]', '5'], ['__proto__', 'x'], ['constructor', '1'], ['LIMIT', '1000']);
    // The bad pair comes last, because a scalar sent twice keeps its last value.
    return fc
      .tuple(valid, fc.oneof(...pairs, unknownKeys))
      .map(([query, bad]) => [...query, bad])
      .filter((query) => query.every(([, value]) => typeof value !== 'string' || percentEncode(value).length < 6000));
  }

  private validBody(operation: OperationInfo): fc.Arbitrary<BodyPlan> {
    if (!operation.bodySchema) {
      return fc.oneof(
        { weight: 9, arbitrary: fc.constant<BodyPlan>({ kind: 'none' }) },
        { weight: 1, arbitrary: ignoredBody.map((value): BodyPlan => ({ kind: 'json', value })) },
      );
    }
    const fromSchema = this.schemas.valid(operation.bodySchema);
    const curated = CURATED_BODIES[operation.operationId];
    const value = curated ? fc.oneof({ weight: 3, arbitrary: curated }, { weight: 1, arbitrary: fromSchema }) : fromSchema;
    return value.map((body): BodyPlan => ({ kind: 'json', value: body }));
  }

  private badBody(operation: OperationInfo): fc.Arbitrary<BodyPlan> {
    const json = (contentType = 'application/json') => (text: string): BodyPlan => ({ kind: 'text', text, contentType });
    return fc.oneof(
      { weight: 8, arbitrary: this.schemas.mutant(operation.bodySchema!).map((value): BodyPlan => ({ kind: 'json', value })) },
      {
        weight: 2,
        arbitrary: fc.constantFrom('{"name": ', '{name: "x"}', "{'name': 'x'}", '[1, 2', 'NaN', '{"a": 1}}', '\u0000', '', ' ', '{"name": "\\ud800"}').map(json()),
      },
      { weight: 1, arbitrary: fc.constantFrom('null', '[]', '"text"', '42', 'true', '{}').map(json()) },
      { weight: 1, arbitrary: fc.constantFrom('{"name": "a", "name": "b"}', '{"__proto__": {"status": "locked"}, "name": "x"}', '{"constructor": {"prototype": {"x": 1}}}').map(json()) },
      { weight: 1, arbitrary: fc.constantFrom(200, 5000).map((depth) => `{"name": "deep", "spec": ${'['.repeat(depth)}${']'.repeat(depth)}}`).map(json()) },
      { weight: 1, arbitrary: fc.constantFrom<[string, string]>(['{"name": "x"}', 'text/plain'], ['name=x', 'application/x-www-form-urlencoded'], ['<a/>', 'application/xml']).map(([text, contentType]): BodyPlan => ({ kind: 'text', text, contentType })) },
    );
  }

  /**
   * Generates requests that the HTTP layer handles or must tolerate: a method the path
   * lacks, HEAD, and big, compressed or odd bodies. It also sends `Prefer: code=N`, which
   * picks the status of a generated response and which stateful operations ignore.
   */
  private httpLevel(operation: OperationInfo, path: fc.Arbitrary<Record<string, PathValue>>, body: fc.Arbitrary<BodyPlan>, auth: fc.Arbitrary<AuthPlan>): fc.Arbitrary<Step> {
    const preferredStatus = fc.constantFrom(...operation.contract.declaredStatuses, 302, 418, 500);
    const prefer = preferredStatus.map((status) => ({ Prefer: `code=${status}` }));
    const options: Array<fc.Arbitrary<Step>> = [this.step(operation, 'http', path, this.validQuery(operation), body, auth, fc.constant(operation.method), prefer)];
    if (operation.unservedMethods.length > 0) {
      options.push(this.step(operation, 'http', path, fc.constant([]), body, auth, fc.constantFrom(...operation.unservedMethods)));
    }
    if (operation.method === 'GET') options.push(this.step(operation, 'http', path, fc.constant([]), fc.constant<BodyPlan>({ kind: 'none' }), auth, fc.constant('HEAD')));
    if (operation.bodySchema) {
      const odd = fc.oneof(
        fc.constant<BodyPlan>({ kind: 'oversized' }),
        fc.constantFrom<BodyPlan>(
          { kind: 'text', text: '{"name": "x"}', contentType: 'application/json; charset=latin1' },
          { kind: 'text', text: '{"name": "x"}', contentType: 'application/json', contentEncoding: 'compress' },
          { kind: 'text', text: '{"name": "x"}', contentType: 'application/json', contentEncoding: 'gzip' },
        ),
        body.map((plan): BodyPlan => (plan.kind === 'json' ? { ...plan, contentType: 'application/merge-patch+json' } : plan)),
        body.map((plan): BodyPlan => (plan.kind === 'json' ? { ...plan, contentType: 'application/json; charset=utf-8' } : plan)),
      );
      options.push(this.step(operation, 'http', path, fc.constant([]), odd, auth));
    }
    return options.length > 0 ? fc.oneof(...options) : this.step(operation, 'http', path, fc.constant([]), body, auth);
  }
}

/**
 * Returns how often an operation is picked: writes that move the state most, reads
 * less, and the generated operations, which keep no state, least.
 */
export function operationWeight(operationId: string): number {
  return OPERATION_WEIGHTS[operationId] ?? 1;
}

const OPERATION_WEIGHTS: Record<string, number> = {
  createArtifact: 10,
  patchArtifact: 10,
  cloneArtifact: 5,
  updateArtifact: 4,
  deleteArtifact: 4,
  deleteArtifactRepository: 3,
  triggerArtifactBuild: 4,
  getArtifactBuild: 5,
  createWorkload: 5,
  deleteWorkload: 3,
  promoteWorkloadArtifact: 3,
  updateArtifactSharedRoles: 3,
  updateArtifactRepositorySharedRoles: 3,
  startWorkload: 2,
  stopWorkload: 2,
  updateWorkload: 2,
  listArtifacts: 2,
  getArtifact: 2,
  listArtifactRepositories: 2,
  getArtifactRepository: 2,
  listArtifactSharedRoles: 2,
  listArtifactRepositorySharedRoles: 2,
  getArtifactBuildList: 2,
  getArtifactBuildLogs: 2,
  listWorkloads: 2,
  getWorkload: 2,
  getWorkloadSettings: 2,
};

const CURATED_BODIES: Record<string, fc.Arbitrary<unknown>> = {
  createArtifact: artifactInput,
  updateArtifact: artifactInput,
  patchArtifact: artifactPatch,
  cloneArtifact: cloneRequest,
  updateArtifactSharedRoles: sharedRolesUpdate,
  updateArtifactRepositorySharedRoles: sharedRolesUpdate,
  updateWorkloadSharedRoles: sharedRolesUpdate,
  createWorkload: workloadInput,
};

/** Turns a step into the request to send, resolving its references against the current state. */
export function resolveStep(step: Step, operation: OperationInfo, pool: IdPool, state: WorkloadState): ResolvedRequest {
  const resolve = (ref: Reference) => pool.resolve(ref, state);

  let path = operation.pathTemplate.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const value = step.path[name];
    if (value instanceof Reference) return percentEncode(resolve(value));
    return value.raw ? value.text : percentEncode(value.text);
  });
  path = `${step.apiPrefix ? '/api/v2' : ''}${path}${step.trailingSlash ? '/' : ''}`;

  const text = (value: string | Reference) => (value instanceof Reference ? resolve(value) : value);
  const query = step.query
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(Array.isArray(value) ? value.map(text).join(',') : text(value))}`)
    .join('&');

  const headers: Record<string, string> = { ...step.headers };
  if (step.auth.kind === 'token') headers.Authorization = `Bearer ${step.auth.token instanceof Reference ? resolve(step.auth.token) : step.auth.token}`;
  if (step.auth.kind === 'header') headers.Authorization = step.auth.value;

  let body: string | undefined;
  switch (step.body.kind) {
    case 'json':
      body = JSON.stringify(resolveReferences(step.body.value, resolve));
      headers['Content-Type'] = step.body.contentType ?? 'application/json';
      break;
    case 'text':
      body = step.body.text;
      headers['Content-Type'] = step.body.contentType;
      if (step.body.contentEncoding) headers['Content-Encoding'] = step.body.contentEncoding;
      break;
    case 'oversized':
      body = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 16) });
      headers['Content-Type'] = 'application/json';
      break;
  }

  return { operationId: step.operationId, variant: step.variant, method: step.method, path, query, headers, body };
}
