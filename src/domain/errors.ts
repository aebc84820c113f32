/**
 * A failed business rule. Each subclass carries the HTTP status the API returns
 * and a `detail` sentence that names the entity and the reason.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

/** 404: the entity does not exist. The detail is the fixed sentence the live service sends, such as "Artifact not found". */
export class NotFoundError extends DomainError {
  constructor(detail: string) {
    super(404, detail);
  }
}

/** 403: the entity exists but the change is not allowed, e.g. it is locked. */
export class ForbiddenError extends DomainError {
  constructor(detail: string) {
    super(403, detail);
  }
}

/** 409: the entity is held by something else (locked, or in use by a workload). */
export class ConflictError extends DomainError {
  constructor(detail: string) {
    super(409, detail);
  }
}

/**
 * 422: the request is well-formed but a value breaks a rule the schema cannot express.
 * `field` is the path inside the request part `location`, such as `['artifactRepositoryId']`
 * in the body or `['artifact_id']` in the path.
 */
export class InvalidFieldError extends DomainError {
  constructor(
    readonly field: Array<string | number>,
    detail: string,
    readonly code: string = 'value_error',
    readonly location: 'body' | 'path' | 'query' = 'body',
  ) {
    super(422, detail);
  }
}
