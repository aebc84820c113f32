// Structural check of spec/workload-api.yaml against the public DataRobot Workload API 11.5
// OpenAPI document: every fact (paths, parameters, schemas, status codes, constraints, key
// order) must match, while descriptions, summaries and titles are ours and are ignored.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ourSpecPath = resolve(repoRoot, 'spec/workload-api.yaml');
const referencePath = process.env.WORKLOAD_API_REFERENCE
  ? resolve(process.env.WORKLOAD_API_REFERENCE)
  : resolve(repoRoot, '../shared/reference/workload-api-11.5.openapi.yaml');

const inCi = Boolean(process.env.CI);
const referenceMissing = !existsSync(referencePath);
if (referenceMissing && !inCi) {
  console.warn(`Skipping reference comparison: no reference document at ${referencePath} (set WORKLOAD_API_REFERENCE).`);
}

// The public 11.5 document points RelatedItem.type and RelatedItemID.type at a schema it never
// defines. ResourceTypes is the schema meant, and our spec uses it.
const DANGLING_REF = '#/components/schemas/workload_api__schemas__permissions__entities__ResourceTypes-Input__1';
const FIXED_REF = '#/components/schemas/ResourceTypes';

const ANNOTATION_KEYS = new Set(['description', 'summary', 'title']);
// Keys whose object value maps names to objects, so its own keys are data (a property called
// `description` is a real field) and never annotations.
const NAME_MAP_KEYS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'schemas',
  'paths',
  'responses',
  'content',
  'mapping',
  'headers',
  'callbacks',
]);
// Keys whose value is literal instance data, left untouched.
const LITERAL_KEYS = new Set(['default', 'const', 'enum', 'example', 'examples']);

const EXPECTED_OPERATION_IDS = [
  'cloneArtifact',
  'createArtifact',
  'createWorkload',
  'deleteArtifact',
  'deleteArtifactRepository',
  'deleteWorkload',
  'getArtifact',
  'getArtifactBuild',
  'getArtifactBuildList',
  'getArtifactBuildLogs',
  'getArtifactRepository',
  'getWorkload',
  'getWorkloadMetricTimeSeries',
  'getWorkloadProton',
  'getWorkloadProtonStatusDetails',
  'getWorkloadRelatedEntities',
  'getWorkloadSettings',
  'getWorkloadStats',
  'listArtifactRepositories',
  'listArtifactRepositorySharedRoles',
  'listArtifactSharedRoles',
  'listArtifacts',
  'listWorkloadArtifactHistory',
  'listWorkloadEvents',
  'listWorkloadProtons',
  'listWorkloads',
  'listWorkloadSharedRoles',
  'listWorkloadsStats',
  'patchArtifact',
  'promoteWorkloadArtifact',
  'resetWorkloadStats',
  'startWorkload',
  'stopWorkload',
  'triggerArtifactBuild',
  'updateArtifact',
  'updateArtifactRepositorySharedRoles',
  'updateArtifactSharedRoles',
  'updateWorkload',
  'updateWorkloadSettings',
  'updateWorkloadSharedRoles',
];

const MAX_REPORTED_DIFFERENCES = 30;
const COPIED_RUN_LENGTH = 40;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadYaml(path: string): JsonObject {
  const document = parse(readFileSync(path, 'utf8')) as Json;
  if (!isObject(document)) throw new Error(`${path} does not contain a YAML mapping at the top level`);
  return document;
}

function joinPath(parent: string, key: string): string {
  const segment = /^[^.[\]"]+$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (parent === '') return segment;
  return segment.startsWith('[') ? `${parent}${segment}` : `${parent}.${segment}`;
}

/**
 * Calls `visit` for every annotation key (`description`, `summary`, `title`) of an OpenAPI
 * document, skipping keys of name maps such as `properties` and literal values such as `default`.
 */
function visitAnnotations(node: Json, path: string, visit: (owner: JsonObject, key: string, path: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => visitAnnotations(item, `${path}[${index}]`, visit));
    return;
  }
  if (!isObject(node)) return;

  for (const key of Object.keys(node)) {
    const value = node[key];
    const childPath = joinPath(path, key);
    if (ANNOTATION_KEYS.has(key)) {
      visit(node, key, childPath);
      continue;
    }
    if (LITERAL_KEYS.has(key)) continue;
    if (NAME_MAP_KEYS.has(key) && isObject(value)) {
      for (const name of Object.keys(value)) visitAnnotations(value[name], joinPath(childPath, name), visit);
      continue;
    }
    visitAnnotations(value, childPath, visit);
  }
}

function replaceRefs(node: Json, from: string, to: string): void {
  if (Array.isArray(node)) {
    node.forEach((item) => replaceRefs(item, from, to));
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && value === from) node[key] = to;
    else replaceRefs(value, from, to);
  }
}

/** Copies a document and drops everything that is prose, keeping only `openapi`, `info.version` and facts. */
function normalize(document: JsonObject, options: { fixDanglingRef: boolean }): JsonObject {
  const copy = structuredClone(document);
  if (options.fixDanglingRef) replaceRefs(copy, DANGLING_REF, FIXED_REF);

  visitAnnotations(copy, '', (owner, key) => {
    delete owner[key];
  });

  if (isObject(document.info)) copy.info = { version: document.info.version ?? null };
  return copy;
}

function formatValue(value: Json | undefined): string {
  if (value === undefined) return '<absent>';
  const text = JSON.stringify(value);
  // Scalars are shown whole, but objects and arrays are cut so one line stays readable.
  if (typeof value !== 'object' || value === null || text.length <= 100) return text;
  return `${text.slice(0, 97)}...`;
}

/**
 * Deep-compares two normalized documents and returns one line per difference, in the form
 * `<json path>: reference <value>, ours <value>`. Object key order counts as a difference too.
 */
function compareDocuments(reference: Json | undefined, ours: Json | undefined, path = ''): string[] {
  const where = path === '' ? '<root>' : path;

  if (Array.isArray(reference) && Array.isArray(ours)) {
    const differences: string[] = [];
    const length = Math.max(reference.length, ours.length);
    for (let index = 0; index < length; index++) {
      differences.push(...compareDocuments(reference[index], ours[index], `${path}[${index}]`));
    }
    return differences;
  }

  if (isObject(reference) && isObject(ours)) {
    const differences: string[] = [];
    const referenceKeys = Object.keys(reference);
    const ourKeys = Object.keys(ours);
    const allKeys = [...referenceKeys, ...ourKeys.filter((key) => !(key in reference))];
    for (const key of allKeys) {
      differences.push(...compareDocuments(reference[key], ours[key], joinPath(path, key)));
    }

    const sameKeySet = referenceKeys.length === ourKeys.length && referenceKeys.every((key) => key in ours);
    if (sameKeySet && referenceKeys.some((key, index) => ourKeys[index] !== key)) {
      differences.push(`${where}: key order differs, reference [${referenceKeys.join(', ')}], ours [${ourKeys.join(', ')}]`);
    }
    return differences;
  }

  if (reference === ours) return [];
  return [`${where}: reference ${formatValue(reference)}, ours ${formatValue(ours)}`];
}

function collectProse(document: JsonObject): Map<string, string> {
  const prose = new Map<string, string>();
  visitAnnotations(document, '', (owner, key, path) => {
    const value = owner[key];
    if (key !== 'title' && typeof value === 'string') prose.set(path, value);
  });
  return prose;
}

// Case and whitespace are folded, so a copy with changed capitals or line breaks still counts.
function foldText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Returns the value at `keys` below `node`, or undefined when any step is missing. */
function valueAt(node: Json | undefined, ...keys: string[]): Json | undefined {
  let current = node;
  for (const key of keys) current = isObject(current) ? current[key] : undefined;
  return current;
}

function collectOperationIds(document: JsonObject): string[] {
  const ids: string[] = [];
  const paths = document.paths;
  if (!isObject(paths)) return ids;
  for (const pathItem of Object.values(paths)) {
    if (!isObject(pathItem)) continue;
    for (const operation of Object.values(pathItem)) {
      if (isObject(operation) && typeof operation.operationId === 'string') ids.push(operation.operationId);
    }
  }
  return ids;
}

function collectRefs(node: Json, refs: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((item) => collectRefs(item, refs));
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.push(value);
      else collectRefs(value, refs);
    }
  }
  return refs;
}

function resolvePointer(document: JsonObject, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: Json | undefined = document;
  for (const rawSegment of ref.slice(2).split('/')) {
    const segment = rawSegment.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[segment] : undefined;
  }
  return node;
}

const ourSpec = loadYaml(ourSpecPath);

describe('our spec on its own', () => {
  it('has the 40 expected operationIds', () => {
    const ids = collectOperationIds(ourSpec);

    expect(ids).toHaveLength(EXPECTED_OPERATION_IDS.length);
    expect(new Set(ids).size, 'operationIds must be unique').toBe(ids.length);
    expect([...ids].sort()).toEqual([...EXPECTED_OPERATION_IDS].sort());
  });

  it('resolves every $ref', () => {
    const unresolved = collectRefs(ourSpec).filter((ref) => resolvePointer(ourSpec, ref) === undefined);

    expect(unresolved).toEqual([]);
  });

  it('declares OpenAPI 3.1.0 and version 11.5', () => {
    expect(ourSpec.openapi).toBe('3.1.0');
    expect(valueAt(ourSpec, 'info', 'version')).toBe('11.5');
  });
});

describe('compareDocuments', () => {
  const normalized = normalize(ourSpec, { fixDanglingRef: false });

  it('finds no difference in identical documents', () => {
    expect(compareDocuments(normalized, structuredClone(normalized))).toEqual([]);
  });

  it('reports a changed maxLength at its path', () => {
    const mutated = structuredClone(normalized);
    const nameSchema = valueAt(mutated, 'components', 'schemas', 'ArtifactCloneRequest', 'properties', 'name');
    if (!isObject(nameSchema)) throw new Error('our spec is missing ArtifactCloneRequest.properties.name');
    expect(nameSchema.maxLength).toBe(5000);

    nameSchema.maxLength = 4999;

    expect(compareDocuments(normalized, mutated)).toEqual([
      'components.schemas.ArtifactCloneRequest.properties.name.maxLength: reference 5000, ours 4999',
    ]);
  });

  it('reports a reordered key list', () => {
    const differences = compareDocuments({ a: 1, b: 2 }, { b: 2, a: 1 });

    expect(differences).toEqual(['<root>: key order differs, reference [a, b], ours [b, a]']);
  });

  it('reports missing array items', () => {
    const differences = compareDocuments({ required: ['id', 'name'] }, { required: ['id'] });

    expect(differences).toEqual(['required[1]: reference "name", ours <absent>']);
  });
});

describe('normalize', () => {
  const normalized = normalize(ourSpec, { fixDanglingRef: false });

  it('keeps fields named description', () => {
    const field = valueAt(normalized, 'components', 'schemas', 'ArtifactFormatted', 'properties', 'description');

    expect(field).toEqual({ default: '', type: 'string' });
  });

  it('drops description annotations', () => {
    expect(valueAt(ourSpec, 'components', 'schemas', 'ArtifactFormatted', 'description')).toBeTypeOf('string');
    expect(valueAt(normalized, 'components', 'schemas', 'ArtifactFormatted', 'description')).toBeUndefined();
  });

  it('drops operation summaries', () => {
    expect(valueAt(ourSpec, 'paths', '/artifacts', 'get', 'summary')).toBeTypeOf('string');
    expect(valueAt(normalized, 'paths', '/artifacts', 'get', 'summary')).toBeUndefined();
  });

  it('keeps only version in info', () => {
    expect(normalized.info).toEqual({ version: '11.5' });
  });
});

it.skipIf(referenceMissing && !inCi)('reference document exists', () => {
  expect(
    existsSync(referencePath),
    `Reference document not found at ${referencePath}; set WORKLOAD_API_REFERENCE to the public 11.5 OpenAPI file.`,
  ).toBe(true);
});

describe.skipIf(referenceMissing)('our spec against the reference', () => {
  const reference = referenceMissing ? {} : loadYaml(referencePath);

  it('matches the reference structurally', () => {
    const differences = compareDocuments(
      normalize(reference, { fixDanglingRef: true }),
      normalize(ourSpec, { fixDanglingRef: false }),
    );
    const firstDifferences = differences.slice(0, MAX_REPORTED_DIFFERENCES).map((line) => `  ${line}`).join('\n');

    expect(
      differences.length,
      `${differences.length} differences from ${referencePath} (first ${MAX_REPORTED_DIFFERENCES} listed):\n${firstDifferences}`,
    ).toBe(0);
  });

  it('needs the ResourceTypes fix only', () => {
    const differences = compareDocuments(
      normalize(reference, { fixDanglingRef: false }),
      normalize(ourSpec, { fixDanglingRef: false }),
    );

    expect(differences).toEqual([
      `components.schemas.RelatedItem.properties.type.$ref: reference "${DANGLING_REF}", ours "${FIXED_REF}"`,
      `components.schemas.RelatedItemID.properties.type.$ref: reference "${DANGLING_REF}", ours "${FIXED_REF}"`,
    ]);
  });

  it('copies no description or summary', () => {
    const referenceProse = [...collectProse(reference).values()].map(foldText);
    const referenceTexts = new Set(referenceProse);
    const referenceRuns = new Set<string>();
    for (const text of referenceProse) {
      for (let start = 0; start + COPIED_RUN_LENGTH <= text.length; start++) {
        referenceRuns.add(text.slice(start, start + COPIED_RUN_LENGTH));
      }
    }

    const copied: string[] = [];
    for (const [path, text] of collectProse(ourSpec)) {
      const folded = foldText(text);
      if (referenceTexts.has(folded)) {
        copied.push(`${path}: equals a reference text: ${JSON.stringify(text)}`);
        continue;
      }
      for (let start = 0; start + COPIED_RUN_LENGTH <= folded.length; start++) {
        const run = folded.slice(start, start + COPIED_RUN_LENGTH);
        if (referenceRuns.has(run)) {
          copied.push(`${path}: shares ${JSON.stringify(run)} with a reference text`);
          break;
        }
      }
    }

    expect(copied).toEqual([]);
  });

  it('compares a non-empty set of our texts', () => {
    expect(collectProse(ourSpec).size).toBeGreaterThan(40);
  });
});
