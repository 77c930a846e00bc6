import type { IOptions } from 'class-validator-jsonschema/build/options.js';
import { IS_URL, type ValidationOptions, ValidationTypes, ValidateBy } from 'class-validator';

/**
 * What a field's class-validator constraints accept, said as JSON Schema, where the default converters
 * of class-validator-jsonschema say something else: the published schema must accept exactly what the
 * API accepts (a standard validator such as Ajv with ajv-formats decides the same way).
 */

type JsonSchema = Record<string, unknown>;

/** The options of `@IsUrl` that change what it accepts and that the pattern reproduces. */
export interface UrlRule {
  readonly protocols?: readonly string[];
  readonly require_protocol?: boolean;
  readonly require_tld?: boolean;
}
/** class-validator does not export the type of its metadata records; the part the converters read. */
interface ConstraintMetadata {
  readonly name?: string;
  readonly target: unknown;
  readonly propertyName: string;
  readonly constraints: readonly unknown[];
}

const schemaOfCustom = new Map<string, JsonSchema>();

/**
 * A validator made with ValidateBy whose accepted values a JSON Schema states exactly: the schema is
 * registered under the validator's name, and the value check is the schema's own pattern, so the
 * two cannot drift apart.
 */
export function PatternValidator(name: string, pattern: RegExp, message: (property: string) => string, options?: ValidationOptions): PropertyDecorator {
  schemaOfCustom.set(name, { type: 'string', pattern: pattern.source });
  return ValidateBy(
    { name, validator: { validate: (value) => typeof value === 'string' && pattern.test(value), defaultMessage: (args) => message(args?.property ?? '') } },
    options,
  );
}

/** Registers the schema of a ValidateBy validator that checks a relation, not a value's shape: `{}`. */
export function declareValidatorSchema(name: string, schema: JsonSchema): void {
  schemaOfCustom.set(name, schema);
}

const DESIGN_TYPES = new Map<unknown, JsonSchema>([
  [String, { type: 'string' }],
  [Number, { type: 'number' }],
  [Boolean, { type: 'boolean' }],
  [Array, { type: 'array' }],
]);

/**
 * A custom (ValidateBy) constraint: its registered schema, else the property's declared TypeScript
 * type (`cliPath?: string` is a string for the API too), else nothing (the default converter would
 * emit a `$ref` to the design type, e.g. "Object", that exists nowhere).
 */
function customSchema(meta: ConstraintMetadata): JsonSchema {
  const registered = meta.name === undefined ? undefined : schemaOfCustom.get(meta.name);
  if (registered) return registered;
  const prototype = typeof meta.target === 'function' ? (meta.target as { prototype: object }).prototype : undefined;
  const designType: unknown = prototype === undefined ? undefined : Reflect.getMetadata('design:type', prototype, meta.propertyName);
  return DESIGN_TYPES.get(designType) ?? {};
}

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `(?:${OCTET}\\.){3}${OCTET}`;
const IPV6 = '\\[[0-9A-Fa-f:.]+\\]';
const LETTER = 'A-Za-z\\u00a1-\\uffff';
const LABEL = `[0-9${LETTER}](?:[0-9${LETTER}-]{0,61}[0-9${LETTER}])?`;
const PORT = '(?::0*(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?';
const NO_BLANK = '[^\\s<>]';
const DEFAULT_PROTOCOLS = ['http', 'https', 'ftp'];

/**
 * validator.js `isURL` (what `@IsUrl(options)` runs) as a pattern, for the options connectors use:
 * `protocols`, `require_protocol`, `require_tld`. Ajv's `url`/`uri` formats decide otherwise (the
 * `url` format refuses loopback and private hosts the API accepts, e.g. `http://127.0.0.1:8080`).
 */
export function urlPattern(options: UrlRule = {}): string {
  const protocols = (options.protocols ?? DEFAULT_PROTOCOLS).map((p) => p.replace(/[^a-z0-9+.-]/gi, '')).join('|');
  const scheme = `(?:${protocols})://`;
  const host = options.require_tld === false ? `${LABEL}(?:\\.${LABEL})*` : `(?:${LABEL}\\.)+[${LETTER}]{2,}`;
  const userinfo = `(?:[^\\s<>/?#@:]+(?::[^\\s<>/?#@]*)?@)?`;
  return `^(?=${NO_BLANK}{1,2083}$)${options.require_protocol ? scheme : `(?:${scheme})?`}${userinfo}(?:${IPV4}|${IPV6}|${host})${PORT}(?:[/?#]${NO_BLANK}*)?$`;
}

/** Converters handed to class-validator-jsonschema: only where its defaults disagree with the API. */
export const exactConverters: NonNullable<IOptions['additionalConverters']> = {
  [ValidationTypes.CUSTOM_VALIDATION]: (meta) => customSchema(meta),
  [IS_URL]: (meta) => ({ type: 'string', pattern: urlPattern((meta as ConstraintMetadata).constraints[0] as UrlRule | undefined) }),
};
