// In-process measurements of the built fake, run by bench/run.mjs as a separate process
// so that its heap contains nothing but the fake. Prints one JSON document on stdout.
//
// Usage: node bench/in-process.mjs --fixtures DIR --scenario NAME [--samples N] [--dist DIR]
//   --dist DIR  the fake's built dist/ folder (default: this checkout's)
//
// - Times `namespaces.get(newName)` and `reset()` on the default scenario with
//   performance.now(), `samples` times each, and reports median, p90 and max.
// - Loads the large scenario from DIR and reports heapUsed after a full garbage
//   collection, next to the heap with only the default scenario loaded.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';

const { values } = parseArgs({
  options: { fixtures: { type: 'string' }, scenario: { type: 'string' }, samples: { type: 'string', default: '200' }, dist: { type: 'string', default: fileURLToPath(new URL('../dist/', import.meta.url)) } },
});
if (!values.fixtures || !values.scenario) {
  process.stderr.write('usage: node bench/in-process.mjs --fixtures DIR --scenario NAME [--samples N] [--dist DIR]\n');
  process.exit(2);
}
const samples = Number(values.samples);
const { createFake } = await import(pathToFileURL(path.join(values.dist, 'app.js')).href);

// Exposes gc() at run time, so the caller need not start node with --expose-gc.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

function heapUsedAfterGc() {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

function timeEach(count, action) {
  const durations = [];
  for (let index = 0; index < count; index += 1) {
    const start = performance.now();
    action(index);
    durations.push(performance.now() - start);
  }
  durations.sort((a, b) => a - b);
  const at = (share) => durations[Math.min(durations.length - 1, Math.floor(share * durations.length))];
  return { samples: count, medianMs: at(0.5), p90Ms: at(0.9), maxMs: durations[durations.length - 1] };
}

const heapBeforeAnyFake = heapUsedAfterGc();

// Default scenario: the cost of a new namespace and of a reset.
const defaultFake = createFake({ logLevel: 'silent' });
for (let index = 0; index < 20; index += 1) defaultFake.namespaces.get(`warm-up-${index}`).reset();
const newNamespace = timeEach(samples, (index) => defaultFake.namespaces.get(`bench-new-${index}`));
const resetDefault = timeEach(samples, () => defaultFake.namespaces.get().reset());
const heapWithDefault = heapUsedAfterGc();

// Large scenario: load time and heap.
const loadStart = performance.now();
const largeFake = createFake({ logLevel: 'silent', scenario: values.scenario, fixturesDirs: [values.fixtures], seed: 1 });
const largeLoadMs = performance.now() - loadStart;
const heapWithLarge = heapUsedAfterGc();
const largeArtifacts = largeFake.backend.state?.artifacts?.size ?? null;
const resetLarge = timeEach(1, () => largeFake.namespaces.get().reset());
const newNamespaceLarge = timeEach(1, () => largeFake.namespaces.get('bench-large-new'));

process.stdout.write(
  `${JSON.stringify({
    method: 'in-process: performance.now() around namespaces.get(newName) and namespace.reset() on a createFake() from dist/',
    defaultScenario: { newNamespace, reset: resetDefault },
    largeScenario: { artifacts: largeArtifacts, loadMs: largeLoadMs, reset: resetLarge, newNamespace: newNamespaceLarge },
    heap: {
      beforeAnyFakeBytes: heapBeforeAnyFake,
      withDefaultFakeBytes: heapWithDefault,
      withLargeFakeBytes: heapWithLarge,
      largeScenarioShareBytes: heapWithLarge - heapWithDefault,
    },
    rssBytes: process.memoryUsage().rss,
  })}\n`,
);
