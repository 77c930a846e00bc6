import type { FromSchema } from './from-schema.js';
import { JSON_SCHEMA_DRAFT } from './json-schema.js';

/**
 * What an API key may do: `read` (GET), `write` (create, update, delete), `reveal` (ilert answers in
 * clear), `audit` (GET /api/audit: who changed what; key ids and field names, never values).
 */
export const PERMISSIONS = ['read', 'write', 'reveal', 'audit'] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** `GET /api/whoami`: who the caller is and what it may do. */
export const whoAmIResponseSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'WhoAmIResponse',
  description: "The calling key's id and permissions",
  type: 'object',
  required: ['keyId', 'permissions', 'keysRequired'],
  properties: {
    keyId: { type: 'string', description: 'The key id, or `anonymous` when the service has no API keys', examples: ['ops'] },
    permissions: { type: 'array', items: { type: 'string', enum: PERMISSIONS }, description: 'What the key may do, in the order of PERMISSIONS' },
    keysRequired: { type: 'boolean', description: 'false on a keyless (loopback) service' },
  },
  additionalProperties: false,
} as const;

export type WhoAmIResponse = FromSchema<typeof whoAmIResponseSchema>;
