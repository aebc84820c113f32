import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFake } from '../../src/app.js';
import { DEFAULT_IDS, makeFake, observableState, serviceSpec, TEST_TOKEN, type TestFake } from '../helpers/fake.js';

const AUTH = { Authorization: `Bearer ${TEST_TOKEN}` };

/** Sends raw bytes with exactly the given headers, which supertest would otherwise fill in. */
function rawRequest(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    outgoing.on('error', reject);
    if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });
}

async function stillServes(fake: TestFake): Promise<void> {
  const response = await fake.get(`/api/v2/artifacts/${DEFAULT_IDS.paymentsV1}`);
  expect(response.status).toBe(200);
}

describe('hostile bodies', () => {
  it.each(['{', '[1,', 'nul', '{"name":', '{"name": "x",}', "{'name': 'x'}"])('rejects malformed JSON %s', async (text) => {
    const fake = makeFake();
    const before = await observableState(fake);
    const response = await request(fake.app).post('/api/v2/artifacts/').set(AUTH).set('Content-Type', 'application/json').send(text);

    expect(response.status).toBe(422);
    expect(response.body.detail[0].code).toBe('json_invalid');
    expect(await observableState(fake)).toEqual(before);
    await stillServes(fake);
  });

  it('rejects an empty JSON body', async () => {
    const fake = makeFake();
    const response = await request(fake.app).post('/api/v2/artifacts/').set(AUTH).set('Content-Type', 'application/json').send('');

    expect(response.status).toBe(422);
    expect(response.body.detail[0].code).toBe('missing');
  });

  it('rejects a text/plain body with 415', async () => {
    const fake = makeFake();
    const before = await observableState(fake);
    const response = await request(fake.app)
      .post('/api/v2/artifacts/')
      .set(AUTH)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ name: 'x', spec: serviceSpec() }));

    expect(response.status).toBe(415);
    expect(response.body.detail).toContain('application/json');
    expect(await observableState(fake)).toEqual(before);
  });

  it('rejects a form body with 415', async () => {
    const fake = makeFake();
    const response = await request(fake.app).post('/api/v2/artifacts/').set(AUTH).type('form').send('name=x');

    expect(response.status).toBe(415);
  });

  it('rejects a body over the limit', async () => {
    const fake = makeFake({ bodyLimitBytes: 2048 });
    const before = await observableState(fake);
    const response = await fake.post('/api/v2/artifacts/', { name: 'x'.repeat(4096), spec: serviceSpec() });

    expect(response.status).toBe(413);
    expect(response.body.detail).toContain('2048');
    expect(await observableState(fake)).toEqual(before);
    await stillServes(fake);
  });

  it('survives deeply nested JSON', async () => {
    const fake = makeFake();
    const depth = 100_000;
    const text = `{"name":"deep","spec":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const response = await request(fake.app).post('/api/v2/artifacts/').set(AUTH).set('Content-Type', 'application/json').send(text);

    expect(response.status).toBe(422);
    await stillServes(fake);
  });

  it('rejects deep objects where the schema ends', async () => {
    const fake = makeFake();
    let nested: unknown = 'leaf';
    for (let level = 0; level < 2000; level += 1) nested = { next: nested };
    const spec = { containerGroups: [{ containers: [{ imageUri: 'x', readinessProbe: { path: '/health', httpHeaders: nested } }] }] };
    const response = await fake.post('/api/v2/artifacts/', { name: 'deep', spec });

    expect(response.status).toBe(422);
    expect(response.body.detail[0].path).toBe('spec.containerGroups.0.containers.0.readinessProbe.httpHeaders.next');
  });
});

describe('prototype pollution', () => {
  it('rejects __proto__ at the top level', async () => {
    const fake = makeFake();
    const text = `{"name":"x","spec":${JSON.stringify(serviceSpec())},"__proto__":{"polluted":"yes"}}`;
    const response = await request(fake.app).post('/api/v2/artifacts/').set(AUTH).set('Content-Type', 'application/json').send(text);

    expect(response.status).toBe(422);
    expect(response.body.detail[0].path).toBe('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects constructor.prototype', async () => {
    const fake = makeFake();
    const text = `{"name":"x","spec":${JSON.stringify(serviceSpec())},"constructor":{"prototype":{"polluted":"yes"}}}`;
    const response = await request(fake.app).post('/api/v2/artifacts/').set(AUTH).set('Content-Type', 'application/json').send(text);

    expect(response.status).toBe(422);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('stores __proto__ keys as plain data', async () => {
    const fake = makeFake();
    const headers = '{"__proto__":"a","constructor":"b","toString":"c"}';
    const text = `{"name":"x","spec":{"containerGroups":[{"containers":[{"imageUri":"x","readinessProbe":{"path":"/health","httpHeaders":${headers}}}]}]}}`;
    const created = await request(fake.app).post('/api/v2/artifacts/').set(AUTH).set('Content-Type', 'application/json').send(text);
    const fetched = await request(fake.app).get(`/api/v2/artifacts/${created.body.id}`).set(AUTH);
    const stored = fetched.text.slice(fetched.text.indexOf('"httpHeaders"'));

    expect(created.status).toBe(201);
    expect(stored.startsWith(`"httpHeaders":${headers}`)).toBe(true);
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('ignores __proto__ in the query', async () => {
    const fake = makeFake();
    const response = await fake.get('/api/v2/artifacts/?__proto__[polluted]=yes&constructor[prototype][polluted]=yes');

    expect(response.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hostile requests over a socket', () => {
  let fake: TestFake;
  let server: ReturnType<typeof import('node:http').createServer>;
  let port: number;

  beforeAll(async () => {
    fake = makeFake();
    const { createServer } = await import('node:http');
    server = createServer(fake.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => {
    server.close();
  });

  it('rejects a body without Content-Type', async () => {
    const body = JSON.stringify({ name: 'x', spec: serviceSpec() });
    const response = await rawRequest(port, 'POST', '/api/v2/artifacts/', { ...AUTH, 'Content-Length': String(Buffer.byteLength(body)) }, body);

    expect(response.status).toBe(415);
    expect(JSON.parse(response.text).detail).toContain('no Content-Type');
  });

  it('answers a huge query string with 431', async () => {
    const response = await rawRequest(port, 'GET', `/api/v2/artifacts/?search=${'a'.repeat(40_000)}`, AUTH);

    expect(response.status).toBe(431);
    expect((await rawRequest(port, 'GET', '/api/v2/artifacts/', AUTH)).status).toBe(200);
  });

  it.each([
    '/api/v2/artifacts/..%2F..%2Fetc%2Fpasswd',
    '/api/v2/artifacts/%2e%2e',
    '/api/v2/artifacts/../artifactRepositories',
    '/api/v2/../../etc/passwd',
    '/api/v2/artifacts/%E0%A4%A',
  ])('keeps traversal %s inside the API', async (path) => {
    const response = await rawRequest(port, 'GET', path, AUTH);

    expect(response.status).toBe(404);
    expect(typeof JSON.parse(response.text).detail).toBe('string');
  });

  it('answers HEAD without a body', async () => {
    const response = await rawRequest(port, 'HEAD', '/api/v2/artifacts/', AUTH);

    expect(response.status).toBe(200);
    expect(response.text).toBe('');
  });

  it('answers an unknown method with 405', async () => {
    const response = await rawRequest(port, 'PUT', '/api/v2/artifacts/', AUTH);

    expect(response.status).toBe(405);
    expect(JSON.parse(response.text).detail).toContain('GET');
  });
});

describe('query values', () => {
  it('keeps the last repeated scalar', async () => {
    const fake = makeFake();
    const response = await fake.get('/api/v2/artifacts/?limit=1&limit=3');

    expect(response.status).toBe(200);
    expect(response.body.count).toBe(3);
  });

  it('rejects a search over 100 characters', async () => {
    const fake = makeFake();
    const response = await fake.get(`/api/v2/artifacts/?search=${'a'.repeat(101)}`);

    expect(response.status).toBe(422);
    expect(response.body.detail[0].loc).toEqual(['query', 'search']);
  });

  it('handles unicode search text', async () => {
    const fake = makeFake();
    const response = await fake.get(`/api/v2/artifacts/?search=${encodeURIComponent('日本語🙂\u0000')}`);

    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(0);
  });
});

describe('safety switches', () => {
  it('control off removes /_fake', async () => {
    const fake = makeFake({ control: false });
    const health = await request(fake.app).get('/_fake/health');
    const reset = await request(fake.app).post('/_fake/reset');
    const api = await fake.get('/api/v2/artifacts/');

    expect(health.status).toBe(404);
    expect(reset.status).toBe(404);
    expect(api.status).toBe(200);
  });

  it('keeps tokens out of logs and journal', async () => {
    const secret = 'very-secret-token-4242';
    let logged = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const fake = createFake({ logger: pino({ level: 'trace' }, sink) });
    const bearer = { Authorization: `Bearer ${secret}` };

    await request(fake.app).get('/api/v2/artifacts/').set(bearer);
    await request(fake.app).post('/api/v2/artifacts/').set(bearer).send({ name: '' });
    await request(fake.app).get('/api/v2/nope').set(bearer);
    await request(fake.app).get('/api/v2/artifacts/').set('Authorization', `Basic ${secret}`);
    await request(fake.app).get(`/api/v2/workloads/${DEFAULT_IDS.paymentsV1}/stats`).set(bearer);
    const journal = await request(fake.app).get('/_fake/journal');

    expect(logged.length).toBeGreaterThan(0);
    expect(logged).toContain('"msg":"request"');
    expect(logged).not.toContain(secret);
    expect(journal.text).not.toContain(secret);
  });
});
