import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_SCHEME, BEARER_SCHEME, OPENAPI_TAGS } from './openapi.decorators.js';
import { OPENAPI_SCHEMAS } from './openapi-schemas.js';

export interface OpenApiOptions {
  /** Version of the service, shown in `info.version`. */
  version: string;
  /** Where the ilert surface is mounted (e.g. `/ilert`); its paths are documented under it. */
  ilertPrefix: string;
}

/**
 * The OpenAPI 3.1 document of both surfaces, the catalog and health, generated from the
 * controllers' decorators (routes, parameters, responses) plus the payload schemas of this module.
 */
export function createOpenApiDocument(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const prefix = options.ilertPrefix.replace(/\/+$/, '');
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Switchboard')
    .setVersion(options.version)
    .setDescription(
      [
        'Connector configuration service. Two API surfaces over one registry:',
        '',
        '* **Eliza** — `/api/connectors`: the agent runtime\'s name-keyed map, always redacted. Errors: `{"error": "..."}`.',
        `* **ilert** — \`${prefix}/api/connectors\`: the ilert REST API v2 connectors resource (id-based CRUD, paging). Errors: \`{"status", "message", "code"}\`.`,
        '',
        'With API keys configured, every call but `/health` and `/ready` needs one, as `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
        'Secrets are always redacted; a redacted value sent back unchanged keeps the stored secret.',
        "A method a path does not have is a 405 with `Allow`, in the surface's error shape.",
      ].join('\n'),
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'API key', description: 'An API key as a Bearer token' }, BEARER_SCHEME)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key in the X-API-Key header' }, API_KEY_SCHEME)
    .addTag(OPENAPI_TAGS.eliza, "The Eliza agent runtime's connectors API")
    .addTag(OPENAPI_TAGS.ilert, `The ilert REST API v2 connectors resource, mounted under ${prefix}`)
    .addTag(OPENAPI_TAGS.catalog, 'The loaded connector plugins and the JSON Schema of each config')
    .addTag(OPENAPI_TAGS.tests, "Check a connector's credentials against its platform (saved or not), and its last result")
    .addTag(OPENAPI_TAGS.health, 'Liveness and readiness; no API key needed')
    .addTag(OPENAPI_TAGS.auth, 'Who the calling API key is and what it may do')
    .addTag(OPENAPI_TAGS.history, 'Revisions of each connector with restore, and the server-sent change feed of every change')
    .build();
  config.components = { ...config.components, schemas: { ...config.components?.schemas, ...OPENAPI_SCHEMAS } };
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}
