import { describe, expect, it } from '@jest/globals';
import { getMetadataStorage } from 'class-validator';
import { isCustomConnectionTest, placeholdersOf } from '../connection-test/declaration.js';
import type { ConnectorPlugin } from '../define-connector.js';
import { isPlainObject } from '../sanitize.js';
import { classValidatorProblems } from '../validation.js';
import { validityCheckOf } from '../validity-check.js';

export interface InvalidSample {
  config: Record<string, unknown>;
  /** The field the validation message must name. */
  field: string;
}

export interface ConnectorContract {
  /** Valid configs; together they must set every secret field the plugin declares. */
  valid: Record<string, unknown>[];
  invalid: InvalidSample[];
  /** Exact masks expected for the first valid sample, e.g. `{ botToken: '****:****' }`. */
  masks?: Record<string, string>;
}

/** Every string under a declared secret field, at any depth: what must never be served. */
export function secretValuesIn(config: unknown, plugin: ConnectorPlugin): string[] {
  const found: string[] = [];
  const visit = (value: unknown, underSecret: boolean): void => {
    if (typeof value === 'string' && underSecret && value.length > 0) found.push(value);
    else if (Array.isArray(value)) value.forEach((item) => visit(item, underSecret));
    else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) visit(item, underSecret || plugin.secrets.has(key));
    }
  };
  visit(config, false);
  return found;
}

/** What the generator writes where a person must fill in text: the contract refuses it until they do. */
const PLACEHOLDER = /\bTODO\b/;

/** Why `url` cannot serve as a docs link (undefined when it can): https, a real host, no placeholder. */
export function docsLinkProblem(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return 'missing';
  if (PLACEHOLDER.test(url)) return 'still the generated placeholder';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'https:') return 'not https';
  if (/(^|\.)example\.(com|org|net)$/.test(parsed.hostname)) return 'an example.com placeholder';
  return undefined;
}

/** Why a field description does not do its job (undefined when it does): one line, filled in. */
export function fieldDescriptionProblem(description: unknown): string | undefined {
  if (typeof description !== 'string' || description.trim() === '') return 'missing';
  if (description.includes('\n')) return 'more than one line';
  if (PLACEHOLDER.test(description)) return 'still the generated placeholder';
  return undefined;
}

function declaredProperties(plugin: ConnectorPlugin): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(plugin.config, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/**
 * The shared contract every connector package runs: validation, redaction of every secret field,
 * the secret round trip, and the JSON Schema.
 */
export function describeConnectorContract(plugin: ConnectorPlugin, contract: ConnectorContract): void {
  describe(`connector "${plugin.type}" contract`, () => {
    it('has a well-formed identity', () => {
      expect(plugin.type).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(plugin.displayName.length).toBeGreaterThan(0);
      for (const alias of plugin.aliases) expect(alias).not.toBe(plugin.type);
    });

    it('accepts every valid sample', () => {
      expect(contract.valid.length).toBeGreaterThan(0);
      for (const config of contract.valid) expect(plugin.validate(config)).toEqual([]);
    });

    it('decides validity as class-validator does, where a compiled check exists', () => {
      const check = validityCheckOf(plugin.config);
      const samples = [{}, ...contract.valid, ...contract.invalid.map((sample) => sample.config)];
      for (const config of check ? samples : []) {
        expect({ config, valid: check!(config) }).toEqual({ config, valid: classValidatorProblems(plugin.config, config).length === 0 });
      }
    });

    it('accepts a partial config (saved before the credentials are known)', () => {
      expect(plugin.validate({})).toEqual([]);
    });

    for (const sample of contract.invalid) {
      it(`rejects a bad ${sample.field} with a message naming it`, () => {
        const problems = plugin.validate(sample.config);
        expect(problems.map((p) => p.field)).toContain(sample.field);
        for (const problem of problems) expect(problem.message.startsWith(problem.field)).toBe(true);
      });
    }

    it('has samples that set every declared secret field', () => {
      const covered = new Set(contract.valid.flatMap((config) => Object.keys(config)));
      for (const field of plugin.secrets.keys()) expect(covered).toContain(field);
    });

    it('never serves a secret value', () => {
      for (const config of contract.valid) {
        const served = JSON.stringify(plugin.redact(config));
        const secrets = secretValuesIn(config, plugin);
        for (const secret of secrets) expect(served).not.toContain(secret);
      }
    });

    if (contract.masks) {
      const masks = contract.masks;
      it('masks secrets by their declared rules', () => {
        const redacted = plugin.redact(contract.valid[0]) as Record<string, unknown>;
        for (const [field, mask] of Object.entries(masks)) expect(redacted[field]).toBe(mask);
      });
    }

    it('keeps stored secrets when the redacted config is sent back (round trip)', () => {
      for (const config of contract.valid) {
        const result = plugin.restore(plugin.redact(config), config);
        expect(result.unresolvedMasks).toEqual([]);
        expect(result.value).toEqual(config);
      }
    });

    if (plugin.test && !isCustomConnectionTest(plugin.test)) {
      const test = plugin.test;
      it('has a connection test that reads only fields the config declares', () => {
        const templates = [test.path, ...Object.values(test.headers ?? {}), ...(test.basicAuth ? [test.basicAuth.username, test.basicAuth.password] : [])];
        const read = [...templates.flatMap((template) => placeholdersOf(template).flat()), ...(test.baseUrlField ? [test.baseUrlField] : [])];
        const declared = declaredProperties(plugin);
        for (const field of read) expect({ field, declared: declared.includes(field) }).toEqual({ field, declared: true });
      });
    }

    it('reads like a declaration: a docs link, and a one-line description on every field', () => {
      expect({ docsUrl: plugin.docsUrl, problem: docsLinkProblem(plugin.docsUrl) }).toEqual({ docsUrl: plugin.docsUrl, problem: undefined });
      // A nested object's fields (OptionalNested) are form fields too: `serve.port`.
      const check = (properties: Record<string, Record<string, unknown>>, prefix: string): void => {
        for (const [key, property] of Object.entries(properties)) {
          const field = `${prefix}${key}`;
          expect({ field, description: fieldDescriptionProblem(property.description) }).toEqual({ field, description: undefined });
          const link = property['x-docs-url'] as string | undefined;
          if (link !== undefined) expect({ field, docsUrl: docsLinkProblem(link) }).toEqual({ field, docsUrl: undefined });
          if (isPlainObject(property.properties)) check(property.properties as Record<string, Record<string, unknown>>, `${field}.`);
        }
      };
      check(plugin.jsonSchema().properties as Record<string, Record<string, unknown>>, '');
    });

    it('publishes a JSON Schema with every declared field and its secrets flagged', () => {
      const schema = plugin.jsonSchema();
      expect(schema.type).toBe('object');
      expect(schema.title).toBe(plugin.displayName);
      const properties = schema.properties as Record<string, Record<string, unknown>>;
      for (const field of declaredProperties(plugin)) expect(Object.keys(properties)).toContain(field);
      for (const [field, spec] of plugin.secrets) expect(properties[field]?.['x-secret']).toBe(spec.rule);
    });
  });
}
