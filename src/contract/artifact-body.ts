import { buildValidationItem, type ValidationItem } from './validation-item.js';

const ARTIFACT_TYPES = new Set(['service', 'nim']);

/**
 * Fills `spec.type` in an artifact create or replace body before it is validated, as the
 * real server injects it from the top-level `type`. Without it a service spec matches
 * both branches of the spec's `oneOf`. When the top-level `type` is absent, a valid
 * `spec.type` decides the type instead. Returns an item when the two disagree.
 */
export function fillArtifactSpecType(body: unknown, fieldPrefix: Array<string | number> = []): ValidationItem[] {
  if (!isObject(body) || !isObject(body.spec)) return [];

  const topType = body.type;
  const specType = body.spec.type;

  if (topType === undefined) {
    if (specType === undefined) body.spec.type = 'service';
    else if (typeof specType === 'string' && ARTIFACT_TYPES.has(specType)) body.type = specType;
    return [];
  }

  if (typeof topType !== 'string' || !ARTIFACT_TYPES.has(topType)) return [];
  if (specType === undefined) {
    body.spec.type = topType;
    return [];
  }
  if (specType !== topType) {
    return [
      buildValidationItem(
        'body',
        [...fieldPrefix, 'spec', 'type'],
        `must equal the top-level "type" ("${topType}") or be left out`,
        'literal_error',
      ),
    ];
  }
  return [];
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A PATCH body with `spec.type` lifted out, and the value that was there. */
export interface LiftedSpecType {
  declaredSpecType: unknown;
}

/**
 * Removes `spec.type` from an artifact PATCH body before validation, since the update
 * schema has no such field but clients send back the spec a GET returned. The domain
 * accepts the value only when it equals the artifact's type.
 */
export function liftPatchSpecType(body: unknown): LiftedSpecType {
  if (!isObject(body) || !isObject(body.spec) || !('type' in body.spec)) return { declaredSpecType: undefined };
  const { type, ...rest } = body.spec;
  body.spec = rest;
  return { declaredSpecType: type };
}
