import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const TOKEN = 'default-token';

/** The default scenario's payments-api repository: two locked versions and one draft. */
const PAYMENTS_REPOSITORY = '65f0000000000000000000a1';
const PAYMENTS_ARTIFACTS = ['65f0000000000000000000b1', '65f0000000000000000000b2', '65f0000000000000000000b3'];

/** How long the server may take to print its start line. */
const START_TIMEOUT_MS = 10_000;
/** How long the server may take to exit after SIGTERM. */
const STOP_TIMEOUT_MS = 1_000;

/** One parsed line of the server's JSON log on stdout. */
interface LogLine {
  msg?: string;
  url?: string;
  [key: string]: unknown;
}

interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

function serviceSpec(imageUri: string): Record<string, unknown> {
  return { containerGroups: [{ name: 'default', containers: [{ name: 'app', imageUri, port: 8080, primary: true }] }] };
}

/** Copies the environment without the variables that would override the flags' defaults. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('FAKE_') || name === 'PORT' || name === 'HOST') delete env[name];
  }
  return env;
}

let child: ChildProcess;
let baseUrl = '';
const logLines: LogLine[] = [];
let stderrText = '';

/** Sends one request to the running server with the default token and parses any JSON reply. */
async function api(method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Starts the built CLI on a free port and resolves with the URL from its start line. */
function startChild(): Promise<string> {
  child = spawn(process.execPath, [CLI, '--port', '0', '--host', '127.0.0.1', '--log-level', 'info'], {
    cwd: PROJECT_ROOT,
    env: cleanEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrText += chunk;
  });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server printed no start line within ${START_TIMEOUT_MS} ms; stderr: ${stderrText}`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before it started; stderr: ${stderrText}`));
    });

    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const parsed = JSON.parse(line) as LogLine;
      logLines.push(parsed);
      if (logLines.length === 1) {
        clearTimeout(timer);
        if (parsed.msg === 'workload-api-fake started' && typeof parsed.url === 'string') resolve(parsed.url);
        else reject(new Error(`first log line is not the start line: ${line}`));
      }
    });
  });
}

/** Resolves with the exit code, or with `undefined` when the child has not exited within `ms`. */
function waitForExit(ms: number): Promise<number | null | undefined> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

beforeAll(async () => {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  baseUrl = await startChild();
}, 120_000);

afterAll(async () => {
  if (!child || child.exitCode !== null) return;

  const started = Date.now();
  child.kill('SIGTERM');
  const code = await waitForExit(STOP_TIMEOUT_MS);
  const elapsed = Date.now() - started;
  if (code === undefined) {
    child.kill('SIGKILL');
    await waitForExit(STOP_TIMEOUT_MS);
  }
  // Let readline deliver the last lines the child wrote before it exited.
  await new Promise((resolve) => setTimeout(resolve, 50));

  expect(code, `server still running ${elapsed} ms after SIGTERM`).toBe(0);
  expect(elapsed).toBeLessThan(STOP_TIMEOUT_MS);
  expect(logLines.map((line) => line.msg)).toContain('workload-api-fake stopped');
});

describe('server start', () => {
  it('start line names a loopback URL', () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(logLines[0].msg).toBe('workload-api-fake started');
  });
});

/**
 * One artifact's life, step by step. The steps share state and run in order, so a
 * failure in one step also fails the steps after it.
 */
describe('artifact lifecycle', () => {
  let artifactId = '';
  let versionBeforeLock = 0;

  it('create draft returns 201', async () => {
    const created = await api('POST', '/api/v2/artifacts/', {
      name: 'e2e-lifecycle',
      description: 'Created by the end-to-end test.',
      artifactRepositoryId: PAYMENTS_REPOSITORY,
      spec: serviceSpec('registry.example.com/e2e:1.0.0'),
    });

    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    expect(created.body.version).toBeNull();
    expect(created.body.artifactRepositoryId).toBe(PAYMENTS_REPOSITORY);
    artifactId = created.body.id;
    expect(artifactId).toMatch(/^[0-9a-f]{24}$/);
  });

  it('GET returns under both forms', async () => {
    const prefixed = await api('GET', `/api/v2/artifacts/${artifactId}/`);
    const bare = await api('GET', `/artifacts/${artifactId}`);

    expect(prefixed.status).toBe(200);
    expect(prefixed.body.name).toBe('e2e-lifecycle');
    expect(bare.status).toBe(200);
    expect(bare.body).toEqual(prefixed.body);
  });

  it('filtered list pages to end', async () => {
    const seen: string[] = [];
    let next: string | null = `${baseUrl}/api/v2/artifacts/?repositoryId=${PAYMENTS_REPOSITORY}&limit=1&orderBy=createdAt`;
    let pages = 0;

    while (next !== null && pages < 10) {
      expect(next.startsWith(`${baseUrl}/api/v2/artifacts/?`)).toBe(true);
      const page = await api('GET', next.slice(baseUrl.length));
      expect(page.status).toBe(200);
      expect(page.body.totalCount).toBe(4);
      expect(page.body.count).toBe(1);
      seen.push(...page.body.data.map((artifact: { id: string }) => artifact.id));
      next = page.body.next;
      pages += 1;
    }

    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...PAYMENTS_ARTIFACTS, artifactId].sort());
  });

  it('PATCH renames draft', async () => {
    const patched = await api('PATCH', `/api/v2/artifacts/${artifactId}/`, { name: 'e2e-renamed' });

    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('e2e-renamed');
    expect(patched.body.status).toBe('draft');
    const stored = await api('GET', `/api/v2/artifacts/${artifactId}/`);
    expect(stored.body.name).toBe('e2e-renamed');
  });

  it('PATCH lock assigns next version', async () => {
    const repositoryBefore = await api('GET', `/api/v2/artifactRepositories/${PAYMENTS_REPOSITORY}/`);
    versionBeforeLock = repositoryBefore.body.lastVersionNumber;

    const locked = await api('PATCH', `/api/v2/artifacts/${artifactId}/`, { status: 'locked' });

    expect(locked.status).toBe(200);
    expect(locked.body.status).toBe('locked');
    expect(locked.body.version).toBe(versionBeforeLock + 1);
    const repositoryAfter = await api('GET', `/api/v2/artifactRepositories/${PAYMENTS_REPOSITORY}/`);
    expect(repositoryAfter.body.lastVersionNumber).toBe(versionBeforeLock + 1);
  });

  it('PATCH on locked returns 403', async () => {
    const rejected = await api('PATCH', `/api/v2/artifacts/${artifactId}/`, { name: 'e2e-too-late' });

    expect(rejected.status).toBe(403);
    expect(rejected.body).toEqual({ detail: 'Cannot update artifact: artifact is locked' });
    const stored = await api('GET', `/api/v2/artifacts/${artifactId}/`);
    expect(stored.body.name).toBe('e2e-renamed');
    expect(stored.body.version).toBe(versionBeforeLock + 1);
  });

  it('clone makes draft in repository', async () => {
    const cloned = await api('POST', `/api/v2/artifacts/${artifactId}/clone/`, { name: 'e2e-clone' });

    expect(cloned.status).toBe(200);
    expect(cloned.body.id).not.toBe(artifactId);
    expect(cloned.body.name).toBe('e2e-clone');
    expect(cloned.body.status).toBe('draft');
    expect(cloned.body.version).toBeNull();
    expect(cloned.body.artifactRepositoryId).toBe(PAYMENTS_REPOSITORY);
    const stored = await api('GET', `/api/v2/artifacts/${cloned.body.id}/`);
    expect(stored.status).toBe(200);
  });

  it('DELETE of locked returns 409', async () => {
    const rejected = await api('DELETE', `/api/v2/artifacts/${artifactId}/`);

    expect(rejected.status).toBe(409);
    expect(rejected.body.detail).toContain(artifactId);
    expect(rejected.body.detail).toContain('locked');
    const stored = await api('GET', `/api/v2/artifacts/${artifactId}/`);
    expect(stored.status).toBe(200);
  });

  it('DELETE of draft repository cascades', async () => {
    const first = await api('POST', '/api/v2/artifacts/', { name: 'e2e-doomed', spec: serviceSpec('registry.example.com/doomed:1.0.0') });
    expect(first.status).toBe(201);
    const repositoryId: string = first.body.artifactRepositoryId;
    const second = await api('POST', '/api/v2/artifacts/', {
      name: 'e2e-doomed-too',
      artifactRepositoryId: repositoryId,
      spec: serviceSpec('registry.example.com/doomed:1.0.1'),
    });
    expect(second.status).toBe(201);

    const deleted = await api('DELETE', `/api/v2/artifactRepositories/${repositoryId}/`);

    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await api('GET', `/api/v2/artifactRepositories/${repositoryId}/`)).status).toBe(404);
    expect((await api('GET', `/api/v2/artifacts/${first.body.id}/`)).status).toBe(404);
    expect((await api('GET', `/api/v2/artifacts/${second.body.id}/`)).status).toBe(404);
  });
});

describe('body limit', () => {
  it('oversized body returns 413', async () => {
    const before = await api('GET', '/api/v2/artifacts/?limit=1');
    const oversized = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1), spec: serviceSpec('registry.example.com/big:1.0.0') });

    const response = await fetch(`${baseUrl}/api/v2/artifacts/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: oversized,
    });

    expect(response.status).toBe(413);
    const body = await response.json();
    expect(typeof body.detail).toBe('string');
    const after = await api('GET', '/api/v2/artifacts/?limit=1');
    expect(after.body.totalCount).toBe(before.body.totalCount);
  });
});

describe('command line', () => {
  it('--help prints flags, exits 0', () => {
    const result = spawnSync(process.execPath, [CLI, '--help'], { cwd: PROJECT_ROOT, env: cleanEnvironment(), encoding: 'utf8', timeout: 10_000 });

    expect(result.status).toBe(0);
    for (const flag of ['--port', '--host', '--scenario', '--fixtures', '--seed', '--clock', '--auth', '--log-level', '--body-limit', '--help']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('unknown flag exits 2', () => {
    const result = spawnSync(process.execPath, [CLI, '--no-such-flag'], { cwd: PROJECT_ROOT, env: cleanEnvironment(), encoding: 'utf8', timeout: 10_000 });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--no-such-flag');
    expect(result.stdout).toBe('');
  });
});
