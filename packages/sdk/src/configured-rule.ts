/**
 * What a connector needs to count as *configured* (the runtime's rule, eliza-connector-fields.md
 * 1.2), as a plugin declares it and as it is published: the `x-configured-when` JSON Schema beside
 * the config schema. A different fact from what the API accepts (it accepts any partial config),
 * so a UI can say "not configured yet" without refusing to save.
 */

type JsonSchemaObject = Record<string, unknown>;

/**
 * One way to count as configured:
 * - a list of fields that must all hold a value (present and not `""`);
 * - `{ equals: { enabled: true } }`: fields that hold exactly these values;
 * - `{ inAccount: [[...fields], ...] }`: an entry of the `accounts` map that is not disabled
 *   (`enabled: false`) and holds all fields of one of these lists.
 */
export type ConfiguredAlternative =
  readonly string[] | { readonly equals: Readonly<Record<string, string | number | boolean>> } | { readonly inAccount: readonly (readonly string[])[] };

/** A connector's whole rule: any alternative suffices, unless the config is disabled. */
export interface ConfiguredRule {
  readonly anyOf: readonly ConfiguredAlternative[];
  /** `enabled: false` makes a config not configured, whatever it holds (the Eliza runtime's step 1). */
  readonly unlessDisabled: boolean;
}

/**
 * The Eliza runtime's rule shared by every connector it reads (section 1.2, step 2): any of these
 * fields holding a value counts, whatever else the connector's own rule says.
 */
export const ELIZA_GENERIC_CREDENTIALS = ['botToken', 'token', 'apiKey'] as const;

/**
 * The rule of a plugin: for a connector the Eliza runtime reads, its own alternatives after the
 * runtime's generic ones, and `enabled: false` never counts; otherwise its alternatives as declared.
 * Undefined when a non-Eliza plugin declares none (the schema builder then derives one from the DTO).
 */
export function configuredRuleOf(own: readonly ConfiguredAlternative[] | undefined, elizaRuntime: boolean): ConfiguredRule | undefined {
  if (!elizaRuntime) return own === undefined ? undefined : Object.freeze({ anyOf: Object.freeze([...own]), unlessDisabled: false });
  const alternatives: ConfiguredAlternative[] = ELIZA_GENERIC_CREDENTIALS.map((field) => [field]);
  const seen = new Set(alternatives.map((alternative) => JSON.stringify(alternative)));
  for (const alternative of own ?? []) {
    if (!seen.has(JSON.stringify(alternative))) alternatives.push(alternative);
    seen.add(JSON.stringify(alternative));
  }
  return Object.freeze({ anyOf: Object.freeze(alternatives), unlessDisabled: true });
}

/** `enabled`, when present, is not `false`. */
function notDisabled(): JsonSchemaObject {
  return { enabled: { not: { const: false } } };
}

function fieldsBranch(fields: readonly string[]): JsonSchemaObject {
  return { type: 'object', required: [...fields], properties: Object.fromEntries(fields.map((field) => [field, { not: { const: '' } }])) };
}

function branchOf(alternative: ConfiguredAlternative): JsonSchemaObject | undefined {
  if (Array.isArray(alternative)) return alternative.length > 0 ? fieldsBranch(alternative) : undefined;
  if ('equals' in alternative) {
    const entries = Object.entries(alternative.equals);
    if (entries.length === 0) return undefined;
    return {
      type: 'object',
      required: entries.map(([field]) => field),
      properties: Object.fromEntries(entries.map(([field, value]) => [field, { const: value }])),
    };
  }
  const entryBranches = (alternative as { inAccount: readonly (readonly string[])[] }).inAccount.filter((fields) => fields.length > 0).map(fieldsBranch);
  if (entryBranches.length === 0) return undefined;
  const entry = { type: 'object', properties: notDisabled(), anyOf: entryBranches };
  // "Some entry matches": not every entry fails to (draft-07 has no "contains" for objects).
  return { type: 'object', required: ['accounts'], properties: { accounts: { type: 'object', not: { additionalProperties: { not: entry } } } } };
}

/**
 * The rule as a JSON Schema (`x-configured-when`), in the subset @switchboard/schemas' `isConfiguredBy`
 * evaluates: `type: "object"`, `required`, `properties`, `additionalProperties`, `anyOf`, `not`, `const`.
 * Undefined when no alternative names anything.
 */
export function configuredRuleSchema(rule: ConfiguredRule): JsonSchemaObject | undefined {
  const branches = rule.anyOf.map(branchOf).filter((branch): branch is JsonSchemaObject => branch !== undefined);
  if (branches.length === 0) return undefined;
  if (!rule.unlessDisabled) return branches.length === 1 ? branches[0] : { anyOf: branches };
  return { type: 'object', properties: notDisabled(), anyOf: branches };
}

/** The plain "all of these fields, for one of these lists" rule as a JSON Schema (no `enabled` check). */
export function configuredWhenSchema(alternatives: readonly (readonly string[])[]): JsonSchemaObject | undefined {
  return configuredRuleSchema({ anyOf: alternatives, unlessDisabled: false });
}
