/** Source of timestamps for created and updated entities. */
export interface Clock {
  /** The current instant as the API writes it: `2026-07-22T21:56:17.193000+00:00`. */
  now(): string;
}

/** Formats a Date the way the live service does: microseconds and a `+00:00` offset. */
export function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000+00:00`;
}

/**
 * Returns the wall clock, made strictly increasing so that entities created in one
 * millisecond still sort by creation time.
 */
export function systemClock(): Clock {
  let last = 0;
  return {
    now() {
      last = Math.max(Date.now(), last + 1);
      return formatTimestamp(new Date(last));
    },
  };
}

/** Returns a clock that starts at `start` and moves forward by `stepMs` on every reading. */
export function fixedClock(start: string, stepMs = 1000): Clock {
  let current = Date.parse(start);
  if (Number.isNaN(current)) throw new Error(`invalid clock start "${start}": expected an ISO 8601 instant`);
  return {
    now() {
      const value = formatTimestamp(new Date(current));
      current += stepMs;
      return value;
    },
  };
}
