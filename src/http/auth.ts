import { HttpError } from './http-error.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Reads the token from `Authorization: Bearer <token>`. Raises 401 with the gateway's
 * `{"message": ...}` body when the header is missing or not a bearer token.
 */
export function bearerToken(header: string | undefined): string {
  if (!header) {
    throw new HttpError(401, { message: 'Missing Authorization header: send "Authorization: Bearer <token>"' });
  }
  const match = BEARER.exec(header);
  if (!match) {
    throw new HttpError(401, { message: 'Invalid Authorization header: expected "Bearer <token>"' });
  }
  return match[1];
}
