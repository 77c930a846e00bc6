import 'reflect-metadata';
import { type ConnectionTestDeclaration, checkConnectionTest } from './connection-test/declaration.js';
import { type ConfiguredAlternative, type ConfiguredRule, configuredRuleOf } from './configured-rule.js';
import { type JsonSchemaObject, configJsonSchema } from './json-schema.js';
import { redactConfig } from './redaction/redact.js';
import { type RestoreResult, restoreSecrets } from './redaction/restore.js';
import { type SecretSpec, secretFieldsOf } from './secret.js';
import { type FieldProblem, validateConfig } from './validation.js';

export interface ConnectorDefinition<C extends object = object> {
  /** Stable key: the Eliza `connectors` map key and the ilert `type`. Lowercase, digits, `_`. */
  type: string;
  /** Other names clients use for the same platform (ilert types, display spellings). */
  aliases?: readonly string[];
  displayName: string;
  /** One line: what the connector connects. */
  description?: string;
  /** Where the platform documents its credentials. */
  docsUrl?: string;
  /** The class-validator DTO of the config. */
  config: new () => C;
  /**
   * Whether the Eliza agent runtime reads `connectors.<type>`: then its generic "configured" rule
   * applies (eliza-connector-fields.md 1.2: `enabled: false` never counts, a `botToken`, `token` or
   * `apiKey` always does), added by the sdk, and `configuredWhen` states only the connector's own part.
   */
  elizaRuntime?: boolean;
  /**
   * What the connector needs to count as configured (the runtime's rule): alternatives, any one
   * suffices (see ConfiguredAlternative). Default for an Eliza connector: only the generic rule; for
   * any other, one alternative, the DTO's fields declared without `@IsOptional()`. Published as
   * `x-configured-when`; the API accepts a config either way.
   */
  configuredWhen?: readonly ConfiguredAlternative[];
  /** How to prove the credentials work (a "who am I" request); without it a test answers `not_supported`. */
  test?: ConnectionTestDeclaration;
}

export interface ConnectorPlugin<C extends object = object> {
  readonly type: string;
  readonly aliases: readonly string[];
  readonly displayName: string;
  readonly description: string;
  readonly docsUrl: string | undefined;
  readonly config: new () => C;
  /** Whether the Eliza runtime reads this connector's config (its configured rule applies). */
  readonly elizaRuntime: boolean;
  /** The configured rule (with the Eliza runtime's generic part); undefined: derived from the DTO. */
  readonly configuredWhen: ConfiguredRule | undefined;
  /** The connection test, when the platform has a cheap "who am I" call. */
  readonly test: ConnectionTestDeclaration | undefined;
  /** Secret field name -> redaction rule. */
  readonly secrets: ReadonlyMap<string, SecretSpec>;
  /** Field-level problems of a (possibly partial) config; empty when valid. */
  validate(config: Record<string, unknown>): FieldProblem[];
  /** A redacted deep copy: declared secrets by rule, everything else by key-name heuristics. */
  redact(config: unknown): unknown;
  /** The round trip: masks that were served for `stored` come back as the stored secrets. */
  restore(incoming: unknown, stored: unknown): RestoreResult;
  /** JSON Schema of the config (draft-07 style, secrets flagged `x-secret`). */
  jsonSchema(): JsonSchemaObject;
}

const PLUGIN_BRAND = Symbol.for('switchboard.connector-plugin');
const TYPE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

export function defineConnector<C extends object>(definition: ConnectorDefinition<C>): ConnectorPlugin<C> {
  const { type, displayName, config } = definition;
  if (!TYPE_PATTERN.test(type)) throw new TypeError(`connector type "${type}" must match ${TYPE_PATTERN}`);
  if (!displayName) throw new TypeError(`connector "${type}" needs a displayName`);
  if (typeof config !== 'function') throw new TypeError(`connector "${type}" needs a config class`);
  if (definition.test !== undefined) checkConnectionTest(type, definition.test);
  const secrets = secretFieldsOf(config);
  let schema: JsonSchemaObject | undefined;
  const plugin: ConnectorPlugin<C> = {
    type,
    aliases: Object.freeze([...(definition.aliases ?? [])]),
    displayName,
    description: definition.description ?? '',
    docsUrl: definition.docsUrl,
    config,
    elizaRuntime: definition.elizaRuntime === true,
    configuredWhen: configuredRuleOf(definition.configuredWhen, definition.elizaRuntime === true),
    test: definition.test === undefined ? undefined : Object.freeze({ ...definition.test }),
    secrets,
    validate: (value) => validateConfig(config, value),
    redact: (value) => redactConfig(value, secrets),
    restore: (incoming, stored) => restoreSecrets(incoming, stored, secrets),
    jsonSchema: () => (schema ??= configJsonSchema(plugin)),
  };
  Object.defineProperty(plugin, PLUGIN_BRAND, { value: true });
  return Object.freeze(plugin);
}

/** True for a value made by defineConnector (of any copy of the sdk). */
export function isConnectorPlugin(value: unknown): value is ConnectorPlugin {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true;
}

/**
 * A plugin's entry in the connector-type catalog: what a UI needs to render a form for its config.
 * Built here once, for the service's `GET /api/connector-types` and for @switchboard/schemas'
 * generated `CONNECTOR_CATALOG` (whose `ConnectorTypeInfo` type both are checked against).
 */
export function catalogEntryOf(plugin: ConnectorPlugin) {
  return {
    type: plugin.type,
    aliases: [...plugin.aliases],
    displayName: plugin.displayName,
    description: plugin.description,
    docsUrl: plugin.docsUrl ?? null,
    secretFields: [...plugin.secrets].map(([field, spec]) => ({ field, redact: spec.rule })),
    connectionTest: plugin.test !== undefined,
    schema: plugin.jsonSchema(),
  };
}
