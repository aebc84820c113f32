import { DEFAULT_SETTINGS } from './settings.js';
import type { AppOptions } from './app.js';

/** Raised for a command-line or environment value the fake cannot use; the CLI exits 2. */
export class UsageError extends Error {}

/** Everything the CLI starts a server with. */
export interface CliOptions extends AppOptions {
  port: number;
  host: string;
}

interface OptionSpec {
  flag: string;
  env: string;
  /** Shown in --help after the flag, e.g. `N` or `on|off`. */
  value: string;
  defaultText: string;
  help: string;
  multiple?: boolean;
  apply(text: string, options: CliOptions): void;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Every option, its environment twin and its default; --help is printed from this table. */
export const OPTION_SPECS: OptionSpec[] = [
  { flag: 'port', env: 'PORT', value: 'N', defaultText: '8080', help: 'port to listen on; 0 picks a free one', apply: (text, options) => (options.port = integer('--port', text, 0, 65535)) },
  { flag: 'host', env: 'HOST', value: 'ADDRESS', defaultText: '0.0.0.0', help: 'address to bind', apply: (text, options) => (options.host = text) },
  { flag: 'scenario', env: 'FAKE_SCENARIO', value: 'NAME', defaultText: DEFAULT_SETTINGS.scenario, help: 'scenario loaded at start and by every new namespace', apply: (text, options) => (options.scenario = text) },
  { flag: 'fixtures', env: 'FAKE_FIXTURES', value: 'DIR', defaultText: 'none', help: 'extra folder of scenario files; repeat the flag for more', multiple: true, apply: (text, options) => (options.fixturesDirs = [...(options.fixturesDirs ?? []), text]) },
  { flag: 'seed', env: 'FAKE_SEED', value: 'N', defaultText: 'random', help: 'seed that makes ids and generated scenarios repeat', apply: (text, options) => (options.seed = integer('--seed', text, 0, 2 ** 32 - 1)) },
  { flag: 'clock', env: 'FAKE_CLOCK', value: 'INSTANT', defaultText: 'wall clock', help: 'fix the clock at an ISO 8601 instant; each timestamp written moves it 1 s', apply: (text, options) => (options.clock = instant('--clock', text)) },
  { flag: 'auth', env: 'FAKE_AUTH', value: 'on|off', defaultText: 'on', help: 'require "Authorization: Bearer <token>" on API requests', apply: (text, options) => (options.auth = onOff('--auth', text)) },
  { flag: 'control', env: 'FAKE_CONTROL', value: 'on|off', defaultText: 'on', help: 'serve the control API under /_fake (health included)', apply: (text, options) => (options.control = onOff('--control', text)) },
  { flag: 'log-level', env: 'FAKE_LOG_LEVEL', value: 'LEVEL', defaultText: DEFAULT_SETTINGS.logLevel, help: `log level: ${LOG_LEVELS.join(', ')}`, apply: (text, options) => (options.logLevel = choice('--log-level', text, LOG_LEVELS)) },
  { flag: 'journal-limit', env: 'FAKE_JOURNAL_LIMIT', value: 'N', defaultText: String(DEFAULT_SETTINGS.journalLimit), help: 'journal entries kept per namespace, oldest dropped first', apply: (text, options) => (options.journalLimit = integer('--journal-limit', text, 0, 1_000_000)) },
  { flag: 'body-limit', env: 'FAKE_BODY_LIMIT', value: 'BYTES', defaultText: String(DEFAULT_SETTINGS.bodyLimitBytes), help: 'largest request body accepted; larger ones get 413', apply: (text, options) => (options.bodyLimitBytes = integer('--body-limit', text, 1, 2 ** 31)) },
  { flag: 'response-validation', env: 'FAKE_RESPONSE_VALIDATION', value: 'MODE', defaultText: DEFAULT_SETTINGS.responseValidation, help: 'a response that breaks its schema: strict (500), warn (log only) or off', apply: (text, options) => (options.responseValidation = choice('--response-validation', text, ['strict', 'warn', 'off']) as CliOptions['responseValidation']) },
];

/** The --help text, built from the option table. */
export function helpText(): string {
  const lines = OPTION_SPECS.map((spec) => {
    const left = `  --${spec.flag} ${spec.value}`.padEnd(30);
    return `${left}${spec.help}\n${' '.repeat(30)}env ${spec.env}, default ${spec.defaultText}`;
  });
  return [
    'Usage: workload-api-fake [options]',
    '',
    'Serves a stateful, contract-checked fake of the DataRobot Workload API artifact and',
    'artifact-repository endpoints. Flags win over their environment variables.',
    '',
    'Options:',
    ...lines,
    `${'  --help'.padEnd(30)}print this help and exit`,
    '',
  ].join('\n');
}

/**
 * Reads options from the environment, then from the flags, which win. Raises UsageError
 * naming the flag and its accepted values for anything unknown or invalid.
 */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions | 'help' {
  const options: CliOptions = { port: 8080, host: '0.0.0.0' };
  for (const spec of OPTION_SPECS) {
    const text = env[spec.env];
    if (text !== undefined && text !== '') spec.apply(text, options);
  }

  const fromFlags: CliOptions = { ...options, fixturesDirs: undefined };
  let sawFixtures = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') return 'help';
    if (!argument.startsWith('--')) throw new UsageError(`unexpected argument "${argument}": options start with --`);

    const [name, inlineValue] = splitFlag(argument.slice(2));
    const spec = OPTION_SPECS.find((candidate) => candidate.flag === name);
    if (!spec) {
      throw new UsageError(`unknown option --${name}; accepted options: ${OPTION_SPECS.map((candidate) => `--${candidate.flag}`).join(', ')}, --help`);
    }

    const value = inlineValue ?? argv[index + 1];
    if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) {
      throw new UsageError(`option --${name} needs a value: ${spec.value}`);
    }
    if (inlineValue === undefined) index += 1;
    if (spec.flag === 'fixtures') sawFixtures = true;
    spec.apply(value, fromFlags);
  }

  if (!sawFixtures) fromFlags.fixturesDirs = options.fixturesDirs;
  return fromFlags;
}

function splitFlag(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

function integer(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`invalid value "${text}" for ${flag}: expected an integer from ${min} to ${max}`);
  }
  return Number(text);
}

function onOff(flag: string, text: string): boolean {
  return choice(flag, text, ['on', 'off']) === 'on';
}

function choice(flag: string, text: string, allowed: string[]): string {
  if (!allowed.includes(text)) throw new UsageError(`invalid value "${text}" for ${flag}: expected one of ${allowed.join(', ')}`);
  return text;
}

function instant(flag: string, text: string): string {
  if (Number.isNaN(Date.parse(text))) {
    throw new UsageError(`invalid value "${text}" for ${flag}: expected an ISO 8601 instant such as 2026-01-01T00:00:00Z`);
  }
  return text;
}
