import type { OperationContract } from '../contract/operation-contract.js';
import type { WorkloadBackend } from '../domain/backend.js';
import type { PageWindow } from '../domain/listing.js';
import type { User } from '../domain/types.js';

/** Everything a handler gets: the validated request parts, the caller and the backend. */
export interface OperationRequest {
  operation: OperationContract;
  params: Record<string, string>;
  query: Record<string, any>;
  body: any;
  caller: User;
  backend: WorkloadBackend;
  /** `spec.type` a PATCH body carried, lifted out before validation. */
  declaredSpecType?: unknown;
  /** Builds the absolute URL of another page of this list, keeping every filter. */
  pageUrl(window: PageWindow): string;
}

/** A handler's reply; the response validator checks it before it is sent. */
export interface OperationResult {
  status: number;
  body?: unknown;
  /** Set for a body that is not JSON, such as the text/plain build log. */
  contentType?: string;
  headers?: Record<string, string>;
}

export type OperationHandler = (request: OperationRequest) => OperationResult;
