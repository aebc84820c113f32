import { randomBytes } from 'node:crypto';

/** Produces 24-character lowercase hex ids, shaped like MongoDB ObjectIds. */
export interface IdGenerator {
  next(): string;
}

/**
 * Returns an id generator. With a seed the sequence repeats run to run; without one,
 * ids start from a random 12-byte value. Both count upward, so later ids sort after
 * earlier ones, as ObjectIds created in order do.
 */
export function createIdGenerator(seed?: number): IdGenerator {
  let counter = seed === undefined ? randomStart() : seededStart(seed);
  const limit = 1n << 96n;
  return {
    next() {
      counter = (counter + 1n) % limit;
      return counter.toString(16).padStart(24, '0');
    },
  };
}

function randomStart(): bigint {
  // The current time in seconds, then 64 random bits with headroom for counting.
  const timestamp = BigInt(Math.floor(Date.now() / 1000));
  return (timestamp << 64n) | (BigInt(`0x${randomBytes(8).toString('hex')}`) >> 8n);
}

function seededStart(seed: number): bigint {
  // An ObjectId-like prefix: a fixed timestamp (2026-01-01) then the seed, so seeded ids look real.
  const timestamp = 0x69559a80n;
  return (timestamp << 64n) | (BigInt(Math.abs(Math.trunc(seed)) % 2 ** 32) << 24n);
}
