import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { IOptions } from 'class-validator-jsonschema/build/options.js';
import { clearableFieldsOf } from './cleared-values.js';
import { OPEN_POLICY_NEEDS_WILDCARD } from './common/validators.js';
import { type ConfiguredRule, configuredRuleSchema } from './configured-rule.js';
import { nestedClassOf } from './nested.js';
import { exactConverters } from './schema-of-validators.js';
import type { SecretSpec } from './secret.js';

export type JsonSchemaObject = Record<string, unknown>;

/** The keyword that publishes what a connector needs to count as configured (see configured-rule.ts). */
export const CONFIGURED_WHEN_KEYWORD = 'x-configured-when';

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
  /** The connector's configured rule; undefined: the DTO's fields declared without `@IsOptional()`. */
  readonly configuredWhen?: ConfiguredRule | undefined;
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
 * `@IsInt()` beside `@Min()`/`@Max()`: the default converters merge in declaration order, and a bound's
 * `type: "number"` can overwrite the integer type. The API refuses 1.5 there, so the schema says integer.
 */
function integerFields(configClass: new () => object): Set<string> {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(configClass, undefined as unknown as string, false, false, undefined);
  return new Set(metadatas.filter((metadata) => metadata.name === 'isInt' && !metadata.each).map((metadata) => metadata.propertyName));
}

// Nested DTOs are converted by nestedSchema (below), the rest as exactConverters says.
const SCHEMA_OPTIONS: Partial<IOptions> = {
  refPointerPrefix: '#/definitions/',
  additionalConverters: { ...exactConverters, [ValidationTypes.NESTED_VALIDATION]: (meta) => nestedSchema(meta) },
};

/** The properties of a DTO's schema, each as class-validator-jsonschema converts it (nested DTOs inline). */
function propertiesOf(dto: new () => object): { properties: Record<string, JsonSchemaObject>; required: string[] } {
  const base = targetConstructorToSchema(dto, SCHEMA_OPTIONS) as JsonSchemaObject;
  const properties = { ...((base.properties as Record<string, JsonSchemaObject> | undefined) ?? {}) };
  for (const field of integerFields(dto)) {
    if (properties[field]?.type === 'number') properties[field] = { ...properties[field], type: 'integer' };
  }
  return { properties, required: Array.isArray(base.required) ? (base.required as string[]) : [] };
}

/**
 * A nested DTO (`@ValidateNested()`), inline: the catalog publishes one self-contained schema per
 * type, without the `$ref` to a definition the default converter emits. Nothing in it is required:
 * the API checks only the nested fields that are present (`skipMissingProperties` at every depth).
 * Its text fields are not cleared by `""`: only a config's own fields are (cleared-values.ts).
 */
function nestedSchema(meta: { target: unknown; propertyName: string }): JsonSchemaObject {
  const nested = nestedClassOf(meta.target, meta.propertyName);
  return nested ? { type: 'object', properties: propertiesOf(nested).properties } : { type: 'object' };
}

/** Cross-field rules of the DTO (class-level facts a property schema cannot say), as `if`/`then`. */
function crossFieldRules(configClass: new () => object): JsonSchemaObject[] {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(configClass, undefined as unknown as string, false, false, undefined);
  return metadatas
    .filter((metadata) => metadata.name === OPEN_POLICY_NEEDS_WILDCARD)
    .map((metadata) => ({
      if: { required: [metadata.propertyName], properties: { [metadata.propertyName]: { const: 'open' } } },
      then: { required: [metadata.constraints[0] as string], properties: { [metadata.constraints[0] as string]: { type: 'array', contains: { const: '*' } } } },
    }));
}

/**
 * The JSON Schema of a connector config, generated from its DTO: exactly what the API accepts.
 * Every field is optional (configs are saved partial, before the credentials are known); the fields
 * a DTO declares without `@IsOptional()` are the ones the connector needs to count as configured,
 * unless the plugin has its own rule (configured-rule.ts): that goes to `x-configured-when`, never
 * to `required`.
 * Secret fields carry `writeOnly: true` and `x-secret: <rule>` (the Airbyte `airbyte_secret` idea)
 * so a UI renders them as password inputs. Configs accept fields the DTO does not declare.
 */
export function configJsonSchema(plugin: SchemaSource): JsonSchemaObject {
  const { properties, required: undecorated } = propertiesOf(plugin.config);
  for (const [field, spec] of plugin.secrets) {
    properties[field] = { ...(properties[field] ?? { type: 'string' }), writeOnly: true, 'x-secret': spec.rule };
  }
  for (const field of clearableFieldsOf(plugin.config)) {
    if (properties[field]) properties[field] = admittingEmpty(properties[field]);
  }
  const configuredWhen = configuredRuleSchema(plugin.configuredWhen ?? { anyOf: [undecorated], unlessDisabled: false });
  const rules = crossFieldRules(plugin.config);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: plugin.displayName,
    ...(plugin.description ? { description: plugin.description } : {}),
    type: 'object',
    properties,
    ...(rules.length ? { allOf: rules } : {}),
    additionalProperties: true,
    ...(configuredWhen ? { [CONFIGURED_WHEN_KEYWORD]: configuredWhen } : {}),
  };
}
