import { readFileSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { createOpenApiDocument } from '@switchboard/core';
import type { ApiEnv } from './env.js';

/** Where the OpenAPI document and the docs page are served. */
export const OPENAPI_JSON_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Serves the OpenAPI 3.1 document of both surfaces at /openapi.json and a Swagger UI page at /docs
 * (its assets from the swagger-ui-dist package: no CDN, works offline). The ilert paths are
 * documented under the configured prefix. Neither needs an API key: the document holds no data.
 * Call before `app.init()`.
 */
export function setUpOpenApi(app: NestFastifyApplication, env: Pick<ApiEnv, 'ilertPrefix'>): OpenAPIObject {
  const document = createOpenApiDocument(app, { version, ilertPrefix: env.ilertPrefix });
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Switchboard API',
    swaggerOptions: {
      // The online validator badge would call out to a public service.
      validatorUrl: null,
      persistAuthorization: false,
      displayOperationId: true,
    },
  });
  return document;
}
