import type { ValidateFunction } from 'ajv';
import { SPEC_SCHEMA_ID, type SchemaRegistry } from './schema-registry.js';
import type { JsonSchema } from './spec-loader.js';

const COMPONENT_PREFIX = '#/components/schemas/';

/**
 * Checks response bodies against one response schema. A frozen body, or a frozen item of
 * a list's `data`, that passed once is not checked again: the fake freezes the bodies it
 * reuses, so a frozen object cannot have changed since. Everything else is checked on
 * every response.
 */
export class ResponseChecker {
  private readonly passed = new WeakSet<object>();

  private constructor(
    private readonly validate: ValidateFunction,
    private readonly items?: ResponseChecker,
  ) {}

  /**
   * Builds the checker of a response schema. A list envelope (a component whose `data`
   * contains `$ref` items) is split into the envelope without items and one checker per item,
   * which together accept exactly what the whole schema accepts.
   */
  static forSchema(registry: SchemaRegistry, schema: JsonSchema): ResponseChecker {
    const component = componentOf(registry, schema);
    const itemRef = component?.properties?.data?.items?.$ref;
    if (!component || typeof itemRef !== 'string') return new ResponseChecker(registry.compileSpecSchema(schema));

    const envelope = { ...component, properties: { ...component.properties, data: { ...component.properties.data, items: true } } };
    return new ResponseChecker(registry.compile(envelope), new ResponseChecker(registry.compile({ $ref: itemRef })));
  }

  /** Returns the schema errors of a body, or an empty list when it conforms. */
  check(body: unknown): string[] {
    if (isFrozenObject(body) && this.passed.has(body)) return [];

    const problems = this.validate(body) ? [] : (this.validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message}`);
    if (problems.length === 0 && this.items) {
      const data = (body as { data: unknown[] }).data;
      data.forEach((item, index) => {
        for (const problem of this.items!.check(item)) problems.push(`/data/${index}${problem.startsWith('(root)') ? problem.slice(6) : problem}`);
      });
    }

    if (problems.length === 0 && isFrozenObject(body)) this.passed.add(body);
    return problems;
  }
}

function componentOf(registry: SchemaRegistry, schema: JsonSchema): JsonSchema | undefined {
  if (typeof schema.$ref !== 'string' || !schema.$ref.startsWith(COMPONENT_PREFIX)) return undefined;
  return registry.ajv.getSchema(`${SPEC_SCHEMA_ID}#/$defs/${schema.$ref.slice(COMPONENT_PREFIX.length)}`)?.schema as JsonSchema | undefined;
}

/** True for a frozen object: the bodies the fake reuses, which cannot change once checked or serialized. */
export function isFrozenObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.isFrozen(value);
}
