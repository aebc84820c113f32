import type { ErrorObject } from 'ajv';
import type { SchemaRegistry } from './schema-registry.js';
import { buildValidationItem, type RequestLocation, type ValidationItem } from './validation-item.js';

const TYPE_MISMATCH_PENALTY = 1000;

/**
 * Converts the errors of a failed validation into 422 items a person can act on.
 * For each failed `anyOf` or `oneOf` it keeps only the errors of the branch closest to
 * the value, so a nullable field reports its real problem instead of "must be null".
 */
export function toValidationItems(
  registry: SchemaRegistry,
  errors: ErrorObject[],
  location: RequestLocation,
): ValidationItem[] {
  const items: ValidationItem[] = [];
  const seen = new Set<string>();

  for (const error of explainErrors(registry, errors)) {
    const item = itemFromError(error, location);
    const key = `${item.loc.join('/')}|${item.code}|${item.msg}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return items;
}

function explainErrors(registry: SchemaRegistry, errors: ErrorObject[]): ErrorObject[] {
  // Outermost first: a shorter instancePath, or at the same path the later error,
  // because AJV reports a nested union before the union that contains it.
  const combinators = errors
    .map((error, index) => ({ error, index }))
    .filter(({ error }) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .sort((a, b) => a.error.instancePath.length - b.error.instancePath.length || b.index - a.index)
    .map(({ error }) => error);

  let result = errors;
  for (const combinator of combinators) {
    if (!result.includes(combinator)) continue;

    const branchErrors = errorsOfClosestBranch(registry, combinator);
    if (branchErrors.length === 0) continue;

    const isInside = (error: ErrorObject) =>
      error.instancePath === combinator.instancePath || error.instancePath.startsWith(`${combinator.instancePath}/`);
    result = result.filter((error) => !isInside(error)).concat(branchErrors);
  }

  // An `if` error only repeats that its `then` branch failed, and those errors are listed.
  const withoutIf = result.filter((error) => error.keyword !== 'if');
  return withoutIf.length > 0 ? withoutIf : result;
}

function errorsOfClosestBranch(registry: SchemaRegistry, combinator: ErrorObject): ErrorObject[] {
  const branches = combinator.schema as unknown;
  if (!Array.isArray(branches)) return [];
  if (combinator.keyword === 'oneOf' && combinator.params?.passingSchemas) return [];

  const allowedValues = constantsOf(registry, branches);
  if (allowedValues) {
    return [{ ...combinator, keyword: 'enum', params: { allowedValues } }];
  }

  let best: { score: number; errors: ErrorObject[] } | undefined;
  for (const branch of branches) {
    if (isNullBranch(branch) && combinator.data !== null && branches.length > 1) continue;

    const validate = registry.compile(branch);
    if (validate(combinator.data)) return [];

    const errors = validate.errors ?? [];
    const score = errors.length + (hasRootTypeMismatch(errors) ? TYPE_MISMATCH_PENALTY : 0);
    if (!best || score < best.score) best = { score, errors: [...errors] };
  }
  if (!best) return [];

  return explainErrors(registry, best.errors).map((error) => ({
    ...error,
    instancePath: combinator.instancePath + error.instancePath,
  }));
}

/**
 * Lists the values a union allows when every branch is a `const` or an `enum` (through
 * refs and nested unions), such as the `orderBy` choices, so one message names them all.
 * Returns undefined when any branch is not a fixed value.
 */
function constantsOf(registry: SchemaRegistry, branches: unknown[]): unknown[] | undefined {
  const values: unknown[] = [];
  for (const branch of branches) {
    if (isNullBranch(branch)) continue;
    const branchValues = constantsOfSchema(registry, branch, 0);
    if (!branchValues) return undefined;
    values.push(...branchValues);
  }
  return values.length > 0 ? values : undefined;
}

function constantsOfSchema(registry: SchemaRegistry, schema: unknown, depth: number): unknown[] | undefined {
  if (typeof schema !== 'object' || schema === null || depth > 8) return undefined;
  const node = schema as Record<string, any>;

  if ('const' in node) return [node.const];
  if (Array.isArray(node.enum)) return node.enum;
  if (typeof node.$ref === 'string') return constantsOfSchema(registry, registry.ajv.getSchema(node.$ref)?.schema, depth + 1);

  const union = node.anyOf ?? node.oneOf;
  if (!Array.isArray(union)) return undefined;
  const values: unknown[] = [];
  for (const branch of union) {
    const branchValues = constantsOfSchema(registry, branch, depth + 1);
    if (!branchValues) return undefined;
    values.push(...branchValues);
  }
  return values;
}

function isNullBranch(branch: unknown): boolean {
  return typeof branch === 'object' && branch !== null && (branch as { type?: unknown }).type === 'null';
}

function hasRootTypeMismatch(errors: ErrorObject[]): boolean {
  return errors.some((error) => error.instancePath === '' && (error.keyword === 'type' || error.keyword === 'const'));
}

function itemFromError(error: ErrorObject, location: RequestLocation): ValidationItem {
  const fieldPath = parsePointer(error.instancePath);
  const params = error.params as Record<string, any>;

  switch (error.keyword) {
    case 'required':
      return buildValidationItem(location, [...fieldPath, params.missingProperty], 'field required', 'missing');
    case 'additionalProperties':
      return buildValidationItem(
        location,
        [...fieldPath, params.additionalProperty],
        'unknown field, remove it (this object allows no extra fields)',
        'extra_forbidden',
      );
    default:
      return buildValidationItem(location, fieldPath, describeProblem(error), problemCode(error));
  }
}

function describeProblem(error: ErrorObject): string {
  const params = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'type':
      return `must be ${article(params.type)}, got ${describeValue(error.data)}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long`;
    case 'maxLength':
      return `must be at most ${params.limit} characters long`;
    case 'minimum':
      return `must be greater than or equal to ${params.limit}`;
    case 'maximum':
      return `must be less than or equal to ${params.limit}`;
    case 'minItems':
      return `must have at least ${params.limit} item${params.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must have at most ${params.limit} items`;
    case 'enum':
      return `must be one of ${params.allowedValues.map((value: unknown) => JSON.stringify(value)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'format':
      return `must be a valid ${params.format}`;
    case 'pattern':
      return `must match the pattern ${params.pattern}`;
    case 'oneOf':
      return 'matches more than one of the allowed shapes; add the field that tells them apart';
    default:
      return error.message ?? 'is invalid';
  }
}

function problemCode(error: ErrorObject): string {
  const params = error.params as Record<string, any>;
  const codes: Record<string, string> = {
    minLength: 'string_too_short',
    maxLength: 'string_too_long',
    minimum: 'greater_than_equal',
    maximum: 'less_than_equal',
    minItems: 'too_short',
    maxItems: 'too_long',
    enum: 'enum',
    const: 'literal_error',
    format: 'value_error',
    pattern: 'string_pattern_mismatch',
  };
  if (error.keyword === 'type') return `${typeCodeName(String(params.type))}_type`;
  return codes[error.keyword] ?? 'value_error';
}

function typeCodeName(type: string): string {
  const names: Record<string, string> = { integer: 'int', boolean: 'bool', array: 'list', object: 'dict', number: 'float' };
  return names[type] ?? type;
}

function article(type: string): string {
  const words: Record<string, string> = {
    integer: 'an integer',
    object: 'an object',
    array: 'an array',
    string: 'a string',
    boolean: 'a boolean',
    number: 'a number',
    null: 'null',
  };
  return String(type).split(',').map((name) => words[name] ?? name).join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function parsePointer(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}
