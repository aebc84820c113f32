import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Packs the project, installs the tarball with production dependencies only into an
// empty folder, and runs its bin: proof that nothing the runtime needs is missing
// from `dependencies` or from the package's `files`.

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const INSTALL_TIMEOUT_MS = 180_000;
const HEADERS = { Authorization: 'Bearer default-token', 'Content-Type': 'application/json' };

let folder: string;
let child: ChildProcess | undefined;
let url: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'workload-api-fake-replay-'));
  execFileSync('npm', ['pack', '--pack-destination', folder], { cwd: REPOSITORY, stdio: 'pipe' });
  const tarball = readdirSync(folder).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${folder}`);

  const project = join(folder, 'consumer');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'replay-consumer', private: true }));
  execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', join(folder, tarball)], {
    cwd: project,
    stdio: 'pipe',
    timeout: INSTALL_TIMEOUT_MS,
  });

  child = spawn(join(project, 'node_modules', '.bin', 'workload-api-fake'), ['--port', '0', '--host', '127.0.0.1'], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await startedUrl(child);
}, INSTALL_TIMEOUT_MS + 30_000);

afterAll(() => {
  child?.kill('SIGTERM');
  if (folder) rmSync(folder, { recursive: true, force: true });
});

function startedUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the packaged fake did not log its start within 15 s')), 15_000);
    server.once('exit', (code) => reject(new Error(`the packaged fake exited with code ${code} before starting`)));
    createInterface({ input: server.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'workload-api-fake started' && entry.url) {
        clearTimeout(timer);
        resolve(entry.url);
      }
    });
  });
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}${path}`, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('packaged fake', () => {
  it('serves the default scenario', async () => {
    const list = await call('GET', '/api/v2/artifacts/');

    expect(list.status).toBe(200);
    expect(list.body.totalCount).toBe(7);
  });

  it('walks create, lock and refused delete', async () => {
    const spec = { containerGroups: [{ containers: [{ name: 'app', imageUri: 'nginx:1.27', port: 8080, primary: true }] }] };
    const created = await call('POST', '/api/v2/artifacts/', { name: 'replay', spec });
    const locked = await call('PATCH', `/api/v2/artifacts/${created.body.id}/`, { status: 'locked' });
    const deleted = await call('DELETE', `/api/v2/artifacts/${created.body.id}/`);

    expect(created.status).toBe(201);
    expect(locked.body.version).toBe(1);
    expect(deleted.status).toBe(409);
  });

  it('loads the generated large scenario', async () => {
    const switched = await fetch(`${url}/_fake/scenarios/large`, { method: 'POST' });
    const list = await call('GET', '/api/v2/artifacts/?limit=1');

    expect(switched.status).toBe(200);
    expect(list.body.totalCount).toBe(3000);
  });
});
