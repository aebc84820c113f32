import type { RequestHandler } from 'express';
import { DEFAULT_NAMESPACE, type Namespace, type NamespaceRegistry } from '../namespaces.js';

/** The request header that selects a namespace. */
export const NAMESPACE_HEADER = 'x-fake-namespace';

const NAMESPACE_NAME = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * Returns the namespace a header value selects (absent: `default`), creating it on first
 * use, or a sentence saying why the name is invalid.
 */
export function resolveNamespace(header: string | undefined, registry: NamespaceRegistry): Namespace | string {
  const name = header ?? DEFAULT_NAMESPACE;
  if (!NAMESPACE_NAME.test(name)) {
    return `Invalid ${NAMESPACE_HEADER} header "${name.slice(0, 40)}": use 1 to 128 letters, digits or . _ : @ -`;
  }
  return registry.get(name);
}

/** Express middleware for the control API: the namespace into `res.locals.namespace`, or 400. */
export function namespaceHeader(registry: NamespaceRegistry): RequestHandler {
  return (req, res, next) => {
    const namespace = resolveNamespace(req.get(NAMESPACE_HEADER), registry);
    if (typeof namespace === 'string') {
      res.status(400).json({ detail: namespace });
      return;
    }
    res.locals.namespace = namespace;
    next();
  };
}
