import type { JsonSchema } from './json-schema.js';

/** The keywords an `x-configured-when` rule is written with (what the sdk emits). */
const KNOWN_KEYWORDS = new Set(['type', 'required', 'properties', 'additionalProperties', 'anyOf', 'not', 'const']);

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function present(object: Readonly<Record<string, unknown>>, key: string): boolean {
  return Object.hasOwn(object, key) && object[key] !== undefined;
}

/**
 * Evaluates an `x-configured-when` schema without a JSON Schema validator (a browser page under a
 * Content-Security-Policy cannot compile one), with a standard validator's (Ajv's) verdict on the
 * same keyword. The subset the sdk emits: `type: "object"`, `required`, `properties`,
 * `additionalProperties` (a schema), `anyOf`, `not`, and `const` of a plain value (string, number,
 * boolean, null). For example `{ properties: { enabled: { not: { const: false } } }, anyOf: [{ type:
 * "object", required: ["botToken"], properties: { botToken: { not: { const: "" } } } }, ...] }`; "some
 * `accounts` entry matches X" is `{ type: "object", not: { additionalProperties: { not: X } } }`.
 * Any other keyword is refused loudly rather than guessed.
 */
export function isConfiguredBy(rule: unknown, config: Readonly<Record<string, unknown>>): boolean {
  return matches(rule, config);
}

function matches(rule: unknown, value: unknown): boolean {
  if (!isObject(rule)) throw new TypeError('x-configured-when: a rule must be a schema object');
  const node = rule as JsonSchema;
  for (const keyword of Object.keys(node)) {
    if (!KNOWN_KEYWORDS.has(keyword)) throw new TypeError(`x-configured-when: keyword "${keyword}" is not supported`);
  }
  if (node.type !== undefined) {
    if (node.type !== 'object') throw new TypeError('x-configured-when: only type "object" is supported');
    if (!isObject(value)) return false;
  }
  if (node.const !== undefined) {
    const expected = node.const;
    if (expected !== null && typeof expected === 'object') throw new TypeError('x-configured-when: "const" must be a plain value');
    if (value !== expected) return false;
  }
  if (node.not !== undefined && matches(node.not, value)) return false;
  if (node.anyOf !== undefined) {
    if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) throw new TypeError('x-configured-when: "anyOf" must be a non-empty array');
    if (!node.anyOf.some((branch) => matches(branch, value))) return false;
  }
  // The object keywords say nothing about a value that is not an object (as in JSON Schema).
  if (!isObject(value)) return true;
  if (node.required !== undefined) {
    if (!Array.isArray(node.required)) throw new TypeError('x-configured-when: "required" must be an array');
    if (!node.required.every((field) => typeof field === 'string' && present(value, field))) return false;
  }
  const properties = node.properties;
  if (properties !== undefined) {
    if (!isObject(properties)) throw new TypeError('x-configured-when: "properties" must be an object');
    for (const [field, schema] of Object.entries(properties)) {
      if (present(value, field) && !matches(schema, value[field])) return false;
    }
  }
  if (node.additionalProperties !== undefined) {
    const declared = isObject(properties) ? properties : {};
    for (const [field, item] of Object.entries(value)) {
      if (!Object.hasOwn(declared, field) && item !== undefined && !matches(node.additionalProperties, item)) return false;
    }
  }
  return true;
}
