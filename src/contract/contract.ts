import { OperationContract } from './operation-contract.js';
import type { ValidateFunction } from 'ajv';
import { SchemaRegistry, SPEC_SCHEMA_ID } from './schema-registry.js';
import { DEFAULT_SPEC_PATH, loadSpec, type OpenApiDocument } from './spec-loader.js';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the spec with its compiled validators, keyed by operationId. */
export class Contract {
  readonly document: OpenApiDocument;
  private schemaRegistry?: SchemaRegistry;
  readonly operations: OperationContract[] = [];
  private readonly byId = new Map<string, OperationContract>();
  private readonly componentValidators = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    this.document = document;

    for (const [pathTemplate, pathItem] of Object.entries(document.paths)) {
      for (const method of HTTP_METHODS) {
        const operation = pathItem[method];
        if (!operation) continue;

        const contract = new OperationContract(() => this.registry, method, pathTemplate, operation);
        this.operations.push(contract);
        this.byId.set(contract.operationId, contract);
      }
    }
  }

  /** The AJV registry of the spec's schemas, built when the first request needs a validator. */
  get registry(): SchemaRegistry {
    this.schemaRegistry ??= new SchemaRegistry(this.document);
    return this.schemaRegistry;
  }

  operation(operationId: string): OperationContract {
    const contract = this.byId.get(operationId);
    if (!contract) throw new Error(`operationId ${operationId} is not in the spec`);
    return contract;
  }

  /** Validates an entity against a component schema, e.g. a fixture artifact against ArtifactFormatted. */
  checkComponent(schemaName: string, value: unknown): string[] {
    let validate = this.componentValidators.get(schemaName);
    if (!validate) {
      validate = this.registry.compile({ $ref: `${SPEC_SCHEMA_ID}#/$defs/${schemaName}` });
      this.componentValidators.set(schemaName, validate);
    }

    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message}`);
  }
}

const contracts = new Map<string, Contract>();

/** Returns the contract for a spec file, built once per process and shared by every app. */
export function getContract(specPath: string = DEFAULT_SPEC_PATH): Contract {
  let contract = contracts.get(specPath);
  if (!contract) {
    contract = new Contract(loadSpec(specPath));
    contracts.set(specPath, contract);
  }
  return contract;
}
