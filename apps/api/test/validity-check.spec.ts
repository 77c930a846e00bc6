// Every bundled plugin's config is validated by the sdk's compiled check first (class-validator only
// words the problems of configs it refuses): the check must decide exactly as class-validator does.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { type ConnectorPlugin, classValidatorProblems, validityCheckOf } from '@switchboard/sdk';
import fc from 'fast-check';
import { discoverPlugins } from '../src/plugins.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** Values that pass or nearly pass the usual constraints (URLs, tokens, phones, paths), and junk. */
const TYPICAL = [
  'https://example.com/hook',
  'http://user:pw@proxy.example.com:3128',
  'example.com',
  'not a url',
  '',
  '123456:ABC-DEF',
  'xoxb-1-2-abc',
  '+14155550100',
  '4155550100',
  'ops@example.com',
  'ops@',
  '*',
  '/usr/local/bin/signal-cli',
  'signal-cli; rm -rf /',
  'ghp_abc',
  '00000000-0000-4000-8000-000000000000',
];

const generic = fc.oneof(
  fc.constantFrom(...TYPICAL),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -3, max: 70_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.constantFrom(...TYPICAL), fc.integer({ min: -1, max: 99 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string({ maxLength: 4 }), fc.integer())),
);

/**
 * An object of any subset of these fields, each from its own schema's hints or from `generic`; a
 * nested object's (OptionalNested) made the same way from its own fields, or `generic`.
 */
function objectOf(properties: Record<string, Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, schema] of Object.entries(properties)) {
    const hinted = [...((schema.enum as unknown[]) ?? []), ...((schema.examples as unknown[]) ?? [])];
    if (schema.default !== undefined) hinted.push(schema.default);
    const nested = schema.properties as Record<string, Record<string, unknown>> | undefined;
    fields[name] = nested
      ? fc.oneof({ arbitrary: objectOf(nested), weight: 3 }, { arbitrary: generic, weight: 1 })
      : hinted.length
        ? fc.oneof({ arbitrary: fc.constantFrom(...hinted), weight: 3 }, { arbitrary: generic, weight: 1 })
        : generic;
  }
  return fc.record(fields, { requiredKeys: [] });
}

function configOf(plugin: ConnectorPlugin): fc.Arbitrary<Record<string, unknown>> {
  return objectOf((plugin.jsonSchema().properties ?? {}) as Record<string, Record<string, unknown>>);
}

describe('the compiled validity check of every bundled plugin', () => {
  let plugins: ConnectorPlugin[] = [];
  beforeAll(async () => {
    plugins = await discoverPlugins(new URL('../package.json', import.meta.url));
  });

  it('exists for each of them (none falls back to class-validator for every config)', () => {
    expect(plugins.length).toBeGreaterThanOrEqual(44);
    expect(plugins.filter((plugin) => !validityCheckOf(plugin.config)).map((plugin) => plugin.type)).toEqual([]);
  });

  it('accepts exactly the configs class-validator accepts (random configs, all plugins)', () => {
    let accepted = 0;
    let refused = 0;
    for (const plugin of plugins) {
      const check = validityCheckOf(plugin.config)!;
      fc.assert(
        fc.property(configOf(plugin), (config) => {
          const valid = classValidatorProblems(plugin.config, config).length === 0;
          if (valid) accepted++;
          else refused++;
          expect({ type: plugin.type, config, valid: check(config) }).toEqual({ type: plugin.type, config, valid });
        }),
        { numRuns: RUNS },
      );
    }
    // Both answers were exercised, in bulk: a generator that only made invalid configs would prove little.
    expect(accepted).toBeGreaterThan(plugins.length * RUNS * 0.1);
    expect(refused).toBeGreaterThan(plugins.length * RUNS * 0.1);
  });
});
