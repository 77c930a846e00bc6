import type { FromSchema } from './from-schema.js';
import { CONNECTION_TEST_STATUSES } from './generated/connectors.js';
import { JSON_SCHEMA_DRAFT } from './json-schema.js';

/**
 * Connection tests: `POST|GET /api/connectors/{name}/test`, `POST /api/connector-types/{type}/test`,
 * `GET /api/connectors/test` (the last result of each) and `POST /api/connectors/test` (all of them).
 * The statuses (CONNECTION_TEST_STATUSES) are the sdk's: the generator copies them at build time.
 */

const connectionTestResultObject = {
  title: 'ConnectionTestResult',
  type: 'object',
  description: "The outcome of a connection test. Never holds a secret, a URL that may carry one, or the platform's answer body.",
  required: ['ok', 'status', 'message', 'identity', 'checkedAt', 'durationMs'],
  additionalProperties: false,
  properties: {
    ok: { type: 'boolean', description: 'true exactly when status is `ok`' },
    status: { type: 'string', enum: CONNECTION_TEST_STATUSES },
    message: { type: 'string', description: 'What happened, for a person' },
    identity: { type: ['string', 'null'], description: 'Who the credentials belong to, as the platform says (e.g. `@my_bot`)' },
    checkedAt: { type: 'string', format: 'date-time' },
    durationMs: { type: 'integer', minimum: 0 },
  },
} as const;

export const connectionTestResultSchema = { $schema: JSON_SCHEMA_DRAFT, ...connectionTestResultObject } as const;

/** `GET /api/connectors/test`: the last result of each tested connector, by name. */
export const connectionTestResultsSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'ConnectionTestResults',
  description: 'The last result of each tested connector, by connector name',
  type: 'object',
  required: ['results'],
  properties: { results: { type: 'object', additionalProperties: connectionTestResultObject } },
  additionalProperties: false,
} as const;

/** `POST /api/connectors/test`: a test of every stored connector. */
export const connectionTestSummarySchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'ConnectionTestSummary',
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
      description: 'Connectors per status (statuses no connector had are left out)',
      properties: Object.fromEntries(CONNECTION_TEST_STATUSES.map((status) => [status, { type: 'integer', minimum: 1 }])) as {
        readonly [S in (typeof CONNECTION_TEST_STATUSES)[number]]: { readonly type: 'integer'; readonly minimum: 1 };
      },
      additionalProperties: false,
    },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'type', 'result'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, result: connectionTestResultObject },
      },
    },
  },
} as const;

// The types, derived from the schemas above (one declaration per shape).
export type ConnectionTestStatus = (typeof CONNECTION_TEST_STATUSES)[number];
/** The outcome of a connection test: never a secret, a URL that may carry one, or the platform's answer body. */
export type ConnectionTestResult = FromSchema<typeof connectionTestResultSchema>;
export type ConnectionTestResults = FromSchema<typeof connectionTestResultsSchema>;
export type ConnectionTestSummary = FromSchema<typeof connectionTestSummarySchema>;
