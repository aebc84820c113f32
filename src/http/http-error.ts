import type { ValidationItem } from '../contract/validation-item.js';

/**
 * An error answered at the HTTP level, before or around the domain: missing
 * credentials, a request that fails validation, a body over the size limit.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body !== null && 'detail' in body ? String((body as { detail: unknown }).detail) : `HTTP ${status}`);
  }
}

/** 422 with the API's `{"detail": [items]}` body. */
export class RequestValidationError extends HttpError {
  constructor(readonly items: ValidationItem[]) {
    super(422, { detail: items });
  }
}
