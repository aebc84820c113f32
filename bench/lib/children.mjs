// Child processes of the benchmark: free ports, spawning, readiness polling, memory
// readings and cleanup. Every child is tracked so that a failure or Ctrl-C still stops it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const HOST = '127.0.0.1';
const running = new Set();

/** Asks the OS for a free port on 127.0.0.1 by binding port 0 and releasing it at once. */
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Spawns `command args` with stdout discarded and the last 4 KiB of stderr kept for
 * error messages. The child is stopped by `stopAll()` and on exit of this process.
 */
export function startChild(name, command, args, options = {}) {
  const startedAt = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const handle = { name, child, pid: child.pid, startedAt, stderr: '', exited: null };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    handle.stderr = (handle.stderr + chunk).slice(-4096);
  });
  child.once('exit', (code, signal) => {
    handle.exited = { code, signal };
    running.delete(handle);
  });
  child.once('error', (error) => {
    handle.exited = { code: null, signal: null, error };
    running.delete(handle);
  });
  running.add(handle);
  return handle;
}

/** Sends SIGTERM, then SIGKILL when the child has not exited within `graceMs`. */
export async function stopChild(handle, graceMs = 3000) {
  if (handle.exited) return;
  const exited = new Promise((resolve) => handle.child.once('exit', resolve));
  handle.child.kill('SIGTERM');
  const timer = setTimeout(() => handle.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Stops every child this process started and has not stopped yet. */
export async function stopAll() {
  await Promise.all([...running].map((handle) => stopChild(handle)));
}

/** Synchronous last resort for `process.on('exit')`, where no promise can run. */
export function killAllNow() {
  for (const handle of running) handle.child.kill('SIGKILL');
}

/** Sends one request on a fresh connection; resolves to `{status, headers, body}` or rejects on a socket error. */
export function request(url, { method = 'GET', headers = {}, body, agent = false, timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`request to ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Polls `url` every `intervalMs` until it returns 200 and resolves to the milliseconds
 * since the child was spawned. Rejects when the child exits or `deadlineMs` passes.
 */
export async function waitFor200(handle, url, { headers = {}, intervalMs = 5, deadlineMs = 60_000 } = {}) {
  while (true) {
    if (handle.exited) {
      throw new Error(`${handle.name} exited (${JSON.stringify(handle.exited)}) before ${url} returned 200. Its stderr:\n${handle.stderr}`);
    }
    try {
      const response = await request(url, { headers, timeoutMs: 2000 });
      if (response.status === 200) return performance.now() - handle.startedAt;
    } catch {
      // Not listening yet: poll again.
    }
    if (performance.now() - handle.startedAt > deadlineMs) {
      throw new Error(`${handle.name} did not return 200 on ${url} within ${deadlineMs} ms. Its stderr:\n${handle.stderr}`);
    }
    await sleep(intervalMs);
  }
}

/** Reads VmRSS (resident now) and VmHWM (peak resident) of a process from /proc, in bytes. */
export function residentMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssBytes: kib('VmRSS') * 1024, peakRssBytes: kib('VmHWM') * 1024 };
}

export { HOST };

/** Process ids of every child still running. */
export function runningPids() {
  return [...running].map((handle) => handle.pid);
}
