import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import {
  connectorTypesResponseSchema,
  elizaConnectorsResponseSchema,
  elizaErrorSchema,
  elizaPutConnectorRequestSchema,
  healthResponseSchema,
  ilertConnectorInputSchema,
  ilertConnectorSchema,
  ilertConnectorTypeSchema,
  ilertErrorSchema,
  readyResponseSchema,
} from '@switchboard/schemas';
import { CONNECTION_TEST_STATUSES } from '@switchboard/sdk';

/** A published JSON Schema as an OpenAPI 3.1 component: the same schema, without the `$schema` draft marker. */
function component(schema: { readonly $schema?: string }): SchemaObject {
  const { $schema: _draft, ...rest } = schema;
  return rest;
}

const connectionTestResult: SchemaObject = {
  type: 'object',
  description: 'The outcome of a connection test. Never holds a secret, a URL that may carry one, or the platform\'s answer body.',
  required: ['ok', 'status', 'message', 'identity', 'checkedAt', 'durationMs'],
  additionalProperties: false,
  properties: {
    ok: { type: 'boolean', description: 'true exactly when status is `ok`' },
    status: { type: 'string', enum: [...CONNECTION_TEST_STATUSES] },
    message: { type: 'string', description: 'What happened, for a person' },
    identity: { type: ['string', 'null'], description: 'Who the credentials belong to, as the platform says (e.g. `@my_bot`)' },
    checkedAt: { type: 'string', format: 'date-time' },
    durationMs: { type: 'integer', minimum: 0 },
  },
};

/**
 * The payload schemas of both API surfaces, registered as `components.schemas` of the document.
 * One source: @switchboard/schemas publishes them for other apps, and the document uses the same.
 */
export const OPENAPI_SCHEMAS = {
  ElizaConnectorsResponse: component(elizaConnectorsResponseSchema),
  ElizaPutConnectorRequest: component(elizaPutConnectorRequestSchema),
  ElizaError: component(elizaErrorSchema),
  IlertConnectorType: component(ilertConnectorTypeSchema),
  IlertConnector: component(ilertConnectorSchema),
  IlertConnectorInput: component(ilertConnectorInputSchema),
  IlertError: component(ilertErrorSchema),
  ConnectorTypesResponse: component(connectorTypesResponseSchema),
  HealthResponse: component(healthResponseSchema),
  ReadyResponse: component(readyResponseSchema),
  ConnectionTestResult: connectionTestResult,
  ConnectionTestSummary: {
    type: 'object',
    description: 'A test of every stored connector',
    required: ['checkedAt', 'durationMs', 'total', 'ok', 'failed', 'counts', 'results'],
    properties: {
      checkedAt: { type: 'string', format: 'date-time' },
      durationMs: { type: 'integer', minimum: 0 },
      total: { type: 'integer', minimum: 0 },
      ok: { type: 'integer', minimum: 0 },
      failed: { type: 'integer', minimum: 0 },
      counts: {
        type: 'object',
        description: 'Connectors per status',
        properties: Object.fromEntries(CONNECTION_TEST_STATUSES.map((status) => [status, { type: 'integer', minimum: 1 }])),
        additionalProperties: false,
      },
      results: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'name', 'type', 'result'],
          properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, result: { $ref: '#/components/schemas/ConnectionTestResult' } },
        },
      },
    },
  },
} satisfies Record<string, SchemaObject>;

export type OpenApiSchemaName = keyof typeof OPENAPI_SCHEMAS;

/** A `$ref` to one of the schemas above. */
export function schemaRef(name: OpenApiSchemaName): ReferenceObject {
  return { $ref: `#/components/schemas/${name}` };
}
