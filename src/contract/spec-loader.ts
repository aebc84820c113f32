import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

/** The parts of an OpenAPI 3.1 document that the fake reads. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, JsonSchema> };
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

export interface ResponseObject {
  description?: string;
  content?: Record<string, { schema?: JsonSchema }>;
}

export interface OperationObject {
  operationId: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, ResponseObject>;
}

export type JsonSchema = Record<string, any>;

/** The spec shipped with the package: `spec/workload-api.yaml`, two folders above this file. */
export const DEFAULT_SPEC_PATH = fileURLToPath(new URL('../../spec/workload-api.yaml', import.meta.url));

/** The default spec as JSON, written by the build beside the compiled code (dist/). */
export const COMPILED_SPEC_PATH = fileURLToPath(new URL('../workload-api.spec.json', import.meta.url));

const cache = new Map<string, OpenApiDocument>();

/**
 * Reads and parses an OpenAPI document once per path; later calls return the same object.
 * The default spec comes from the build's JSON copy when that is at least as new as the
 * YAML, which starts the fake faster.
 */
export function loadSpec(path: string = DEFAULT_SPEC_PATH): OpenApiDocument {
  const cached = cache.get(path);
  if (cached) return cached;

  const document = path === DEFAULT_SPEC_PATH && compiledCopyIsCurrent() ? (JSON.parse(readFileSync(COMPILED_SPEC_PATH, 'utf8')) as OpenApiDocument) : parseSpecFile(path);
  cache.set(path, document);
  return document;
}

/** Parses a YAML (or JSON) OpenAPI file and checks it has paths and component schemas. */
export function parseSpecFile(path: string): OpenApiDocument {
  const document = parseYaml(readFileSync(path, 'utf8')) as OpenApiDocument;
  if (!document?.paths || !document.components?.schemas) {
    throw new Error(`${path} is not an OpenAPI document: it has no paths or components.schemas`);
  }
  return document;
}

function compiledCopyIsCurrent(): boolean {
  try {
    return statSync(COMPILED_SPEC_PATH).mtimeMs >= statSync(DEFAULT_SPEC_PATH).mtimeMs;
  } catch {
    return false;
  }
}

/** Parses YAML, loading the parser on first use: a start from the compiled JSON never needs it. */
export function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text);
}
