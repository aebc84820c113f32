import { seededRandom } from '../domain/random.js';

/** The definition of an injected fault: which requests it hits and how. */
export interface FaultSpec {
  /** The operation it applies to, or `*` for every operation. */
  operationId: string;
  /** Delay before the request goes on (or fails): a fixed number of ms, or a range picked per request. */
  latencyMs?: number | { min: number; max: number };
  /** Status sent instead of running the operation. */
  status?: number;
  /** Body sent with `status`; by default a `detail` in the API's shape naming the fault. */
  body?: unknown;
  /** Closes the connection without a response when true. */
  drop?: boolean;
  /** Apply to this many matching requests, then expire. */
  times?: number;
  /** Chance from 0 to 1 that a matching request is hit; 1 when absent. */
  probability?: number;
  /** Seed for the probability and the latency range; the same seed hits the same requests. */
  seed?: number;
}

/** A fault as stored: its spec, an id, and how many requests it has hit. */
export interface Fault extends FaultSpec {
  id: string;
  hits: number;
}

/** The action the pipeline takes for one request that a fault matched. */
export interface FaultDecision {
  fault: Fault;
  delayMs: number;
  kind: 'latency' | 'status' | 'drop';
}

/** Raised for a fault definition the fake cannot use; the control API returns 422. */
export class FaultSpecError extends Error {}

const MAX_LATENCY_MS = 60_000;

/**
 * The injected faults of one namespace, matched per request by operationId. Consumers use
 * them to test retries and timeouts: latency, an error status, or a dropped connection.
 */
export class FaultRegistry {
  private faults: Array<Fault & { random: () => number }> = [];
  private nextId = 1;

  constructor(private readonly operationIds: Set<string>) {}

  add(spec: FaultSpec): Fault {
    checkSpec(spec, this.operationIds);
    const fault = { ...spec, id: `fault-${this.nextId}`, hits: 0 };
    this.nextId += 1;
    this.faults.push({ ...fault, random: seededRandom(spec.seed ?? this.nextId * 7919) });
    return fault;
  }

  list(): Fault[] {
    return this.faults.map(({ random: _random, ...fault }) => fault);
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** Returns the first fault that hits this request, counting the hit; expired faults are dropped. */
  match(operationId: string): FaultDecision | undefined {
    for (const fault of this.faults) {
      if (fault.operationId !== '*' && fault.operationId !== operationId) continue;
      if (fault.probability !== undefined && fault.random() >= fault.probability) continue;

      fault.hits += 1;
      if (fault.times !== undefined && fault.hits >= fault.times) this.faults = this.faults.filter((item) => item !== fault);

      const { random: _random, ...stored } = fault;
      let kind: FaultDecision['kind'] = 'latency';
      if (fault.drop) kind = 'drop';
      else if (fault.status !== undefined) kind = 'status';
      return { fault: stored, delayMs: pickLatency(fault.latencyMs, fault.random), kind };
    }
    return undefined;
  }
}

function pickLatency(latency: FaultSpec['latencyMs'], random: () => number): number {
  if (latency === undefined) return 0;
  if (typeof latency === 'number') return latency;
  return Math.round(latency.min + random() * (latency.max - latency.min));
}

function checkSpec(spec: FaultSpec, operationIds: Set<string>): void {
  if (typeof spec !== 'object' || spec === null) throw new FaultSpecError('a fault must be a JSON object such as {"operationId": "getArtifact", "status": 503}');
  const known = new Set(['operationId', 'latencyMs', 'status', 'body', 'drop', 'times', 'probability', 'seed']);
  const unknown = Object.keys(spec).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new FaultSpecError(`unknown field ${unknown.join(', ')}; a fault takes ${[...known].join(', ')}`);

  if (spec.operationId !== '*' && !operationIds.has(spec.operationId)) {
    throw new FaultSpecError(`"operationId" must be "*" or an operationId of the spec, such as getArtifact; got ${JSON.stringify(spec.operationId)}`);
  }
  if (spec.status === undefined && !spec.drop && spec.latencyMs === undefined) {
    throw new FaultSpecError('a fault needs at least one of "latencyMs", "status" or "drop"');
  }
  if (spec.status !== undefined && spec.drop) throw new FaultSpecError('give "status" or "drop", not both');
  if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 200 || spec.status > 599)) {
    throw new FaultSpecError('"status" must be an integer HTTP status from 200 to 599');
  }
  if (spec.drop !== undefined && typeof spec.drop !== 'boolean') throw new FaultSpecError('"drop" must be true or false');
  checkLatency(spec.latencyMs);
  if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) throw new FaultSpecError('"times" must be an integer of at least 1');
  if (spec.probability !== undefined && (typeof spec.probability !== 'number' || spec.probability < 0 || spec.probability > 1)) {
    throw new FaultSpecError('"probability" must be a number from 0 to 1');
  }
  if (spec.seed !== undefined && !Number.isInteger(spec.seed)) throw new FaultSpecError('"seed" must be an integer');
}

function checkLatency(latency: FaultSpec['latencyMs']): void {
  if (latency === undefined) return;
  const valid = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_LATENCY_MS;
  if (typeof latency === 'number' ? valid(latency) : valid(latency?.min) && valid(latency?.max) && latency.min <= latency.max) return;
  throw new FaultSpecError(`"latencyMs" must be milliseconds from 0 to ${MAX_LATENCY_MS}, or {"min": a, "max": b} with a <= b`);
}
