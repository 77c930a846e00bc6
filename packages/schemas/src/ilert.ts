import type { FromSchema } from './from-schema.js';
import { JSON_SCHEMA_DRAFT } from './json-schema.js';

/**
 * The ilert surface: the ilert REST API v2 `connectors` resource, mounted under a configurable prefix
 * (default `/ilert`): `GET|POST <prefix>/api/connectors`, `GET|PUT|DELETE <prefix>/api/connectors/{id}`,
 * `GET <prefix>/api/connectors/name/{name}`.
 */

/** The connector types of ilert's own `ConnectorType` enum (REST API v2). */
export const ILERT_CONNECTOR_TYPES = [
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
] as const;

/**
 * Request header of the ilert surface: sent with any value, it makes `params` answer redacted even to
 * a key holding `reveal` (list, get, create and update). The web console always sends it, so no stored
 * secret reaches a browser page; ilert and the Terraform provider, which need the values, do not.
 */
export const ILERT_REDACT_HEADER = 'x-switchboard-redact';

export const ILERT_DEFAULT_PAGE_SIZE = 50;
export const ILERT_MAX_PAGE_SIZE = 100;

export const ilertConnectorTypeSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'IlertConnectorType',
  description: "ilert's own connector types (REST API v2 ConnectorType)",
  type: 'string',
  enum: ILERT_CONNECTOR_TYPES,
} as const;

/**
 * A connector as the ilert surface answers it. `type` is one of ilert's types or any connector type
 * Switchboard has a plugin for (both surfaces share one registry, so a Telegram connector made
 * through the Eliza surface is listed here too). `params` is redacted unless the caller may reveal.
 */
const ilertConnectorObject = {
  title: 'IlertConnector',
  description: `A connector as the ilert surface answers it; params redacted unless the caller may reveal and sent no ${ILERT_REDACT_HEADER} header`,
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
} as const;

export const ilertConnectorSchema = { $schema: JSON_SCHEMA_DRAFT, ...ilertConnectorObject } as const;

export const ilertConnectorListSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'IlertConnectorList',
  description: 'One page of connectors, in creation order',
  type: 'array',
  items: ilertConnectorObject,
} as const;

/**
 * Body of create (`POST`) and update (`PUT`). `id`, `createdAt` and `updatedAt` may be sent (ilert
 * clients send the whole connector back) and are ignored. A param sent as `""` counts as absent.
 * The type of an existing connector cannot be changed.
 */
export const ilertConnectorInputSchema = {
  $schema: JSON_SCHEMA_DRAFT,
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
} as const;

export const ilertErrorSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'IlertError',
  description: 'Error answer of the ilert surface',
  type: 'object',
  required: ['status', 'message', 'code'],
  properties: {
    status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status, repeated' },
    message: { type: 'string', description: 'What went wrong; names the field, never contains a secret' },
    code: {
      type: 'string',
      description: 'Machine-readable error code: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, INTERNAL_ERROR, ...',
      examples: ['BAD_REQUEST', 'NOT_FOUND'],
    },
  },
  additionalProperties: false,
} as const;

export const ilertPagingQuerySchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'IlertPagingQuery',
  description: 'Paging of GET <prefix>/api/connectors (query parameters arrive as strings: validate with type coercion)',
  type: 'object',
  properties: {
    'start-index': {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'The starting point (beginning with 0) when paging through the list',
    },
    'max-results': {
      type: 'integer',
      minimum: 1,
      maximum: ILERT_MAX_PAGE_SIZE,
      default: ILERT_DEFAULT_PAGE_SIZE,
      description: 'The maximum number of results of one page',
    },
  },
  additionalProperties: true,
} as const;

// The types, derived from the schemas above (one declaration per shape).
/** One of ilert's own connector types. */
export type IlertConnectorType = FromSchema<typeof ilertConnectorTypeSchema>;
/** A connector as the ilert surface answers it; `params` redacted unless the caller may reveal. */
export type IlertConnector = FromSchema<typeof ilertConnectorSchema>;
/** Body of create (`POST`) and update (`PUT`); `id`, `createdAt`, `updatedAt` are ignored. */
export type IlertConnectorInput = FromSchema<typeof ilertConnectorInputSchema>;
/** Every ilert-surface error (4xx, 5xx). */
export type IlertError = FromSchema<typeof ilertErrorSchema>;
/** Query of `GET <prefix>/api/connectors` (numbers once coerced; a query string holds strings). */
export type IlertPagingQuery = FromSchema<typeof ilertPagingQuerySchema>;
