import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFake, type AppOptions, type FakeApp } from './app.js';

/** A fake listening on a port. */
export interface RunningFake {
  fake: FakeApp;
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** How long `close()` lets in-flight requests finish before cutting idle connections. */
const CLOSE_GRACE_MS = 500;

/**
 * Starts the fake on `host:port` (port 0 picks a free one) and resolves once it
 * listens. `close()` stops taking connections and resolves when in-flight requests end.
 */
export async function startServer(options: AppOptions & { port?: number; host?: string } = {}): Promise<RunningFake> {
  const fake = createFake(options);
  const server = createServer(fake.app);
  server.keepAliveTimeout = 5_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });

  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${address.port}`;
  fake.logger.info({ url, scenario: fake.settings.scenario, auth: fake.settings.auth }, 'workload-api-fake started');

  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        fake.logger.info({ url }, 'workload-api-fake stopped');
        resolve();
      });
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
    });

  return { fake, server, url, close };
}
