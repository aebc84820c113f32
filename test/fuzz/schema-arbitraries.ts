import fc from 'fast-check';

type Schema = Record<string, any>;

const COMPONENT_PREFIX = '#/components/schemas/';

/** Nesting depth after which generators stop descending into optional properties and mutations. */
const MAX_DEPTH = 6;

/**
 * Strings that often break servers: empty and blank, control characters, a lone UTF-16
 * surrogate, right-to-left and combining marks, emoji, and long runs.
 */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff\ud800',
    'مرحبا بالعالم',
    'e\u0301\u0301\u0301',
    '👩‍👩‍👧‍👦🚀',
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    "'; DROP TABLE artifacts; --",
    '../../etc/passwd',
    '%00%zz',
    '__proto__',
    'constructor',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.constantFrom(1000, 5000, 5001, 20_000).map((length) => 'x'.repeat(length)),
  fc.constantFrom(100, 2500).map((length) => '語'.repeat(length)),
);

/** Short printable text, sometimes unicode: the everyday string of a valid request. */
export const plainString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }) },
);

/**
 * Generates `length` repeats of one character. `'é'` takes two UTF-8 bytes and `'🚀'` two
 * UTF-16 code units, so they probe whether a limit counts bytes, code units or code points.
 */
function stringOfLength(length: number): fc.Arbitrary<string> {
  return fc.constantFrom('x', 'é', '🚀').map((unit) => unit.repeat(length));
}

/** Arbitraries for a property, keyed `Component.property`, that replace what the schema alone would give. */
export type PropertyOverrides = Record<string, fc.Arbitrary<unknown>>;

/**
 * Builds fast-check arbitraries from the JSON schemas of an OpenAPI document.
 * `valid(schema)` generates values the schema accepts. `mutant(schema)` generates values
 * that break it: wrong types, missing required properties, unknown properties and enum
 * values, strings and numbers just outside their limits, and arrays of the wrong size.
 * A mutant may happen to match another branch of an `anyOf`, so it is not always
 * invalid. Arbitraries are built once per schema node and reused.
 */
export class SchemaArbitraries {
  private readonly validCache = new Map<Schema, Map<string, fc.Arbitrary<unknown>>>();
  private readonly mutantCache = new Map<Schema, Map<string, fc.Arbitrary<unknown>>>();

  constructor(
    private readonly components: Record<string, Schema>,
    private readonly overrides: PropertyOverrides = {},
  ) {}

  /** Returns the schema of a component by name, such as `InputArtifact`. */
  component(name: string): Schema {
    const schema = this.components[name];
    if (!schema) throw new Error(`component schema ${name} is not in the spec`);
    return schema;
  }

  valid(schema: Schema, componentName = '', depth = 0): fc.Arbitrary<unknown> {
    return this.memo(this.validCache, schema, `${componentName}@${depth}`, () => this.buildValid(schema, componentName, depth));
  }

  mutant(schema: Schema, componentName = '', depth = 0): fc.Arbitrary<unknown> {
    return this.memo(this.mutantCache, schema, `${componentName}@${depth}`, () => this.buildMutant(schema, componentName, depth));
  }

  private memo(cache: Map<Schema, Map<string, fc.Arbitrary<unknown>>>, schema: Schema, key: string, build: () => fc.Arbitrary<unknown>) {
    let byKey = cache.get(schema);
    if (!byKey) {
      byKey = new Map();
      cache.set(schema, byKey);
    }
    let arbitrary = byKey.get(key);
    if (!arbitrary) {
      arbitrary = build();
      byKey.set(key, arbitrary);
    }
    return arbitrary;
  }

  private resolve(schema: Schema, componentName: string): { schema: Schema; componentName: string } {
    if (typeof schema.$ref === 'string' && schema.$ref.startsWith(COMPONENT_PREFIX)) {
      const name = schema.$ref.slice(COMPONENT_PREFIX.length);
      return { schema: this.component(name), componentName: name };
    }
    return { schema, componentName };
  }

  private buildValid(raw: Schema, rawComponent: string, depth: number): fc.Arbitrary<unknown> {
    const { schema, componentName } = this.resolve(raw, rawComponent);

    if ('const' in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);

    if (schema.discriminator && Array.isArray(schema.oneOf)) {
      // Each branch gets its discriminator value, so exactly one branch of the oneOf matches.
      const property: string = schema.discriminator.propertyName;
      const branches = Object.entries(schema.discriminator.mapping as Record<string, string>).map(([value, ref]) =>
        this.valid({ $ref: ref }, componentName, depth + 1).map((branch) => ({ ...(branch as object), [property]: value })),
      );
      return fc.oneof(...branches);
    }

    const alternatives = schema.anyOf ?? schema.oneOf;
    if (Array.isArray(alternatives)) {
      return fc.oneof(...alternatives.map((branch: Schema) => this.valid(branch, componentName, depth + 1)));
    }

    switch (schema.type) {
      case 'object':
        return this.validObject(schema, componentName, depth);
      case 'array': {
        const minLength = schema.minItems ?? 0;
        const maxLength = Math.min(schema.maxItems ?? minLength + 3, minLength + 3);
        return fc.array(this.valid(schema.items ?? {}, componentName, depth + 1), { minLength, maxLength });
      }
      case 'string':
        return validString(schema);
      case 'integer': {
        const min = schema.minimum ?? -1000;
        return fc.integer({ min, max: schema.maximum ?? min + 100_000 });
      }
      case 'number': {
        const min = schema.minimum ?? -1000;
        return fc.double({ min, max: schema.maximum ?? min + 100_000, noNaN: true, noDefaultInfinity: true });
      }
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  private validObject(schema: Schema, componentName: string, depth: number): fc.Arbitrary<unknown> {
    const properties: Record<string, Schema> = schema.properties ?? {};
    const required: string[] = schema.required ?? [];
    const model: Record<string, fc.Arbitrary<unknown>> = {};

    for (const [name, propertySchema] of Object.entries(properties)) {
      if (propertySchema.readOnly) continue;
      if (depth >= MAX_DEPTH && !required.includes(name)) continue;
      model[name] = this.overrides[`${componentName}.${name}`] ?? this.valid(propertySchema, componentName, depth + 1);
    }

    const record = fc.record(model, { requiredKeys: required.filter((name) => name in model) });
    if (typeof schema.additionalProperties !== 'object') return record;

    const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), this.valid(schema.additionalProperties, componentName, depth + 1), {
      maxKeys: 2,
    });
    return fc.tuple(record, extra).map(([known, additional]) => ({ ...additional, ...known }));
  }

  private buildMutant(raw: Schema, rawComponent: string, depth: number): fc.Arbitrary<unknown> {
    const { schema, componentName } = this.resolve(raw, rawComponent);
    const options: Array<fc.WeightedArbitrary<unknown>> = [{ weight: 2, arbitrary: wrongType(allowedTypes(schema, this.components)) }];
    if (depth >= MAX_DEPTH) return wrongType(allowedTypes(schema, this.components));

    if ('const' in schema || Array.isArray(schema.enum)) {
      const known = new Set<unknown>(schema.enum ?? [schema.const]);
      const unknown = fc.oneof(fc.constantFrom('UNKNOWN', 'Draft', 'LOCKED', 'service ', 'null', '*'), plainString).filter((value) => !known.has(value));
      options.push({ weight: 4, arbitrary: unknown });
    }

    if (schema.discriminator && Array.isArray(schema.oneOf)) {
      const property: string = schema.discriminator.propertyName;
      options.push({
        weight: 3,
        arbitrary: fc.oneof(...schema.oneOf.map((branch: Schema) => this.mutant(branch, componentName, depth + 1))),
      });
      options.push({
        weight: 2,
        arbitrary: fc.tuple(this.valid(schema, componentName, depth), fc.oneof(plainString, nastyString)).map(([value, tag]) => ({ ...(value as object), [property]: tag })),
      });
    } else if (Array.isArray(schema.anyOf ?? schema.oneOf)) {
      const alternatives: Schema[] = schema.anyOf ?? schema.oneOf;
      options.push({ weight: 4, arbitrary: fc.oneof(...alternatives.map((branch) => this.mutant(branch, componentName, depth + 1))) });
    }

    if (schema.type === 'string' && !('const' in schema) && !schema.enum) options.push({ weight: 4, arbitrary: mutantString(schema) });
    if (schema.type === 'integer' || schema.type === 'number') options.push({ weight: 4, arbitrary: mutantNumber(schema) });
    if (schema.type === 'array') options.push({ weight: 4, arbitrary: this.mutantArray(schema, componentName, depth) });
    if (schema.type === 'object') options.push({ weight: 8, arbitrary: this.mutantObject(schema, componentName, depth) });

    return fc.oneof(...options);
  }

  private mutantArray(schema: Schema, componentName: string, depth: number): fc.Arbitrary<unknown> {
    const item = schema.items ?? {};
    const options: Array<fc.Arbitrary<unknown>> = [
      fc.tuple(fc.array(this.valid(item, componentName, depth + 1), { maxLength: 2 }), this.mutant(item, componentName, depth + 1)).map(([items, bad]) => [...items, bad]),
    ];
    if (typeof schema.minItems === 'number' && schema.minItems > 0) {
      options.push(fc.array(this.valid(item, componentName, depth + 1), { maxLength: schema.minItems - 1 }));
    }
    if (typeof schema.maxItems === 'number') {
      // One over the limit, built from a repeated item so the body stays small enough to send.
      options.push(this.valid(item, componentName, depth + 1).map((value) => Array.from({ length: schema.maxItems + 1 }, () => value)));
    }
    return fc.oneof(...options);
  }

  private mutantObject(schema: Schema, componentName: string, depth: number): fc.Arbitrary<unknown> {
    const valid = this.valid(schema, componentName, depth) as fc.Arbitrary<Record<string, unknown>>;
    const properties: Record<string, Schema> = schema.properties ?? {};
    const required: string[] = schema.required ?? [];
    const options: Array<fc.Arbitrary<unknown>> = [
      // An unknown property: rejected where additionalProperties is false.
      fc.tuple(valid, fc.constantFrom('unknownField', 'id', 'creator', 'Name', '__proto__', ''), fc.jsonValue({ maxDepth: 1 })).map(([value, key, extra]) => {
        const copy: Record<string, unknown> = { ...value };
        Object.defineProperty(copy, key, { value: extra, enumerable: true, writable: true, configurable: true });
        return copy;
      }),
      fc.constant([]),
    ];

    if (required.length > 0) {
      options.push(
        fc.tuple(valid, fc.constantFrom(...required)).map(([value, missing]) => {
          const { [missing]: _dropped, ...rest } = value;
          return rest;
        }),
      );
    }

    const names = Object.keys(properties).filter((name) => !properties[name].readOnly);
    if (names.length > 0) {
      const replaced = fc.oneof(
        ...names.map((name) =>
          fc.tuple(valid, this.mutant(properties[name], componentName, depth + 1)).map(([value, bad]) => ({ ...value, [name]: bad })),
        ),
      );
      options.push(replaced, replaced, replaced);
    }
    return fc.oneof(...options);
  }
}

function validString(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date-time') {
    return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());
  }
  if (schema.format === 'uuid4') return fc.uuid({ version: 4 });
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern), { size: 'xsmall' });

  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Infinity;
  const boundaries = [minLength, minLength + 1, maxLength].filter((length) => length <= maxLength && Number.isFinite(length));
  return fc.oneof(
    { weight: 8, arbitrary: plainString.filter((text) => text.length >= minLength && text.length <= maxLength) },
    { weight: 1, arbitrary: fc.constantFrom(...boundaries).chain(stringOfLength) },
  );
}

/** Strings next to or beyond the schema's limits, strings that break its pattern, and nasty strings. */
function mutantString(schema: Schema): fc.Arbitrary<unknown> {
  const lengths = new Set<number>([0, 1]);
  if (typeof schema.minLength === 'number') [schema.minLength - 1, schema.minLength].forEach((length) => lengths.add(length));
  if (typeof schema.maxLength === 'number') [schema.maxLength, schema.maxLength + 1].forEach((length) => lengths.add(length));
  const options: Array<fc.Arbitrary<unknown>> = [
    fc.constantFrom(...[...lengths].filter((length) => length >= 0)).chain(stringOfLength),
    nastyString,
  ];
  if (typeof schema.pattern === 'string') options.push(fc.constantFrom('10GB', 'abc', '-1Gi', '1.Gi', ' 10Gi', '10 Gi'));
  if (schema.format === 'date-time') options.push(fc.constantFrom('yesterday', '2026-13-01T00:00:00Z', '2026-01-01', '1700000000'));
  return fc.oneof(...options);
}

function mutantNumber(schema: Schema): fc.Arbitrary<unknown> {
  const values: number[] = [-1, 0, 1.5, -0.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e308];
  if (typeof schema.minimum === 'number') values.push(schema.minimum - 1, schema.minimum);
  if (typeof schema.maximum === 'number') values.push(schema.maximum, schema.maximum + 1);
  return fc.constantFrom(...values);
}

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'array' | 'object';

/** Returns the JSON types a schema accepts, following `$ref`, `anyOf`, `oneOf`, `const` and `enum`. */
function allowedTypes(schema: Schema, components: Record<string, Schema>, seen = new Set<Schema>()): Set<JsonType> {
  if (seen.has(schema)) return new Set();
  seen.add(schema);

  if (typeof schema.$ref === 'string') return allowedTypes(components[schema.$ref.slice(COMPONENT_PREFIX.length)] ?? {}, components, seen);
  const alternatives: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives) && !schema.type) {
    const union = new Set<JsonType>();
    for (const branch of alternatives) for (const type of allowedTypes(branch, components, seen)) union.add(type);
    return union;
  }
  if (typeof schema.type === 'string') return new Set([schema.type as JsonType]);
  if ('const' in schema) return new Set([jsonTypeOf(schema.const)]);
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map(jsonTypeOf));
  return new Set(['string', 'integer', 'number', 'boolean', 'null', 'array', 'object']);
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

const SAMPLES: Record<JsonType, fc.Arbitrary<unknown>> = {
  string: fc.constantFrom('1', 'true', 'null', 'x'),
  integer: fc.constantFrom(0, 1, -7),
  number: fc.constantFrom(0.5, -2.25),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.constantFrom([], ['x'], [1, 2]),
  object: fc.constantFrom({}, { a: 1 }),
};

/** Generates a value of a JSON type the schema does not accept. A `number` schema accepts integers too. */
function wrongType(allowed: Set<JsonType>): fc.Arbitrary<unknown> {
  const candidates = (Object.keys(SAMPLES) as JsonType[]).filter((type) => {
    if (allowed.has(type)) return false;
    if (type === 'integer' && allowed.has('number')) return false;
    return true;
  });
  if (candidates.length === 0) return fc.constant({ unexpected: true });
  return fc.oneof(...candidates.map((type) => SAMPLES[type]));
}
