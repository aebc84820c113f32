import type { OperationContract } from '../contract/operation-contract.js';

/** The prefix clients put before every spec path; the bare form is served as well. */
export const API_PREFIX = '/api/v2';

export type RouteLookup =
  | { kind: 'found'; operation: OperationContract; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

interface CompiledPath {
  template: string;
  segments: Array<{ literal: string } | { parameter: string }>;
  operations: Map<string, OperationContract>;
}

/**
 * Matches request paths against the spec's path templates, under `/api/v2` and bare,
 * with or without one trailing slash, and never redirects. A literal segment wins
 * over a parameter, so `/workloads/stats` is not read as a workload id.
 */
export class RouteTable {
  private readonly paths: CompiledPath[] = [];

  constructor(operations: OperationContract[]) {
    const byTemplate = new Map<string, CompiledPath>();
    for (const operation of operations) {
      let compiled = byTemplate.get(operation.pathTemplate);
      if (!compiled) {
        compiled = { template: operation.pathTemplate, segments: parseTemplate(operation.pathTemplate), operations: new Map() };
        byTemplate.set(operation.pathTemplate, compiled);
        this.paths.push(compiled);
      }
      compiled.operations.set(operation.method, operation);
    }
    this.paths.sort(compareSpecificity);
  }

  lookup(method: string, requestPath: string): RouteLookup {
    const segments = splitRequestPath(requestPath);
    if (!segments) return { kind: 'not-found' };

    for (const path of this.paths) {
      const params = matchSegments(path, segments);
      if (!params) continue;

      const operation = path.operations.get(method === 'HEAD' ? 'GET' : method);
      if (operation) return { kind: 'found', operation, params };
      return { kind: 'method-not-allowed', allow: allowedMethods(path) };
    }
    return { kind: 'not-found' };
  }
}

function parseTemplate(template: string): CompiledPath['segments'] {
  return template
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const parameter = /^\{(.+)\}$/.exec(segment);
      return parameter ? { parameter: parameter[1] } : { literal: segment };
    });
}

/** Splits a request path into decoded segments, without the API prefix and one trailing slash. */
function splitRequestPath(requestPath: string): string[] | undefined {
  let path = requestPath;
  if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) path = path.slice(API_PREFIX.length);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (!path.startsWith('/')) return undefined;

  const raw = path.slice(1).split('/');
  try {
    return raw.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function matchSegments(path: CompiledPath, segments: string[]): Record<string, string> | undefined {
  if (path.segments.length !== segments.length) return undefined;

  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index += 1) {
    const expected = path.segments[index];
    const actual = segments[index];
    if ('literal' in expected) {
      if (expected.literal !== actual) return undefined;
    } else {
      if (actual === '') return undefined;
      params[expected.parameter] = actual;
    }
  }
  return params;
}

function compareSpecificity(a: CompiledPath, b: CompiledPath): number {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let index = 0; index < length; index += 1) {
    const aIsParameter = 'parameter' in a.segments[index] ? 1 : 0;
    const bIsParameter = 'parameter' in b.segments[index] ? 1 : 0;
    if (aIsParameter !== bIsParameter) return aIsParameter - bIsParameter;
  }
  return a.segments.length - b.segments.length;
}

function allowedMethods(path: CompiledPath): string[] {
  const methods = [...path.operations.keys()];
  if (methods.includes('GET')) methods.push('HEAD');
  return methods;
}
