import type { Clock } from './clock.js';
import type { IdGenerator } from './ids.js';
import type { WorkloadState } from './state.js';

/** What every rule needs: the state it works on, a clock and an id source. */
export interface DomainContext {
  state: WorkloadState;
  clock: Clock;
  ids: IdGenerator;
}
