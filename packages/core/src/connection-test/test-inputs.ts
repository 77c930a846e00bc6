import { type ConnectorPlugin, isCustomConnectionTest, isPlainObject, secretSpecFor } from '@switchboard/sdk';

const NO_SECRETS = new Map();

/**
 * What a connection test's verdict depends on in a config: every secret value (declared or found by
 * key name, at any depth) and the fields the plugin's test reads (a base URL). A result stays valid
 * while this is unchanged. Compared in memory only, never stored: it holds the secrets.
 */
export function testInputsOf(plugin: ConnectorPlugin | undefined, config: Readonly<Record<string, unknown>>): string {
  const secrets = plugin?.secrets ?? NO_SECRETS;
  const inputs: [string, unknown][] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (isPlainObject(value)) {
      for (const key of Object.keys(value).sort()) {
        const child = path ? `${path}.${key}` : key;
        if (secretSpecFor(key, secrets)) inputs.push([child, value[key]]);
        else walk(value[key], child);
      }
    }
  };
  walk(config, '');
  const test = plugin?.test;
  if (test && !isCustomConnectionTest(test) && test.baseUrlField !== undefined) inputs.push([`@base:${test.baseUrlField}`, config[test.baseUrlField]]);
  return JSON.stringify(inputs);
}
