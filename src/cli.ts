#!/usr/bin/env node
import { helpText, parseOptions, UsageError } from './cli-options.js';
import { ScenarioError } from './fixtures/scenario-file.js';
import { startServer } from './server.js';

/** Longest a stop may take after SIGTERM or SIGINT before the process exits anyway. */
const STOP_DEADLINE_MS = 1000;

function fail(message: string, exitCode: number): never {
  process.stderr.write(`workload-api-fake: ${message}\n`);
  if (exitCode === 2) process.stderr.write('Run with --help to see every option.\n');
  process.exit(exitCode);
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message, 2);
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(helpText());
    return;
  }

  try {
    const { fake, close } = await startServer(options);

    const stop = (signal: string) => {
      fake.logger.info({ signal }, 'stopping: waiting for in-flight requests');
      setTimeout(() => process.exit(0), STOP_DEADLINE_MS).unref();
      void close().then(() => process.exit(0));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  } catch (error) {
    if (error instanceof ScenarioError) fail(error.message, 1);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      fail(`cannot listen on ${options.host}:${options.port} (${code}); pick another --port or --host`, 1);
    }
    throw error;
  }
}

void main();
