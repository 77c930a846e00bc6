import { ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { clearableFieldsOf } from './cleared-values.js';
import type { SecretSpec } from './secret.js';

export type JsonSchemaObject = Record<string, unknown>;

/**
 * What a config's schema is built from: the parts of a connector definition it reads. Declared here,
 * not imported from define-connector.ts (which calls this builder), so the two modules form no cycle;
 * a ConnectorPlugin is one.
 */
export interface SchemaSource {
  readonly displayName: string;
  readonly description?: string;
  readonly config: new () => object;
  readonly secrets: ReadonlyMap<string, SecretSpec>;
}

/** What restricts a string's content: a cleared value (`""`) is exempt from them. */
const CONTENT_KEYWORDS = ['pattern', 'format', 'minLength'] as const;

/** A string property's schema that also admits `""` (the API accepts it: cleared-values.ts). */
function admittingEmpty(schema: JsonSchemaObject): JsonSchemaObject {
  const restrictions = CONTENT_KEYWORDS.filter((keyword) => schema[keyword] !== undefined);
  if (restrictions.length === 0) return schema;
  const rest = { ...schema };
  for (const keyword of restrictions) delete rest[keyword];
  return { ...rest, anyOf: [{ const: '' }, Object.fromEntries(restrictions.map((keyword) => [keyword, schema[keyword]]))] };
}

/**
 * The JSON Schema of a connector config, generated from its DTO. Secret fields carry
 * `writeOnly: true` and `x-secret: <rule>` (the Airbyte `airbyte_secret` idea) so a UI renders them
 * as password inputs. Configs accept fields the DTO does not declare, hence additionalProperties.
 */
export function configJsonSchema(plugin: SchemaSource): JsonSchemaObject {
  const base = targetConstructorToSchema(plugin.config, {
    refPointerPrefix: '#/definitions/',
    // Our own validators (ValidateBy) say nothing about the value's schema; the default converter
    // would emit a $ref to the property's design type ("Object") that exists nowhere.
    additionalConverters: { [ValidationTypes.CUSTOM_VALIDATION]: () => ({}) },
  }) as JsonSchemaObject;
  const properties = { ...((base.properties as Record<string, JsonSchemaObject> | undefined) ?? {}) };
  for (const [field, spec] of plugin.secrets) {
    properties[field] = { ...(properties[field] ?? { type: 'string' }), writeOnly: true, 'x-secret': spec.rule };
  }
  for (const field of clearableFieldsOf(plugin.config)) {
    if (properties[field]) properties[field] = admittingEmpty(properties[field]);
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: plugin.displayName,
    ...(plugin.description ? { description: plugin.description } : {}),
    type: 'object',
    properties,
    ...(Array.isArray(base.required) && base.required.length ? { required: base.required } : {}),
    additionalProperties: true,
  };
}
