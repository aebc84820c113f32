import type { IHttpConfig, IHttpResponse } from '@stoplight/prism-http';
import type { Logger } from 'pino';
import type { OperationContract } from '../contract/operation-contract.js';
import type { OperationResult } from '../http/operation-request.js';

/** A request as the fallback passes it to Prism: the bare spec path, no `/api/v2` prefix. */
export interface GeneratedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
}

type PrismHttp = typeof import('@stoplight/prism-http');
type IHttpOperation = Awaited<ReturnType<PrismHttp['getHttpOperationsFromSpec']>>[number];
type PrismInstance = ReturnType<PrismHttp['createInstance']>;

/**
 * Prism's settings: mock mode, no proxy, no security checks. Its own request validation is
 * off because ours has already passed the request: Prism 5 reads some valid requests
 * differently (a single value of an array query parameter gets its 422), and the response
 * must not depend on which validator looked.
 */
const PRISM_CONFIG: IHttpConfig = {
  mock: { dynamic: false },
  validateRequest: false,
  validateResponse: false,
  checkSecurity: false,
  errors: false,
  upstreamProxy: undefined,
  isProxy: false,
};

/** Dynamic seeds tried, in order, when Prism's static response does not pass our schema. */
const DYNAMIC_SEEDS = ['1', '2', '3', '4', '5', '6', '7', '8'];

/**
 * Generates the responses of operations that have no stateful handler with Prism's HTTP mock engine
 * (@stoplight/prism-http) on our own spec. Prism first tries the spec's examples and
 * static samples, then seeded dynamic data, and the first body that passes our
 * response validator wins. Prism is loaded and the spec parsed for it on the first call,
 * not at start, because that takes about a second.
 */
export class PrismFallback {
  private prism?: Promise<PrismInstance>;

  constructor(
    private readonly specPath: string,
    private readonly logger: Logger,
  ) {}

  async respond(operation: OperationContract, request: GeneratedRequest, status: number): Promise<OperationResult> {
    const operations = await this.loadOperations();
    const prism = await this.instance();
    let last: OperationResult | undefined;

    for (const dynamic of [false, true]) {
      for (const seed of dynamic ? DYNAMIC_SEEDS : [undefined]) {
        const result = await this.generate(prism, operations, request, { dynamic, code: status, seed });
        if (!result) continue;
        last = result;
        if (result.contentType || operation.checkResponse(result.status, result.body).length === 0) return result;
      }
    }

    this.logger.warn({ operationId: operation.operationId, status }, 'Prism generated no response that passes the schema');
    return last ?? { status: 500, body: { detail: `Prism could not generate a ${status} response for ${operation.operationId}` } };
  }

  private async generate(
    prism: PrismInstance,
    operations: IHttpOperation[],
    request: GeneratedRequest,
    mock: { dynamic: boolean; code: number; seed?: string },
  ): Promise<OperationResult | undefined> {
    const outcome = await prism.request(
      {
        method: request.method.toLowerCase() as 'get',
        url: { path: request.path, query: request.query },
        headers: { accept: 'application/json, text/plain', 'content-type': 'application/json' },
        body: request.body,
      },
      operations,
      { ...PRISM_CONFIG, mock },
    )();

    if (outcome._tag === 'Left') {
      this.logger.debug({ path: request.path, error: outcome.left.message }, 'Prism could not mock the request');
      return undefined;
    }
    return toResult(outcome.right.output);
  }

  /** Prism loads its own dependencies (faker among them) for about a second, so only on first use. */
  private instance(): Promise<PrismInstance> {
    this.prism ??= import('@stoplight/prism-http').then((prism) => prism.createInstance(PRISM_CONFIG, { logger: prismLogger(this.logger) }));
    return this.prism;
  }

  private loadOperations(): Promise<IHttpOperation[]> {
    let operations = parsedSpecs.get(this.specPath);
    if (!operations) {
      operations = import('@stoplight/prism-http').then((prism) => prism.getHttpOperationsFromSpec(this.specPath));
      parsedSpecs.set(this.specPath, operations);
    }
    return operations;
  }
}

/** Prism's parse of each spec file, shared by every fake in the process: it takes about half a second. */
const parsedSpecs = new Map<string, Promise<IHttpOperation[]>>();

function toResult(output: IHttpResponse): OperationResult {
  const contentType = Object.entries(output.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const isText = typeof contentType === 'string' && contentType.startsWith('text/');
  return {
    status: output.statusCode,
    body: output.body === undefined || output.body === '' ? undefined : output.body,
    contentType: isText ? contentType : undefined,
  };
}

/** Prism logs through pino 6 with a custom `success` level; this maps it onto our logger at debug. */
function prismLogger(logger: Logger): any {
  const child = logger.child({ component: 'prism' });
  const log = (...args: unknown[]) => child.debug(...(args as [object, string]));
  const adapter = { trace: log, debug: log, info: log, success: log, warn: log, error: log, fatal: log, log, child: () => adapter };
  return adapter;
}
