#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ScenarioError } from './fixtures/scenario-file.js';
import { startServer } from './server.js';
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_SETTINGS } from './settings.js';

const HELP = `Usage: workload-api-fake [options]

Serves a stateful, contract-checked fake of the DataRobot Workload API
artifact and artifact-repository endpoints.

Options (each has an environment twin; the flag wins):
  --port N            port to listen on (PORT, default 8080)
  --host ADDRESS      address to bind (HOST, default 0.0.0.0)
  --scenario NAME     scenario loaded at start (FAKE_SCENARIO, default "default")
  --fixtures DIR      extra folder of scenario files (FAKE_FIXTURES)
  --seed N            seed for repeatable ids (FAKE_SEED, default: random)
  --clock INSTANT     fix the clock at an ISO 8601 instant; each write moves it 1 s (FAKE_CLOCK)
  --auth on|off       require "Authorization: Bearer <token>" (FAKE_AUTH, default on)
  --log-level LEVEL   trace, debug, info, warn, error or silent (FAKE_LOG_LEVEL, default info)
  --body-limit BYTES  largest request body accepted (FAKE_BODY_LIMIT, default ${DEFAULT_BODY_LIMIT_BYTES})
  --journal-limit N   journal entries kept per namespace, oldest dropped first
                      (FAKE_JOURNAL_LIMIT, default ${DEFAULT_SETTINGS.journalLimit})
  --help              print this help
`;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function usageError(message: string): never {
  process.stderr.write(`workload-api-fake: ${message}\nRun with --help to see every option.\n`);
  process.exit(2);
}

function integerOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    usageError(`invalid value "${text}" for ${name}: expected an integer from ${min} to ${max}`);
  }
  return Number(text);
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        scenario: { type: 'string' },
        fixtures: { type: 'string', multiple: true },
        seed: { type: 'string' },
        clock: { type: 'string' },
        auth: { type: 'string' },
        'log-level': { type: 'string' },
        'body-limit': { type: 'string' },
        'journal-limit': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return usageError((error as Error).message);
  }
}

async function main(): Promise<void> {
  const flags = parseCommandLine();
  if (flags.help) {
    process.stdout.write(HELP);
    return;
  }

  const env = process.env;
  const auth = flags.auth ?? env.FAKE_AUTH ?? 'on';
  if (auth !== 'on' && auth !== 'off') usageError(`invalid value "${auth}" for --auth: expected on or off`);
  const logLevel = flags['log-level'] ?? env.FAKE_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) usageError(`invalid value "${logLevel}" for --log-level: expected one of ${LOG_LEVELS.join(', ')}`);
  const clock = flags.clock ?? env.FAKE_CLOCK;
  if (clock !== undefined && Number.isNaN(Date.parse(clock))) usageError(`invalid value "${clock}" for --clock: expected an ISO 8601 instant such as 2026-01-01T00:00:00Z`);

  const fixturesDirs = flags.fixtures ?? (env.FAKE_FIXTURES ? [env.FAKE_FIXTURES] : []);

  try {
    const { fake, close } = await startServer({
      port: integerOption('--port', flags.port ?? env.PORT, 0, 65535) ?? 8080,
      host: flags.host ?? env.HOST ?? '0.0.0.0',
      scenario: flags.scenario ?? env.FAKE_SCENARIO,
      fixturesDirs,
      seed: integerOption('--seed', flags.seed ?? env.FAKE_SEED, 0, 2 ** 32 - 1),
      clock,
      auth: auth === 'on',
      logLevel,
      bodyLimitBytes: integerOption('--body-limit', flags['body-limit'] ?? env.FAKE_BODY_LIMIT, 1, 2 ** 31),
      journalLimit: integerOption('--journal-limit', flags['journal-limit'] ?? env.FAKE_JOURNAL_LIMIT, 0, 1_000_000),
    });

    const stop = (signal: string) => {
      fake.logger.info({ signal }, 'stopping');
      void close().then(() => process.exit(0));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  } catch (error) {
    if (error instanceof ScenarioError) {
      process.stderr.write(`workload-api-fake: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
