#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self
// time, and our own functions by total time (self plus callees). Frames in dist/ are
// mapped back to src/*.ts through the source maps that tsc writes next to them.
//
// Usage: node bench/summarize-profile.mjs FILE.cpuprofile [--skip-ms N] [--until-ms N] [--top N]
//   --skip-ms N   leaves out the first N ms of the profile, such as start-up and warm-up
//   --until-ms N  leaves out everything after N ms, such as the shutdown
//   --top N      rows per table (default 25)
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const sourceMaps = new Map();

function sourceMapFor(url) {
  if (!sourceMaps.has(url)) {
    const mapFile = `${fileURLToPath(url)}.map`;
    sourceMaps.set(url, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null);
  }
  return sourceMaps.get(url);
}

/**
 * Names a frame's place: `src/x.ts:line` for the fake's own code (any file under a
 * dist/ folder outside node_modules), the package for a dependency, `node:...` for Node's own.
 */
function locate(callFrame) {
  const { url, lineNumber, columnNumber } = callFrame;
  if (!url) return { area: 'V8/native', where: '' };
  if (url.startsWith('node:')) return { area: 'node', where: url };

  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (modules) return { area: modules[1], where: `${modules[1]}/${url.slice(modules.index + modules[0].length)}:${lineNumber + 1}` };

  const distAt = url.lastIndexOf('/dist/');
  if (url.startsWith('file:') && distAt !== -1) {
    const checkout = fileURLToPath(url.slice(0, distAt + 1));
    const entry = sourceMapFor(url)?.findEntry(lineNumber, columnNumber);
    if (entry?.originalSource) {
      return { area: 'ours', where: `${path.relative(checkout, fileURLToPath(new URL(entry.originalSource, url)))}:${entry.originalLine + 1}` };
    }
    return { area: 'ours', where: `${path.relative(checkout, fileURLToPath(url))}:${lineNumber + 1}` };
  }
  return { area: 'other', where: `${url}:${lineNumber + 1}` };
}

/**
 * Reads a profile and returns per-function self and total milliseconds over the samples
 * between `skipMs` and `untilMs` from its start, plus self time per area (ours, node,
 * each package, V8/native).
 */
export function summarizeProfile(file, { skipMs = 0, untilMs = Infinity } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

  const functions = new Map();
  const keyOf = (node) => {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const key = `${functionName}|${url}|${lineNumber}|${columnNumber}`;
    if (!functions.has(key)) {
      const place = locate(node.callFrame);
      functions.set(key, { name: functionName || '(anonymous)', ...place, selfMs: 0, totalMs: 0 });
    }
    return key;
  };

  let elapsedUs = 0;
  let measuredUs = 0;
  const skipUs = skipMs * 1000;
  for (let index = 0; index < profile.samples.length; index += 1) {
    // timeDeltas[i] is the time since the previous sample, and this summary charges it to sample i.
    const deltaUs = profile.timeDeltas[index] ?? 0;
    elapsedUs += deltaUs;
    if (elapsedUs < skipUs) continue;
    if (elapsedUs > untilMs * 1000) break;
    measuredUs += deltaUs;
    const leaf = nodes.get(profile.samples[index]);
    functions.get(keyOf(leaf)).selfMs += deltaUs / 1000;

    const seen = new Set();
    for (let id = leaf.id; id !== undefined; id = parents.get(id)) {
      const key = keyOf(nodes.get(id));
      if (seen.has(key)) continue;
      seen.add(key);
      functions.get(key).totalMs += deltaUs / 1000;
    }
  }

  const areas = new Map();
  for (const entry of functions.values()) areas.set(entry.area, (areas.get(entry.area) ?? 0) + entry.selfMs);
  return { measuredMs: measuredUs / 1000, functions: [...functions.values()], areas: [...areas.entries()].map(([area, selfMs]) => ({ area, selfMs })) };
}

/** Renders the summary as Markdown tables with shares of the measured time. */
export function renderSummary(summary, top = 25) {
  const share = (ms) => `${((100 * ms) / summary.measuredMs).toFixed(1)}%`;
  const idle = new Set(['(idle)', '(program)']);
  const lines = [`Measured ${(summary.measuredMs / 1000).toFixed(1)} s of samples.`, '', '### Self time by area', '', '| area | self | share |', '| --- | --- | --- |'];
  for (const { area, selfMs } of summary.areas.sort((a, b) => b.selfMs - a.selfMs).slice(0, 12)) lines.push(`| ${area} | ${selfMs.toFixed(0)} ms | ${share(selfMs)} |`);

  lines.push('', '### Top functions by self time', '', '| function | where | self | share |', '| --- | --- | --- | --- |');
  for (const entry of [...summary.functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) {
    lines.push(`| ${entry.name} | ${entry.where || entry.area} | ${entry.selfMs.toFixed(0)} ms | ${share(entry.selfMs)} |`);
  }

  lines.push('', '### Our functions by total time (self plus callees)', '', '| function | where | total | share | self |', '| --- | --- | --- | --- | --- |');
  const ours = summary.functions.filter((entry) => entry.area === 'ours' && !idle.has(entry.name));
  for (const entry of ours.sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) {
    lines.push(`| ${entry.name} | ${entry.where} | ${entry.totalMs.toFixed(0)} ms | ${share(entry.totalMs)} | ${entry.selfMs.toFixed(0)} ms |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'skip-ms': { type: 'string', default: '0' }, 'until-ms': { type: 'string', default: 'Infinity' }, top: { type: 'string', default: '25' } } });
  if (positionals.length !== 1) {
    process.stderr.write('usage: node bench/summarize-profile.mjs FILE.cpuprofile [--skip-ms N] [--until-ms N] [--top N]\n');
    process.exit(2);
  }
  process.stdout.write(`${renderSummary(summarizeProfile(positionals[0], { skipMs: Number(values['skip-ms']), untilMs: Number(values['until-ms']) }), Number(values.top))}\n`);
}
