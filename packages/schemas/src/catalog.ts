import type { FromSchema } from './from-schema.js';
import { JSON_SCHEMA_DRAFT, type JsonSchema } from './json-schema.js';

/**
 * The connector-type catalog (`GET /api/connector-types`) and health (`GET /health`, `GET /ready`).
 */

/** How a secret is shown to a caller who may not see it. */
export const REDACTION_RULES = ['full', 'segments', 'url', 'last4'] as const;

/** One connector plugin: what a UI needs to render a form for its config. */
const connectorTypeInfoObject = {
  title: 'ConnectorTypeInfo',
  type: 'object',
  required: ['type', 'aliases', 'displayName', 'description', 'docsUrl', 'secretFields', 'connectionTest', 'schema'],
  properties: {
    type: {
      type: 'string',
      pattern: '^[a-z][a-z0-9_]{0,63}$',
      description: 'Stable key: the Eliza connector name and the ilert type',
      examples: ['telegram'],
    },
    aliases: { type: 'array', items: { type: 'string' }, description: 'Other names clients use for it (ilert types, other spellings)' },
    displayName: { type: 'string', examples: ['Telegram'] },
    description: { type: 'string' },
    docsUrl: { type: ['string', 'null'] },
    secretFields: {
      type: 'array',
      description: 'Secret fields and their redaction rule; the schema flags them with writeOnly and x-secret',
      items: {
        type: 'object',
        required: ['field', 'redact'],
        properties: {
          field: { type: 'string' },
          redact: { type: 'string', enum: REDACTION_RULES, description: 'How the secret is shown to a caller who may not see it' },
        },
        additionalProperties: false,
      },
    },
    connectionTest: { type: 'boolean', description: 'Whether the plugin declares a connection test of its credentials' },
    schema: { type: 'object', description: 'JSON Schema (draft-07) of the config; secrets carry writeOnly and x-secret' },
  },
  additionalProperties: false,
} as const;

export const connectorTypeInfoSchema = { $schema: JSON_SCHEMA_DRAFT, ...connectorTypeInfoObject } as const;

/** `GET /api/connector-types`. */
export const connectorTypesResponseSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'ConnectorTypesResponse',
  description: 'The loaded connector plugins with the JSON Schema of each config',
  type: 'object',
  required: ['connectorTypes'],
  properties: { connectorTypes: { type: 'array', items: connectorTypeInfoObject } },
  additionalProperties: false,
} as const;

export const healthResponseSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'HealthResponse',
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
  additionalProperties: false,
} as const;

/** `GET /ready`: answered with 503 while the store cannot persist writes (disk full, read-only). */
export const readyResponseSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'ReadyResponse',
  type: 'object',
  required: ['status', 'store', 'connectors'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not ready'], description: '"not ready" (503) while the store cannot persist writes' },
    store: {
      type: 'string',
      description: 'Which store serves the registry; where it is (file path, database) only for a caller that may read connectors',
    },
    connectors: { type: 'integer', minimum: 0, description: 'How many connectors are configured' },
    reason: { type: 'string', description: 'Why not ready (disk full, read-only file system, ...)' },
  },
  additionalProperties: false,
} as const;

// The types, derived from the schemas above (one declaration per shape).
type ConnectorTypeInfoShape = FromSchema<typeof connectorTypeInfoObject>;

/** How a secret is shown to a caller who may not see it. */
export type RedactionRule = (typeof REDACTION_RULES)[number];

export type SecretField = ConnectorTypeInfoShape['secretFields'][number];

/**
 * One connector plugin: what a UI needs to render a form for its config. `T` narrows `type` (the
 * generated catalog gives each entry its own); `schema` is typed as a JSON Schema, not a record.
 */
export type ConnectorTypeInfo<T extends string = string> = {
  [K in keyof ConnectorTypeInfoShape]: K extends 'type' ? T : K extends 'schema' ? JsonSchema : ConnectorTypeInfoShape[K];
};

export type ConnectorTypesResponse = FromSchema<typeof connectorTypesResponseSchema>;
export type HealthResponse = FromSchema<typeof healthResponseSchema>;
export type ReadyResponse = FromSchema<typeof readyResponseSchema>;
