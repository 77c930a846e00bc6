import type { JsonSchema } from './json-schema.js';

/**
 * Evaluates an `x-configured-when` schema without a JSON Schema validator (a browser page under a
 * Content-Security-Policy cannot compile one): the subset the sdk emits, `{ required, properties:
 * { <field>: { not: { const: "" } } } }` or an `anyOf` of those. Anything else is refused loudly
 * rather than guessed; a standard validator (Ajv) gives the same answer on the same keyword.
 */
export function isConfiguredBy(rule: unknown, config: Readonly<Record<string, unknown>>): boolean {
  const node = rule as JsonSchema;
  if (Array.isArray(node.anyOf)) return node.anyOf.some((branch) => isConfiguredBy(branch, config));
  if (!Array.isArray(node.required)) throw new TypeError('x-configured-when: expected "required" or "anyOf"');
  return node.required.every(
    (field) => typeof field === 'string' && Object.hasOwn(config, field) && config[field] !== undefined && config[field] !== '',
  );
}
