import type { Clock } from './clock.js';
import type { IdGenerator } from './ids.js';
import type { WorkloadState } from './state.js';

/** The inputs of every rule: the state it works on, a clock and an id source. */
export interface DomainContext {
  state: WorkloadState;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Returns an id no entity of the state uses. A client may create a repository under an id
 * of its choosing, which the generator could produce later, so generated ids are checked.
 */
export function newId(context: DomainContext): string {
  const { state } = context;
  let id = context.ids.next();
  while (state.repositories.has(id) || state.artifacts.has(id) || state.workloads.has(id) || state.builds.has(id)) id = context.ids.next();
  return id;
}
