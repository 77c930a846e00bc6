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
  auth: 'Authentication',
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

/**
 * The endpoint needs an API key when keys are configured (`Authorization: Bearer <key>` or
 * `X-API-Key: <key>`, either one), and answers 401/403 in its surface's error shape.
 */
export function ApiKeyProtected(surface: Surface): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(API_KEY_SCHEME),
    ApiErrorResponses(surface, {
      401: 'No API key, a wrong one, or Basic credentials (only when API keys are configured)',
      403: 'The API key lacks the permission this operation needs',
      500: 'Unexpected failure (details go to the log only)',
    }),
  );
}
