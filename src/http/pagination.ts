import type { Exchange } from './exchange.js';
import type { Page, PageWindow } from '../domain/listing.js';

/** The list envelope every paginated operation returns. */
export interface ListEnvelope<T> {
  totalCount: number;
  count: number;
  next: string | null;
  previous: string | null;
  data: T[];
}

/** Reads `offset` and `limit` from a validated query; the spec's defaults are 0 and 10. */
export function pageWindow(query: Record<string, any>): PageWindow {
  return { offset: query.offset ?? 0, limit: query.limit ?? 10 };
}

/**
 * Returns a function that builds the absolute URL of another page: the request's own
 * scheme, host and path form (prefix and trailing slash as sent), every query key as
 * sent, and the new `offset` and `limit`.
 */
export function pageUrlBuilder(exchange: Exchange): (window: PageWindow) => string {
  return (window) => {
    const params = new URLSearchParams(exchange.rawQuery);
    params.set('offset', String(window.offset));
    params.set('limit', String(window.limit));
    return exchange.urlWithQuery(params.toString());
  };
}

/** Wraps one page in the envelope with `next` and `previous` links, `null` at the ends. */
export function envelope<T, R>(
  page: Page<T>,
  window: PageWindow,
  pageUrl: (window: PageWindow) => string,
  format: (item: T) => R,
): ListEnvelope<R> {
  const hasNext = window.offset + window.limit < page.totalCount;
  const hasPrevious = window.offset > 0;
  return {
    totalCount: page.totalCount,
    count: page.items.length,
    next: hasNext ? pageUrl({ offset: window.offset + window.limit, limit: window.limit }) : null,
    previous: hasPrevious ? pageUrl({ offset: Math.max(0, window.offset - window.limit), limit: window.limit }) : null,
    data: page.items.map(format),
  };
}
