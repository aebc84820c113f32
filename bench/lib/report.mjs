// Text tables and the budget check of the benchmark report.

const MIB = 1024 * 1024;

export function formatNumber(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatMs(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  if (value < 1) return value.toFixed(3);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

/** autocannon records latencies in whole milliseconds, so 0 means under 1 ms. */
export function formatLatency(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  return value < 1 ? '<1' : formatNumber(value);
}

export function formatMiB(bytes) {
  return `${formatNumber(bytes / MIB, 1)} MiB`;
}

/** Renders rows (arrays of strings) as a Markdown table, so the output can be pasted into BENCHMARKS.md. */
export function markdownTable(header, rows) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/**
 * Renders one workload: a row per peer with requests/s, p50, p99 and the ratio of our
 * requests/s to that peer's. `peers` maps a label to a summary from load.mjs, or to
 * `{ skipped: reason }`.
 */
export function workloadTable(workload) {
  const ours = workload.peers.fake;
  const rows = Object.entries(workload.peers).map(([key, peer]) => {
    const label = workload.labels?.[key] ?? key;
    if (peer.skipped) return [label, '-', '-', '-', '-', '-', '-', '-', `not measured: ${peer.skipped}`];
    const statuses = Object.entries(peer.statusCodes)
      .map(([code, count]) => `${code}×${count}`)
      .join(' ');
    const compared = key !== 'fake' && ours && !ours.skipped;
    const ratio = compared ? formatRatio(ours.requestsPerSecond / peer.requestsPerSecond) : '';
    const cpuRatio = compared ? formatRatio(cpuEfficiencyRatio(ours, peer)) : '';
    const problems = peer.errors + peer.timeouts > 0 ? ` errors ${peer.errors}, timeouts ${peer.timeouts}` : '';
    return [
      label,
      formatNumber(peer.requestsPerSecond),
      formatLatency(peer.latencyMs.p50),
      formatLatency(peer.latencyMs.p99),
      ratio,
      formatNumber(peer.serverCpuMicrosecondsPerRequest),
      cpuRatio,
      peer.cpu.otherCores.toFixed(2),
      `${statuses}${problems}`,
    ];
  });
  return markdownTable(['server', 'req/s', 'p50 ms', 'p99 ms', 'ours ÷ peer (req/s)', 'server CPU µs/req', 'ours ÷ peer (req/CPU-s)', 'other cores', 'status codes'], rows);
}

/** Computes our requests per CPU second divided by the peer's, or null without CPU readings. */
export function cpuEfficiencyRatio(ours, peer) {
  if (!ours.serverCpuMicrosecondsPerRequest || !peer.serverCpuMicrosecondsPerRequest) return null;
  return peer.serverCpuMicrosecondsPerRequest / ours.serverCpuMicrosecondsPerRequest;
}

/** Formats a ratio with two decimals, or two significant digits below 0.1 so that 0.0011 stays visible. */
function formatRatio(value) {
  if (value === null) return '-';
  return `${value < 0.1 ? value.toPrecision(2) : value.toFixed(2)}×`;
}

/**
 * Checks each budget against the results. Each entry contains the measured value, the
 * limit, PASS or MISS, and a note when the run could not judge it fully (the quick mode).
 */
export function checkBudgets(results) {
  const budgets = [];
  const add = (name, measured, limit, pass, note = '') => {
    let status = pass ? 'PASS' : 'MISS';
    if (pass === null) status = 'NOT MEASURED';
    budgets.push({ name, measured, limit, status, note });
  };
  const get = results.workloads.getArtifact.peers;
  const list = results.workloads.listArtifacts.peers.fake;
  const largeNote = results.settings.largeArtifacts === 100_000 ? '' : `indicative only: measured on ${formatNumber(results.settings.largeArtifacts)} artifacts, not 100,000`;

  const byCpu = (peer) => `by server CPU per request: ${formatRatio(cpuEfficiencyRatio(get.fake, peer))}`;
  const expressRatio = get.fake.requestsPerSecond / get.bareExpress.requestsPerSecond;
  add('GET one artifact vs bare Express', `${(expressRatio * 100).toFixed(0)}% of its req/s`, '≥ 80%', expressRatio >= 0.8, byCpu(get.bareExpress));
  const prismRatio = get.prism.skipped ? null : get.fake.requestsPerSecond / get.prism.requestsPerSecond;
  add('GET one artifact vs Prism', prismRatio === null ? '-' : `${prismRatio.toFixed(2)}× its req/s`, '≥ 3.5×', prismRatio === null ? null : prismRatio >= 3.5, get.prism.skipped ? '' : byCpu(get.prism));
  add('GET one artifact p99 at 50 connections', `${formatLatency(get.fake.latencyMs.p99)} ms`, '≤ 10 ms', get.fake.latencyMs.p99 <= 10);
  add(`list of 50 with a filter, p99`, `${formatLatency(list.latencyMs.p99)} ms`, '≤ 25 ms', list.latencyMs.p99 <= 25, largeNote);

  const cold = results.coldStart;
  add('cold start to first 200', `${formatMs(cold.fake.bestMs)} ms`, '≤ 500 ms', cold.fake.bestMs <= 500);
  const coldRatio = cold.prism.bestMs / cold.fake.bestMs;
  add('cold start vs Prism', `${coldRatio.toFixed(1)}× faster`, '≥ 10×', coldRatio >= 10, cold.prism.runs < 3 ? `Prism best of ${cold.prism.runs}` : '');

  // Judged in-process: over HTTP both differ from a plain request by less than the noise of a round trip.
  const timing = results.resetAndNamespace.inProcess;
  add('reset of the default scenario', `${formatMs(timing.reset.medianMs)} ms`, '≤ 1 ms', timing.reset.medianMs <= 1, 'in-process median of reset()');
  add('new namespace, default scenario', `${formatMs(timing.newNamespace.medianMs)} ms`, '≤ 1 ms', timing.newNamespace.medianMs <= 1, 'in-process median of namespaces.get(new name)');

  // Judged right after the start, when the generated scenario is loaded and nothing else ran.
  const rss = results.memory.largeFake.afterStart.rssBytes;
  add(`RSS with ${formatNumber(results.settings.largeArtifacts)} artifacts`, `${formatNumber(rss / 1e6)} MB (${formatMiB(rss)})`, '≤ 300 MB', rss <= 300 * 1000 * 1000, largeNote);
  return budgets;
}

export function budgetTable(budgets) {
  return markdownTable(
    ['budget', 'measured', 'limit', 'result', 'note'],
    budgets.map((budget) => [budget.name, budget.measured, budget.limit, budget.status, budget.note]),
  );
}
