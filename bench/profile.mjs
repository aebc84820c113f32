#!/usr/bin/env node
// Profiles the fake with `node --cpu-prof`: its cold start on the default scenario, then
// two loads, GET one artifact on the default scenario and the filtered list of 50 on a
// generated scenario. Writes the profiles to bench/results/profiles/ and prints a summary
// of each, limited to the samples of the start or of the measurement window.
//
// Usage: node bench/profile.mjs [--artifacts N] [--seconds N] [--fake-root DIR]
//   --fake-root DIR  profile the fake built in DIR (see bench/build-ref.sh), not this checkout's
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, HOST, killAllNow, startChild, stopAll, stopChild, waitFor200 } from './lib/children.mjs';
import { measure, runAutocannon } from './lib/load.mjs';
import { sourceState } from './lib/machine.mjs';
import { renderSummary, summarizeProfile } from './summarize-profile.mjs';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const OUT_DIR = path.join(ROOT, 'bench', 'results', 'profiles');
const AUTH = { Authorization: 'Bearer default-token' };
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;

const { values } = parseArgs({
  options: { artifacts: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '10' }, 'fake-root': { type: 'string' } },
});
const FAKE_ROOT = path.resolve(values['fake-root'] ?? ROOT);
const CLI = path.join(FAKE_ROOT, 'dist', 'cli.js');
const artifacts = Number(values.artifacts);
const seconds = Number(values.seconds);
if (!Number.isInteger(artifacts) || artifacts < 100 || artifacts % 100 !== 0 || !(seconds > 0)) {
  process.stderr.write('usage: node bench/profile.mjs [--artifacts N (a multiple of 100)] [--seconds N] [--fake-root DIR]\n');
  process.exit(2);
}
if (!existsSync(CLI)) {
  process.stderr.write(`${CLI} is missing: run npm run build (or bench/build-ref.sh) first\n`);
  process.exit(1);
}
process.on('exit', killAllNow);

/** Starts the fake under --cpu-prof and waits for its first 200 on /_fake/health. */
async function startProfiledFake(name, { scenario, fixturesDir }) {
  const port = await freePort();
  const args = ['--cpu-prof', '--cpu-prof-dir', OUT_DIR, '--cpu-prof-name', `${name}.cpuprofile`, CLI, '--port', String(port), '--host', HOST, '--scenario', scenario, '--log-level', 'silent', '--seed', '1'];
  if (fixturesDir) args.push('--fixtures', fixturesDir);
  const handle = startChild(`fake (${name})`, process.execPath, args, { cwd: FAKE_ROOT });
  const url = `http://${HOST}:${port}`;
  const readyMs = await waitFor200(handle, `${url}/_fake/health`, { deadlineMs: 300_000 });
  return { handle, url, readyMs, file: path.join(OUT_DIR, `${name}.cpuprofile`) };
}

/** The fake exits through its SIGTERM handler, so V8 writes the profile; SIGKILL would lose it. */
async function stopProfiledFake(handle) {
  await stopChild(handle, 15_000);
}

/** Profiles the start of the default scenario, from spawn to the first 200. */
async function profileColdStart() {
  const { handle, readyMs, file } = await startProfiledFake('cold-start', { scenario: 'default' });
  await stopProfiledFake(handle);
  return { file, headline: `cold start: first 200 after ${Math.round(readyMs)} ms (under the profiler)`, summary: summarizeProfile(file, { untilMs: readyMs }) };
}

/** Profiles a load of `requestPath`, keeping only the samples of the measurement window. */
async function profileLoad(name, { scenario, fixturesDir, requestPath }) {
  const { handle, url, file } = await startProfiledFake(name, { scenario, fixturesDir });
  process.stderr.write(`[profile] ${name}: ${WARMUP_SECONDS} s warm-up, then ${seconds} s of GET ${requestPath}\n`);
  const requests = [{ method: 'GET', path: requestPath, headers: AUTH }];
  await runAutocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS, requests });
  const windowStartMs = performance.now() - handle.startedAt;
  const result = await measure({ url, connections: CONNECTIONS, warmupSeconds: 0, durationSeconds: seconds, requests });
  const windowEndMs = performance.now() - handle.startedAt;
  await stopProfiledFake(handle);

  const headline = `${name}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.latencyMs.p99} ms (under the profiler)`;
  return { file, headline, summary: summarizeProfile(file, { skipMs: windowStartMs, untilMs: windowEndMs }) };
}

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const old of readdirSync(OUT_DIR)) if (old.endsWith('.cpuprofile')) rmSync(path.join(OUT_DIR, old));
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'workload-api-fake-profile-'));
  try {
    writeFileSync(path.join(scratch, 'bench-large.yaml'), `description: profile scenario\ngenerate: {users: 3, repositories: ${artifacts / 100}, artifactsPerRepository: 100}\n`);
    const source = sourceState(FAKE_ROOT);
    const report = [
      `# CPU profile of the fake (${new Date().toISOString()})`,
      '',
      `Fake of commit ${source.commit ?? 'unknown'} in ${FAKE_ROOT}${source.srcChangedFiles ? ` with ${source.srcChangedFiles} uncommitted file(s) under src/` : ''}.`,
      `${CONNECTIONS} connections, ${seconds} s per load, ${artifacts.toLocaleString('en-US')} artifacts for the list.`,
    ];
    const profiles = [
      await profileColdStart(),
      await profileLoad('get-artifact', { scenario: 'default', requestPath: '/api/v2/artifacts/65f0000000000000000000b1/' }),
      await profileLoad('list-artifacts', { scenario: 'bench-large', fixturesDir: scratch, requestPath: '/api/v2/artifacts/?limit=50&status=locked&orderBy=-name' }),
    ];
    for (const { file, headline, summary } of profiles) {
      report.push('', `## ${headline}`, '', `Profile: ${path.relative(ROOT, file)}`, '', renderSummary(summary));
    }
    const text = `${report.join('\n')}\n`;
    writeFileSync(path.join(OUT_DIR, 'summary.md'), text);
    process.stdout.write(text);
  } finally {
    await stopAll();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch(async (error) => {
  process.stderr.write(`[profile] FAILED: ${error.stack ?? error}\n`);
  await stopAll();
  process.exit(1);
});
