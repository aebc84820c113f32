import type { RequestHandler } from 'express';
import { DEFAULT_NAMESPACE, type NamespaceRegistry } from '../namespaces.js';

/** The request header that selects a namespace. */
export const NAMESPACE_HEADER = 'x-fake-namespace';

const NAMESPACE_NAME = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * Resolves the request's namespace from `X-Fake-Namespace` (absent: `default`) into
 * `res.locals.namespace`, creating it on first use. A malformed name gets 400.
 */
export function namespaceHeader(registry: NamespaceRegistry): RequestHandler {
  return (req, res, next) => {
    const name = req.get(NAMESPACE_HEADER) ?? DEFAULT_NAMESPACE;
    if (!NAMESPACE_NAME.test(name)) {
      res.status(400).json({
        detail: `Invalid ${NAMESPACE_HEADER} header "${name.slice(0, 40)}": use 1 to 128 letters, digits or . _ : @ -`,
      });
      return;
    }
    res.locals.namespace = registry.get(name);
    next();
  };
}
