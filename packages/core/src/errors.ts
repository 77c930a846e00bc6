/** Domain errors: each surface turns them into its own error shape. Messages never carry secret values. */
export class SwitchboardError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends SwitchboardError {
  constructor(message: string) {
    super(400, 'BAD_REQUEST', message);
  }
}

export class NotFoundError extends SwitchboardError {
  constructor(message: string) {
    super(404, 'NOT_FOUND', message);
  }
}

export class ConflictError extends SwitchboardError {
  constructor(
    message: string,
    /** The connector the conflict is about, when the store knows it: the write queue then fails only the writes that touched it. */
    readonly connectorName?: string,
  ) {
    super(409, 'CONFLICT', message);
  }
}

/** An `If-Match` precondition that does not hold: the connector changed since the client read it; nothing was written. */
export class PreconditionFailedError extends SwitchboardError {
  constructor(message: string) {
    super(412, 'PRECONDITION_FAILED', message);
  }
}

export class UnauthorizedError extends SwitchboardError {
  constructor(message = 'Unauthorized') {
    super(401, 'UNAUTHORIZED', message);
  }
}

export class ForbiddenError extends SwitchboardError {
  constructor(message: string) {
    super(403, 'FORBIDDEN', message);
  }
}

/** A store that cannot be used as found (corrupt file, failed migration): boot stops on it. */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** A configured bound (MAX_CONNECTORS, ...) would be exceeded: the registry stays as it is. */
export class LimitExceededError extends SwitchboardError {
  constructor(message: string) {
    super(409, 'LIMIT_EXCEEDED', message);
  }
}

/** Too many requests from one API key or address; `retryAfterSeconds` goes out as `Retry-After`. */
export class TooManyRequestsError extends SwitchboardError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'TOO_MANY_REQUESTS', message);
  }
}

/** The path exists but not with this method; `allow` goes out as the `Allow` header (RFC 9110, 15.5.6). */
export class MethodNotAllowedError extends SwitchboardError {
  constructor(
    method: string,
    readonly allow: readonly string[],
  ) {
    super(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed on this path; it allows ${allow.join(', ')} (see the Allow header)`);
  }
}

/**
 * The store could not persist a write: the disk is full (507) or cannot be written (read-only, no
 * permission, I/O error: 503). Nothing was saved and the previous content is intact. The message
 * names the cause, never a path or a value.
 */
export class StorageFailureError extends SwitchboardError {
  constructor(status: 503 | 507, message: string) {
    super(status, status === 507 ? 'INSUFFICIENT_STORAGE' : 'SERVICE_UNAVAILABLE', message);
  }
}
