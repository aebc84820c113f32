import type { JsonSchema } from './spec-loader.js';

/** The JSON type a query parameter's schema expects, after unwrapping `anyOf [X, null]`. */
export type QueryValueKind = 'array' | 'integer' | 'number' | 'boolean' | 'string';

/** Finds the kind of value a parameter schema expects, so its query text can be converted. */
export function queryValueKind(schema: JsonSchema): QueryValueKind {
  const candidates: JsonSchema[] = Array.isArray(schema.anyOf) ? schema.anyOf : [schema];
  for (const candidate of candidates) {
    const type = candidate.type;
    if (type === 'array' || type === 'integer' || type === 'number' || type === 'boolean') return type;
  }
  return 'string';
}

/**
 * Converts one raw query value to the kind its schema expects. Arrays come from
 * repeated keys (`ids=a&ids=b`), from one comma-separated value (`ids=a,b`), or both.
 * A scalar sent more than once keeps its last value. Text that does not convert is
 * left as it came, so the validator reports it with the parameter's name.
 */
export function coerceQueryValue(raw: unknown, kind: QueryValueKind): unknown {
  const values = (Array.isArray(raw) ? raw : [raw]).map(String);

  if (kind === 'array') {
    return values.flatMap((value) => value.split(',')).filter((value) => value !== '');
  }

  const last = values[values.length - 1];
  if (kind === 'integer' && /^[+-]?\d+$/.test(last)) return Number(last);
  if (kind === 'number' && last.trim() !== '' && Number.isFinite(Number(last))) return Number(last);
  if (kind === 'boolean' && (last === 'true' || last === 'false')) return last === 'true';
  return last;
}
