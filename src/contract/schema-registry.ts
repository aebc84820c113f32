import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { createRequire } from 'node:module';
import type { JsonSchema, OpenApiDocument } from './spec-loader.js';

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;

/**
 * Loads AJV and ajv-formats (both CommonJS) when the first schema is needed, so a start
 * that only serves health checks does not pay for them. ajv-formats' `module.exports`
 * is the plugin itself, which TypeScript's NodeNext typing does not see, hence the casts.
 */
function loadAjv(): { Ajv2020: typeof Ajv2020; addFormats: FormatsPlugin } {
  const require = createRequire(import.meta.url);
  const formats = require('ajv-formats') as { default?: FormatsPlugin } & FormatsPlugin;
  return { Ajv2020: (require('ajv/dist/2020') as { Ajv2020: typeof Ajv2020 }).Ajv2020, addFormats: formats.default ?? formats };
}

/** The `$id` under which the spec's component schemas are registered as `$defs`. */
export const SPEC_SCHEMA_ID = 'workload-api';

const COMPONENT_PREFIX = '#/components/schemas/';

/**
 * One AJV 2020 instance that contains every component schema of the spec.
 * Schemas compiled here may `$ref` a component as `workload-api#/$defs/Name`.
 */
export class SchemaRegistry {
  readonly ajv: Ajv2020;
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    const { Ajv2020, addFormats } = loadAjv();
    this.ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, validateFormats: true });
    addFormats(this.ajv);
    // The spec names one format ajv-formats lacks (`uuid4`, on a generated replacement's
    // tenantId). It is declared as unchecked, as AJV would treat it anyway, so AJV does not
    // warn on stderr; Prism's generated values would not pass a real check.
    this.ajv.addFormat('uuid4', true);

    const defs = rewriteSchema(document.components.schemas) as Record<string, JsonSchema>;
    // The meta-schema check of the whole spec costs more than the rest of a start, so the
    // test suite runs it instead. AJV still rejects a broken schema when it compiles one.
    this.ajv.addSchema({ $id: SPEC_SCHEMA_ID, $defs: defs }, undefined, undefined, false);
  }

  /** Compiles a schema taken from the spec (refs still in `#/components/schemas/` form). */
  compileSpecSchema(schema: JsonSchema): ValidateFunction {
    return this.compile(rewriteSchema(schema) as JsonSchema);
  }

  /** Compiles an already rewritten schema, once per schema object. */
  compile(schema: JsonSchema): ValidateFunction {
    const known = this.compiled.get(schema);
    if (known) return known;

    const validate = this.ajv.compile(schema);
    this.compiled.set(schema, validate);
    return validate;
  }
}

/**
 * Returns a copy of a spec schema that AJV can compile: component refs point into the
 * registry, and each `discriminator` + `oneOf` pair becomes if/then branches.
 */
export function rewriteSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteSchema);
  if (node === null || typeof node !== 'object') return node;

  const source = node as JsonSchema;
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_PREFIX)) {
      copy.$ref = `${SPEC_SCHEMA_ID}#/$defs/${value.slice(COMPONENT_PREFIX.length)}`;
    } else if (key !== 'discriminator') {
      copy[key] = rewriteSchema(value);
    }
  }

  if (source.discriminator?.mapping && Array.isArray(source.oneOf)) {
    return expandDiscriminator(copy, source.discriminator.propertyName, source.discriminator.mapping);
  }
  return copy;
}

/**
 * Turns `oneOf` with a discriminator into one if/then per mapped value. When the
 * discriminator property is present this accepts exactly what the `oneOf` accepts
 * (each branch fixes the property with `const`), but a failure reports the errors of
 * the one branch the value names instead of every branch. When the property is
 * absent, the original `oneOf` still decides.
 */
function expandDiscriminator(schema: JsonSchema, propertyName: string, mapping: Record<string, string>): JsonSchema {
  const { oneOf, ...rest } = schema;
  const values = Object.keys(mapping);

  const branches = values.map((value) => ({
    if: { properties: { [propertyName]: { const: value } }, required: [propertyName] },
    then: { $ref: `${SPEC_SCHEMA_ID}#/$defs/${mapping[value].slice(COMPONENT_PREFIX.length)}` },
  }));

  return {
    ...rest,
    type: 'object',
    properties: { [propertyName]: { enum: values } },
    allOf: [...branches, { if: { not: { required: [propertyName] } }, then: { oneOf } }],
  };
}
