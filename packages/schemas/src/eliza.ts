import type { FromSchema } from './from-schema.js';
import { JSON_SCHEMA_DRAFT } from './json-schema.js';

/**
 * The Eliza surface: `GET /api/connectors`, `POST /api/connectors`, `DELETE /api/connectors/:name`
 * (the agent runtime's connectors API). Every answer is the whole name-keyed map, secrets redacted.
 */

/** Names that are object machinery, refused as connector names. */
export const RESERVED_CONNECTOR_NAMES = ['__proto__', 'constructor', 'prototype'] as const;

/** What a name may not start with (after trimming): the Eliza runtime reads `$` keys as directives (`$include`). */
export const CONNECTOR_NAME_DIRECTIVE_PREFIX = '$';

/** Longest connector name (after trimming). */
export const MAX_CONNECTOR_NAME_LENGTH = 200;

/** Answer of every Eliza call that succeeds: connector name -> config, secrets redacted. */
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

/** Body of `POST /api/connectors`: add or replace the config stored under `name`. */
export const elizaPutConnectorRequestSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'ElizaPutConnectorRequest',
  description: 'Add or replace the config stored under a connector name',
  type: 'object',
  required: ['name', 'config'],
  properties: {
    name: {
      type: 'string',
      description:
        'Connector identifier (e.g. telegram, discord, whatsapp); trimmed, without control characters, not starting with "$" (a directive such as $include)',
      minLength: 1,
      // Untrimmed length is not bounded here: the service trims before it checks the 200 characters.
      // Leading blanks, then a first character that is neither blank, `$` nor control, then no control.
      pattern: `^[^\\S\\u0000-\\u001F\\u007F]*[^\\s${CONNECTOR_NAME_DIRECTIVE_PREFIX}\\u0000-\\u001F\\u007F][^\\u0000-\\u001F\\u007F]*$`,
      not: { enum: RESERVED_CONNECTOR_NAMES },
      examples: ['telegram'],
    },
    config: {
      type: 'object',
      description: 'Connector-specific configuration (see the connector type catalog); a redacted value sent back unchanged keeps the stored secret',
      examples: [{ botToken: '123456:ABC-DEF' }],
    },
  },
  additionalProperties: true,
} as const;

/** Every Eliza error (4xx, 5xx). */
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

// The types, derived from the schemas above (one declaration per shape).
/** Answer of every Eliza call that succeeds: connector name -> config, secrets redacted. */
export type ElizaConnectorsResponse = FromSchema<typeof elizaConnectorsResponseSchema>;
/** Body of `POST /api/connectors`: add or replace the config stored under `name` (trimmed, 1-200 characters). */
export type ElizaPutConnectorRequest = FromSchema<typeof elizaPutConnectorRequestSchema>;
/** Every Eliza error (4xx, 5xx). */
export type ElizaError = FromSchema<typeof elizaErrorSchema>;
