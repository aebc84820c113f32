import type { Response } from 'supertest';
import type { ResolvedRequest } from './requests.js';

/** Counts the requests a test sent and their statuses per operation, for the summary and the coverage check. */
export class Tally {
  requests = 0;
  readonly statuses = new Map<string, Map<number, number>>();

  record(operationId: string, status: number): void {
    this.requests += 1;
    const byStatus = this.statuses.get(operationId) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.statuses.set(operationId, byStatus);
  }

  succeeded(operationId: string): boolean {
    return [...(this.statuses.get(operationId)?.keys() ?? [])].some((status) => status >= 200 && status < 300);
  }
}

/** Where a run broke an invariant, for the failure message. */
export interface FailureContext {
  seed: number;
  scenario: string;
  stepIndex: number;
  stepCount: number;
  operationId: string;
  sent: ResolvedRequest;
  response: Response;
  problems: string[];
  /** One line per earlier request of the run: method, path, query, body and status. */
  history: string[];
}

/** Formats a broken invariant with the request to replay it, the response and the requests before it. */
export function describeFailure(failure: FailureContext): string {
  const { sent, response } = failure;
  return [
    `Broken invariant at step ${failure.stepIndex + 1} of ${failure.stepCount} (scenario "${failure.scenario}", FUZZ_SEED=${failure.seed}):`,
    ...failure.problems.map((problem) => `  - ${truncate(problem, 3000)}`),
    `Request (${failure.operationId}, variant ${sent.variant}):`,
    `  ${requestLine(sent, 500)}`,
    `  headers: ${JSON.stringify(sent.headers)}`,
    `  body: ${sent.body === undefined ? '(none)' : truncate(sent.body, 2000)}`,
    `Response: ${response.status} ${truncate(response.text ?? JSON.stringify(response.body) ?? '', 2000)}`,
    `The ${Math.min(failure.history.length, 30)} requests before it in this run, of ${failure.history.length}:`,
    ...failure.history.slice(-30).map((line) => `  ${line}`),
  ].join('\n');
}

/** Returns `METHOD path?query`, with the query cut to `maxQueryLength` characters. */
export function requestLine(sent: ResolvedRequest, maxQueryLength: number): string {
  return `${sent.method} ${sent.path}${sent.query ? `?${truncate(sent.query, maxQueryLength)}` : ''}`;
}

export function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}... (${text.length} characters)`;
}

/** Returns the text around the first character where two serialized states differ. */
export function firstDifference(before: string, after: string): string {
  let index = 0;
  while (index < before.length && before[index] === after[index]) index += 1;
  const start = Math.max(0, index - 80);
  return `before …${before.slice(start, index + 80)}… after …${after.slice(start, index + 80)}…`;
}
