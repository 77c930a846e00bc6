import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import type { Surface } from '../http/surface.js';
import { schemaRef } from './openapi-schemas.js';

/** Names of the security schemes in `components.securitySchemes`. */
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';

/** Operation tags, one per group of endpoints. */
export const OPENAPI_TAGS = {
  eliza: 'Eliza connectors',
  ilert: 'ilert connectors',
  catalog: 'Connector types',
  health: 'Health',
  tests: 'Connection tests',
  auth: 'Authentication',
  history: 'Revisions and change feed',
} as const;

const ERROR_SCHEMA = { eliza: 'ElizaError', ilert: 'IlertError' } as const;

/** Error answers of one surface, in its own error shape. */
export function ApiErrorResponses(surface: Surface, errors: Readonly<Record<number, string>>): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ...Object.entries(errors).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, content: { 'application/json': { schema: schemaRef(ERROR_SCHEMA[surface]) } } }),
    ),
  );
}

const RATE_LIMIT_HEADERS = {
  'Retry-After': { description: 'Seconds until the limit resets; retry then', schema: { type: 'integer', minimum: 0 } },
  'X-RateLimit-Limit': { description: 'Requests allowed a minute by the limit that was hit', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in this window (0)', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
} as const;

/**
 * The endpoint counts against the rate limits (RATE_LIMIT_PER_KEY, RATE_LIMIT_PER_ADDRESS): over
 * either, a 429 in the surface's error shape with `Retry-After`. Every route but /health and /ready.
 */
export function ApiRateLimited(surface: Surface): ClassDecorator & MethodDecorator {
  return ApiResponse({
    status: 429,
    description: 'Too many requests from this API key or address (RATE_LIMIT_PER_KEY, RATE_LIMIT_PER_ADDRESS); retry after `Retry-After` seconds',
    headers: RATE_LIMIT_HEADERS,
    content: { 'application/json': { schema: schemaRef(ERROR_SCHEMA[surface]) } },
  });
}

/** What a route with path parameters can answer before it runs: the router refuses the URL. */
export const PATH_PARAMETER_ERRORS: Readonly<Record<number, string>> = {
  400: 'Malformed URL: a path segment is not valid percent-encoded UTF-8',
  414: 'A path segment is longer than the router accepts (sized for MAX_NAME_LENGTH)',
};

/** A write that lost a race: what a 409 of PostgreSQL's optimistic concurrency means to the caller. */
export const CONCURRENT_CHANGE =
  'with PostgreSQL, other instances kept changing this connector while this write ran again over each of their changes (send it again)';

/** The opt-in precondition of a write to one connector (see entity-tag.ts). */
export const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description:
    'Write only if the connector is still at this entity tag (the ETag of an ilert answer for it), or exists at all (`*`); 412 otherwise. Without it the last writer wins.',
} as const;
export const PRECONDITION_FAILED = 'If-Match did not match: the connector changed (or is gone) since that ETag was read; nothing was written';

/**
 * The endpoint needs an API key when keys are configured (`Authorization: Bearer <key>` or
 * `X-API-Key: <key>`, either one), answers 401/403 in its surface's error shape, and, like every
 * route behind a key, is rate limited (429).
 */
export function ApiKeyProtected(surface: Surface): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(API_KEY_SCHEME),
    ApiErrorResponses(surface, {
      401: 'No API key, a wrong one, or Basic credentials (only when API keys are configured)',
      403: 'The API key lacks the permission this operation needs; or, without API keys, the request is not addressed to a loopback name (Host)',
      500: 'Unexpected failure (details go to the log only)',
    }),
    ApiRateLimited(surface),
  );
}

/** A write the store could not persist (the file store: disk full, read-only): 507/503 in the surface's shape. */
export function ApiStorageErrors(surface: Surface): MethodDecorator {
  return ApiErrorResponses(surface, {
    503: 'The store cannot be written now (read-only file system, permission, I/O error, a file that does not parse); nothing was saved',
    507: 'The disk is full or the quota exhausted; nothing was saved',
  });
}
