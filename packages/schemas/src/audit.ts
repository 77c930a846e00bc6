import type { FromSchema } from './from-schema.js';
import { JSON_SCHEMA_DRAFT } from './json-schema.js';

/** `GET /api/audit`: who changed what (key ids and field names, never values). */

/** Where a change came from: the API surface, or `internal` for callers inside the service (CLI, tests). */
export const AUDIT_SURFACES = ['eliza', 'ilert', 'internal'] as const;

/** `test`: a connection test sent the connector's credentials to its platform (nothing changed). */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'test'] as const;

const auditEntryObject = {
  title: 'AuditEntry',
  description: 'One committed change. Field paths are names only: no value, secret or not, is ever in an entry.',
  type: 'object',
  required: ['at', 'actor', 'surface', 'action', 'connector', 'fields'],
  properties: {
    at: { type: 'string', format: 'date-time', description: "When the change was committed (the record's updatedAt)" },
    actor: { type: 'string', description: 'API key id, `anonymous`, or `system` for changes made inside the service (CLI, tests)' },
    surface: { type: 'string', enum: AUDIT_SURFACES },
    action: { type: 'string', enum: AUDIT_ACTIONS },
    connector: {
      type: 'object',
      description: 'id and type are null for shared settings such as `defaults`, which are not records',
      required: ['id', 'name', 'type'],
      properties: { id: { type: ['string', 'null'] }, name: { type: 'string' }, type: { type: ['string', 'null'] } },
      additionalProperties: false,
    },
    previousName: { type: 'string', description: 'Set when an update renamed the connector' },
    fields: { type: 'array', items: { type: 'string' }, description: 'Changed field paths, e.g. `accounts.main.botToken`' },
    fieldsOmitted: { type: 'integer', minimum: 0, description: 'Changed paths left out of `fields` past its cap of 100' },
    outcome: { type: 'string', description: 'For a connection test: its status (`ok`, `auth_failed`, ...)' },
    unsaved: { type: 'boolean', description: 'For a connection test: of a config sent with the request, not the stored one' },
    revision: { type: 'integer', minimum: 0, description: 'The revision the change made (GET /api/connectors/{name}/revisions), when history is kept' },
    restoredFrom: { type: 'integer', minimum: 0, description: 'Set when the change restored an earlier revision' },
  },
  additionalProperties: false,
} as const;

export const auditEntrySchema = { $schema: JSON_SCHEMA_DRAFT, ...auditEntryObject } as const;

/** One page of `GET /api/audit`, newest first. */
export const auditPageSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'AuditPage',
  description: 'One page of the audit trail, newest first',
  type: 'object',
  required: ['entries'],
  properties: {
    entries: { type: 'array', items: auditEntryObject },
    nextCursor: { type: 'string', description: 'Present when more entries match: the cursor of the next page' },
  },
  additionalProperties: false,
} as const;

// The types, derived from the schemas above (one declaration per shape).
export type AuditSurface = (typeof AUDIT_SURFACES)[number];
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditEntry = FromSchema<typeof auditEntrySchema>;
export type AuditPage = FromSchema<typeof auditPageSchema>;
