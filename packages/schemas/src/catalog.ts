import { JSON_SCHEMA_DRAFT, type JsonSchema } from './json-schema.js';

/**
 * The connector-type catalog (`GET /api/connector-types`) and health (`GET /health`, `GET /ready`).
 */

/** How a secret is shown to a caller who may not see it. */
export type RedactionRule = 'full' | 'segments' | 'url' | 'last4';

export interface SecretField {
  readonly field: string;
  readonly redact: RedactionRule;
}

/** One connector plugin: what a UI needs to render a form for its config. */
export interface ConnectorTypeInfo<T extends string = string> {
  /** Stable key: the Eliza connector name and the ilert `type`. */
  readonly type: T;
  /** Other names clients use for it (ilert types, other spellings). */
  readonly aliases: readonly string[];
  readonly displayName: string;
  readonly description: string;
  readonly docsUrl: string | null;
  /** Secret fields and their redaction rule; the schema flags them with `writeOnly` and `x-secret`. */
  readonly secretFields: readonly SecretField[];
  /** Whether the plugin declares a connection test (`POST /api/connector-types/{type}/test` answers more than `not_supported`). */
  readonly connectionTest: boolean;
  /** JSON Schema (draft-07) of the config. */
  readonly schema: JsonSchema;
}

export interface ConnectorTypesResponse {
  connectorTypes: ConnectorTypeInfo[];
}

export interface HealthResponse {
  status: 'ok';
}

export interface ReadyResponse {
  /** `not ready` (answered with 503) while the store cannot persist writes (disk full, read-only). */
  status: 'ready' | 'not ready';
  /** Which store serves the registry (the config file path or PostgreSQL). */
  store: string;
  /** How many connectors are configured. */
  connectors: number;
  /** Why not ready: the cause in words. */
  reason?: string;
}

const connectorTypeInfoObject = {
  title: 'ConnectorTypeInfo',
  type: 'object',
  required: ['type', 'aliases', 'displayName', 'description', 'docsUrl', 'secretFields', 'connectionTest', 'schema'],
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
          redact: { type: 'string', enum: ['full', 'segments', 'url', 'last4'] },
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
