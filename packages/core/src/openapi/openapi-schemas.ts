import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import {
  auditPageSchema,
  connectionTestResultSchema,
  connectionTestResultsSchema,
  connectionTestSummarySchema,
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
  whoAmIResponseSchema,
} from '@switchboard/schemas';

/** A published JSON Schema as an OpenAPI 3.1 component: the same schema, without the `$schema` draft marker. */
function component(schema: { readonly $schema?: string }): SchemaObject {
  const { $schema: _draft, ...rest } = schema;
  return rest;
}

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
  ConnectionTestResult: component(connectionTestResultSchema),
  ConnectionTestResults: component(connectionTestResultsSchema),
  ConnectionTestSummary: component(connectionTestSummarySchema),
  WhoAmIResponse: component(whoAmIResponseSchema),
  AuditPage: component(auditPageSchema),
} satisfies Record<string, SchemaObject>;

export type OpenApiSchemaName = keyof typeof OPENAPI_SCHEMAS;

/** A `$ref` to one of the schemas above. */
export function schemaRef(name: OpenApiSchemaName): ReferenceObject {
  return { $ref: `#/components/schemas/${name}` };
}
