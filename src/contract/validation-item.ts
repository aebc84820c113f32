/** Where a request value came from, as the first element of a 422 item's `loc`. */
export type RequestLocation = 'body' | 'query' | 'path' | 'header';

/**
 * One entry of a 422 `detail` list. It carries the schema's FastAPI-style fields
 * (`loc`, `msg`, `type`) and the `path`, `message`, `code` fields the live service sends,
 * so clients written against either shape can read it.
 */
export interface ValidationItem {
  loc: Array<string | number>;
  msg: string;
  type: string;
  path: string;
  message: string;
  code: string;
}

/** Builds an item for the field at `fieldPath` inside the request part `location`. */
export function buildValidationItem(
  location: RequestLocation,
  fieldPath: Array<string | number>,
  problem: string,
  code: string,
): ValidationItem {
  const label = formatFieldPath(fieldPath) || location;
  const message = `"${label}": ${problem}`;
  return {
    loc: [location, ...fieldPath],
    msg: message,
    type: code,
    path: fieldPath.length > 0 ? fieldPath.join('.') : location,
    message,
    code,
  };
}

/** Formats `['spec', 'containerGroups', 0, 'name']` as `spec.containerGroups[0].name`. */
export function formatFieldPath(fieldPath: Array<string | number>): string {
  let text = '';
  for (const segment of fieldPath) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text;
}
