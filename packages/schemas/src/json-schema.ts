/**
 * A JSON Schema (draft-07 vocabulary, also valid as an OpenAPI 3.1 schema object) as plain data.
 * Typed loosely on purpose: hand it to any validator (Ajv, @cfworker/json-schema, ...) or a form renderer.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The draft the schemas of this package are written against. */
export const JSON_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';
