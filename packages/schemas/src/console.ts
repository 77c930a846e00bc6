import type { FromSchema } from './from-schema.js';
import { JSON_SCHEMA_DRAFT } from './json-schema.js';

/** `GET /ui/config.json`: what the web console needs to know about the service that serves it. */
export const consoleConfigSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  title: 'ConsoleConfig',
  type: 'object',
  required: ['ilertPrefix'],
  properties: { ilertPrefix: { type: 'string', description: 'Where the ilert surface is mounted (ILERT_API_PREFIX)', examples: ['/ilert'] } },
  additionalProperties: false,
} as const;

export type ConsoleConfig = FromSchema<typeof consoleConfigSchema>;
