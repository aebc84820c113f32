import type { ValidateFunction } from 'ajv';
import { toValidationItems } from './ajv-errors.js';
import { coerceQueryValue, queryValueKind, type QueryValueKind } from './query-coercion.js';
import { ResponseChecker } from './response-checker.js';
import type { SchemaRegistry } from './schema-registry.js';
import type { JsonSchema, OperationObject, ParameterObject } from './spec-loader.js';
import { buildValidationItem, type ValidationItem } from './validation-item.js';

/** The outcome of checking one part of a request: the converted value, or the 422 items. */
export interface PartCheck<T> {
  value: T;
  items: ValidationItem[];
}

/**
 * The compiled contract of one operation: validators for path parameters, query,
 * JSON body and each declared response status. Each validator compiles on first use,
 * so starting the server does not pay for operations that are never called.
 */
export class OperationContract {
  readonly operationId: string;
  readonly method: string;
  readonly pathTemplate: string;
  readonly declaredStatuses: number[];
  readonly hasRequestBody: boolean;
  readonly requestBodyRequired: boolean;

  private readonly pathParameters: ParameterObject[];
  private readonly queryParameters: Array<ParameterObject & { kind: QueryValueKind }>;
  private readonly lazy = new Map<string, ValidateFunction | null>();
  private readonly responseCheckers = new Map<number, ResponseChecker | null>();

  constructor(
    private readonly registryOf: () => SchemaRegistry,
    method: string,
    pathTemplate: string,
    private readonly operation: OperationObject,
  ) {
    this.operationId = operation.operationId;
    this.method = method.toUpperCase();
    this.pathTemplate = pathTemplate;
    this.declaredStatuses = Object.keys(operation.responses).map(Number);
    this.hasRequestBody = Boolean(operation.requestBody?.content?.['application/json']);
    this.requestBodyRequired = Boolean(operation.requestBody?.required);

    const parameters = operation.parameters ?? [];
    this.pathParameters = parameters.filter((parameter) => parameter.in === 'path');
    this.queryParameters = parameters
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => ({ ...parameter, kind: queryValueKind(parameter.schema) }));
  }

  private get registry(): SchemaRegistry {
    return this.registryOf();
  }

  /** Names of the query parameters whose values are lists. */
  get arrayQueryParameters(): string[] {
    return this.queryParameters.filter((parameter) => parameter.kind === 'array').map((parameter) => parameter.name);
  }

  checkPath(params: Record<string, string>): PartCheck<Record<string, string>> {
    const validate = this.validator('path', () => objectSchema(this.pathParameters));
    return this.run(validate, params, 'path');
  }

  /** Converts raw query values to their schema types, then validates them. Unknown keys are ignored. */
  checkQuery(rawQuery: Record<string, unknown>): PartCheck<Record<string, unknown>> {
    const query: Record<string, unknown> = {};
    for (const parameter of this.queryParameters) {
      const raw = rawQuery[parameter.name];
      if (raw !== undefined) query[parameter.name] = coerceQueryValue(raw, parameter.kind);
    }

    const validate = this.validator('query', () => objectSchema(this.queryParameters));
    return this.run(validate, query, 'query');
  }

  checkBody(body: unknown): PartCheck<unknown> {
    if (body === undefined) {
      const items = this.requestBodyRequired
        ? [buildValidationItem('body', [], 'request body required: send a JSON document with Content-Type: application/json', 'missing')]
        : [];
      return { value: body, items };
    }

    const validate = this.validator('body', () => this.operation.requestBody?.content['application/json']?.schema ?? null);
    return this.run(validate, body, 'body');
  }

  /** Returns the schema errors of a response body, or an empty list when it conforms. */
  checkResponse(status: number, body: unknown): string[] {
    if (!this.declaredStatuses.includes(status)) {
      return [`status ${status} is not declared for ${this.operationId}`];
    }

    if (!this.responseCheckers.has(status)) {
      const schema = this.operation.responses[String(status)]?.content?.['application/json']?.schema;
      this.responseCheckers.set(status, schema ? ResponseChecker.forSchema(this.registry, schema) : null);
    }
    return this.responseCheckers.get(status)?.check(body) ?? [];
  }

  private run<T>(validate: ValidateFunction | null, value: T, location: 'path' | 'query' | 'body'): PartCheck<T> {
    if (!validate || validate(value)) return { value, items: [] };
    return { value, items: toValidationItems(this.registry, validate.errors ?? [], location) };
  }

  private validator(key: string, schemaOf: () => JsonSchema | null): ValidateFunction | null {
    if (!this.lazy.has(key)) {
      const schema = schemaOf();
      this.lazy.set(key, schema ? this.registry.compileSpecSchema(schema) : null);
    }
    return this.lazy.get(key) ?? null;
  }
}

function objectSchema(parameters: ParameterObject[]): JsonSchema {
  const properties: JsonSchema = {};
  for (const parameter of parameters) properties[parameter.name] = parameter.schema;
  const required = parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name);
  return { type: 'object', properties, required };
}
