// Load generation with autocannon, used programmatically in this process.
import os from 'node:os';
import autocannon from 'autocannon';
import { startCpuWatch } from './machine.mjs';

/**
 * Runs one autocannon load and resolves to its raw result. A run bounded by `amount`
 * instead of `duration` is still stopped after `maxSeconds`, so no run is unbounded in time.
 */
export function runAutocannon({ url, connections, duration, amount, maxSeconds, requests, headers }) {
  // A 30 s request timeout keeps slow responses (the list on 100,000 artifacts) in the
  // latency histogram instead of counting them as timeouts.
  const options = { url, connections, headers, requests, timeout: 30 };
  if (amount) options.amount = amount;
  else options.duration = duration;

  const instance = autocannon(options);
  const guard = setTimeout(() => instance.stop(), (maxSeconds ?? duration + 30) * 1000);
  return Promise.resolve(instance).finally(() => clearTimeout(guard));
}

/**
 * Warms the server up for `warmupSeconds` (result discarded), then measures for
 * `durationSeconds` and returns requests/s, p50 and p99 latency and error counts.
 * `watchPids` are the benchmark's own processes, whose CPU time does not count as other
 * work. The CPU time of `serverPid` per request is reported too, because other work
 * changes it much less than it changes requests/s.
 */
export async function measure({ url, connections, warmupSeconds, durationSeconds, requests, headers, watchPids = [], serverPid }) {
  if (warmupSeconds > 0) {
    await runAutocannon({ url, connections, duration: warmupSeconds, requests, headers });
  }
  const loadAverageBefore = os.loadavg()[0];
  const cpuWatch = startCpuWatch(watchPids, serverPid);
  const result = await runAutocannon({ url, connections, duration: durationSeconds, requests, headers });
  const cpu = cpuWatch.stop();
  const summary = summarize(result, loadAverageBefore);
  const serverCpuMicrosecondsPerRequest = cpu.serverCpuSeconds === null || summary.totalRequests === 0 ? null : (cpu.serverCpuSeconds * 1e6) / summary.totalRequests;
  return { ...summary, cpu, serverCpuMicrosecondsPerRequest };
}

/** Extracts the fields of an autocannon result that the report uses. Latencies are in milliseconds. */
export function summarize(result, loadAverageBefore = os.loadavg()[0]) {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]));
  return {
    requestsPerSecond: result.requests.total / result.duration,
    totalRequests: result.requests.total,
    seconds: result.duration,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    loadAverage1mBefore: loadAverageBefore,
    loadAverage1mAfter: os.loadavg()[0],
  };
}
