import type { ResponseValidationMode } from './http/respond.js';

/** Everything that configures one fake; the CLI fills it from flags and FAKE_* variables. */
export interface FakeSettings {
  /** Scenario loaded at start and on reset. */
  scenario: string;
  /** Extra folders of scenario files; a file there overrides a built-in one of the same name. */
  fixturesDirs: string[];
  /** Makes generated ids repeat run to run. */
  seed?: number;
  /** ISO instant that fixes the clock; each write then moves it forward by one second. */
  clock?: string;
  /** When false, requests need no token and all act as the scenario's default user. */
  auth: boolean;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  responseValidation: ResponseValidationMode;
  logLevel: string;
  /** Most journal entries kept per namespace; older ones are dropped first. */
  journalLimit: number;
  /** When false, nothing is served under `/_fake`, not even the health check. */
  control: boolean;
}

/** Default request body limit: 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export const DEFAULT_SETTINGS: FakeSettings = {
  scenario: 'default',
  fixturesDirs: [],
  auth: true,
  bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
  responseValidation: 'strict',
  logLevel: 'info',
  journalLimit: 1000,
  control: true,
};
