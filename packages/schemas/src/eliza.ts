import { JSON_SCHEMA_DRAFT } from './json-schema.js';

/**
 * The Eliza surface: `GET /api/connectors`, `POST /api/connectors`, `DELETE /api/connectors/:name`
 * (the agent runtime's connectors API). Every answer is the whole name-keyed map, secrets redacted.
 */

/** Answer of every Eliza call that succeeds: connector name -> config, secrets redacted. */
export interface ElizaConnectorsResponse {
  connectors: Record<string, Record<string, unknown>>;
}

/** Body of `POST /api/connectors`: add or replace the config stored under `name`. */
export interface ElizaPutConnectorRequest {
  /** Connector name (e.g. `telegram`); trimmed, 1-200 characters, no control characters. */
  name: string;
  /** The connector's config. A redacted value sent back unchanged keeps the stored secret. */
  config: Record<string, unknown>;
}

/** Every Eliza error (4xx, 5xx). */
export interface ElizaError {
  error: string;
}

/** Names that are object machinery, refused as connector names. */
export const RESERVED_CONNECTOR_NAMES = ['__proto__', 'constructor', 'prototype'] as const;

/** What a name may not start with (after trimming): the Eliza runtime reads `$` keys as directives (`$include`). */
export const CONNECTOR_NAME_DIRECTIVE_PREFIX = '$';

/** Longest connector name (after trimming). */
export const MAX_CONNECTOR_NAME_LENGTH = 200;

export const elizaConnectorsResponseSchema = {
  $schema: JSON_SCHEMA_DRAFT,
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
} as const;

export const elizaPutConnectorRequestSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'ElizaPutConnectorRequest',
  description: 'Add or replace the config stored under a connector name',
  type: 'object',
  required: ['name', 'config'],
  properties: {
    name: {
      type: 'string',
      description: 'Connector identifier (e.g. telegram, discord, whatsapp); trimmed, without control characters, not starting with "$" (a directive such as $include)',
      minLength: 1,
      // Untrimmed length is not bounded here: the service trims before it checks the 200 characters.
      // Leading blanks, then a first character that is neither blank, `$` nor control, then no control.
      pattern: `^[^\\S\\u0000-\\u001F\\u007F]*[^\\s${CONNECTOR_NAME_DIRECTIVE_PREFIX}\\u0000-\\u001F\\u007F][^\\u0000-\\u001F\\u007F]*$`,
      not: { enum: RESERVED_CONNECTOR_NAMES },
      examples: ['telegram'],
    },
    config: {
      type: 'object',
      description: 'Connector-specific configuration (see the connector type catalog)',
      examples: [{ botToken: '123456:ABC-DEF' }],
    },
  },
  additionalProperties: true,
} as const;

export const elizaErrorSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'ElizaError',
  description: 'Error answer of the Eliza surface',
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', description: 'What went wrong; names the field, never contains a secret', examples: ['Missing connector name'] },
  },
  additionalProperties: false,
} as const;
