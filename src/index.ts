export { createApp, createFake, type AppOptions, type FakeApp } from './app.js';
export { startServer, type RunningFake } from './server.js';
export { DEFAULT_SETTINGS, type FakeSettings } from './settings.js';
export { WorkloadBackend } from './domain/backend.js';
export { ScenarioError } from './fixtures/scenario-file.js';
export type { ValidationItem } from './contract/validation-item.js';
