import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/**
 * The payload schemas of both API surfaces as OpenAPI 3.1 schema objects (JSON Schema), registered
 * as `components.schemas` of the document. They describe what core's controllers answer, so they
 * live next to them; @switchboard/schemas publishes the same schemas (plus `$schema`) for other
 * apps — core cannot import it (it depends on every connector plugin) — and apps/api's OpenAPI test
 * checks that both stay equal.
 */

const RESERVED_NAMES = ['__proto__', 'constructor', 'prototype'];
const REDACTION_RULES = ['full', 'segments', 'url', 'last4'];

const ilertConnectorType: SchemaObject = {
  title: 'IlertConnectorType',
  description: "ilert's own connector types (REST API v2 ConnectorType)",
  type: 'string',
  enum: [
    'jira',
    'microsoft_teams_bot',
    'servicenow',
    'slack',
    'zendesk',
    'discord',
    'github',
    'topdesk',
    'zammad',
    'mattermost',
    'zoom_chat',
    'dingtalk',
    'dynamic',
    'zabbix',
    'autotask',
    'google_chat_bot',
  ],
};

const connectorTypeInfo: SchemaObject = {
  title: 'ConnectorTypeInfo',
  type: 'object',
  required: ['type', 'aliases', 'displayName', 'description', 'docsUrl', 'secretFields', 'schema'],
  properties: {
    type: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$', examples: ['telegram'] },
    aliases: { type: 'array', items: { type: 'string' } },
    displayName: { type: 'string', examples: ['Telegram'] },
    description: { type: 'string' },
    docsUrl: { type: ['string', 'null'] },
    secretFields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'redact'],
        properties: {
          field: { type: 'string' },
          redact: { type: 'string', enum: REDACTION_RULES },
        },
        additionalProperties: false,
      },
    },
    schema: { type: 'object', description: 'JSON Schema (draft-07) of the config; secrets carry writeOnly and x-secret' },
  },
  additionalProperties: false,
};

export const OPENAPI_SCHEMAS = {
  ElizaConnectorsResponse: {
    title: 'ElizaConnectorsResponse',
    description: 'Every configured connector by name, secrets redacted',
    type: 'object',
    required: ['connectors'],
    properties: {
      connectors: {
        type: 'object',
        description: 'Connector name -> config (redacted)',
        additionalProperties: { type: 'object' },
      },
    },
    additionalProperties: false,
  },
  ElizaPutConnectorRequest: {
    title: 'ElizaPutConnectorRequest',
    description: 'Add or replace the config stored under a connector name',
    type: 'object',
    required: ['name', 'config'],
    properties: {
      name: {
        type: 'string',
        description: 'Connector identifier (e.g. telegram, discord, whatsapp); trimmed, without control characters',
        minLength: 1,
        pattern: '^[^\\u0000-\\u001F\\u007F]*\\S[^\\u0000-\\u001F\\u007F]*$',
        not: { enum: RESERVED_NAMES },
        examples: ['telegram'],
      },
      config: {
        type: 'object',
        description: 'Connector-specific configuration (see the connector type catalog)',
        examples: [{ botToken: '123456:ABC-DEF' }],
      },
    },
    additionalProperties: true,
  },
  ElizaError: {
    title: 'ElizaError',
    description: 'Error answer of the Eliza surface',
    type: 'object',
    required: ['error'],
    properties: {
      error: { type: 'string', description: 'What went wrong; names the field, never contains a secret', examples: ['Missing connector name'] },
    },
    additionalProperties: false,
  },
  IlertConnectorType: ilertConnectorType,
  IlertConnector: {
    title: 'IlertConnector',
    description: 'A connector as the ilert surface answers it; params redacted unless the caller may reveal',
    type: 'object',
    required: ['id', 'type', 'name', 'createdAt', 'updatedAt', 'params'],
    properties: {
      id: { type: 'string', description: 'Connector id', examples: ['b1946ac9-2c0b-4b38-9f4c-1f0a7a9c6e2d'] },
      type: {
        type: 'string',
        description: "Connector type: one of ilert's ConnectorType values or any loaded plugin type",
        examples: ['jira'],
      },
      name: { type: 'string', description: 'Unique name (also the key in the Eliza connectors map)', examples: ['ops-jira'] },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      params: {
        type: 'object',
        description: 'The connector config (secrets redacted unless revealed)',
        examples: [{ url: 'https://team.atlassian.net', email: 'ops@example.com', password: '****' }],
      },
    },
    additionalProperties: false,
  },
  IlertConnectorInput: {
    title: 'IlertConnectorInput',
    description: 'Body of create and update; id, createdAt and updatedAt are ignored, a param sent as "" counts as absent',
    type: 'object',
    required: ['name', 'type'],
    properties: {
      name: { type: 'string', minLength: 1, description: 'Unique connector name', examples: ['ops-jira'] },
      type: { type: 'string', minLength: 1, description: 'Connector type; cannot change on update', examples: ['jira'] },
      params: {
        type: ['object', 'null'],
        description: 'The connector config; redacted values sent back unchanged keep the stored secrets',
        examples: [{ url: 'https://team.atlassian.net', email: 'ops@example.com', password: 'api-token' }],
      },
      id: { type: 'string', description: 'Ignored' },
      createdAt: { type: 'string', description: 'Ignored' },
      updatedAt: { type: 'string', description: 'Ignored' },
    },
    additionalProperties: true,
  },
  IlertError: {
    title: 'IlertError',
    description: 'Error answer of the ilert surface',
    type: 'object',
    required: ['status', 'message', 'code'],
    properties: {
      status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status' },
      message: { type: 'string', description: 'What went wrong; names the field, never contains a secret' },
      code: { type: 'string', description: 'Machine-readable error code', examples: ['BAD_REQUEST', 'NOT_FOUND'] },
    },
    additionalProperties: false,
  },
  ConnectorTypesResponse: {
    title: 'ConnectorTypesResponse',
    description: 'The loaded connector plugins with the JSON Schema of each config',
    type: 'object',
    required: ['connectorTypes'],
    properties: { connectorTypes: { type: 'array', items: connectorTypeInfo } },
    additionalProperties: false,
  },
  HealthResponse: {
    title: 'HealthResponse',
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['ok'] } },
    additionalProperties: false,
  },
  ReadyResponse: {
    title: 'ReadyResponse',
    type: 'object',
    required: ['status', 'store', 'connectors'],
    properties: {
      status: { type: 'string', enum: ['ready'] },
      store: { type: 'string', description: 'Which store serves the registry' },
      connectors: { type: 'integer', minimum: 0, description: 'How many connectors are configured' },
    },
    additionalProperties: false,
  },
} satisfies Record<string, SchemaObject>;

export type OpenApiSchemaName = keyof typeof OPENAPI_SCHEMAS;

/** A `$ref` to one of the schemas above. */
export function schemaRef(name: OpenApiSchemaName): ReferenceObject {
  return { $ref: `#/components/schemas/${name}` };
}
