// The published "configured" rule (x-configured-when) of every connector type: the package's own
// evaluator (isConfiguredBy, for pages that cannot compile a validator) gives Ajv's verdict on
// generated configs, and for the connectors the Eliza runtime reads the verdict is the runtime's
// (eliza-connector-fields.md 1.2, written out below as the runtime states it).
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import * as schemas from '@switchboard/schemas';

type Config = Record<string, unknown>;

/** The keys the Eliza runtime reads (eliza-connector-fields.md section 1, the 28 display names). */
const ELIZA_TYPES = [
  'blooio',
  'bluebubbles',
  'bluesky',
  'discord',
  'farcaster',
  'feishu',
  'github',
  'gmailwatch',
  'googlechat',
  'imessage',
  'instagram',
  'lens',
  'line',
  'matrix',
  'mattermost',
  'msteams',
  'nextcloudtalk',
  'nostr',
  'signal',
  'slack',
  'telegram',
  'tlon',
  'twilio',
  'twitch',
  'twitter',
  'wechat',
  'whatsapp',
  'zalo',
];

const SIGNAL_FIELDS = ['account', 'httpUrl', 'httpHost', 'httpPort', 'cliPath'];

function isObject(value: unknown): value is Config {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The runtime's rule, section 1.2, in its own terms (truthy values). */
function runtimeSaysConfigured(type: string, config: Config): boolean {
  if (config.enabled === false) return false;
  if (config.botToken || config.token || config.apiKey) return true;
  const enabledAccountHas = (fields: string[]): boolean =>
    isObject(config.accounts) &&
    Object.values(config.accounts).some((entry) => isObject(entry) && entry.enabled !== false && fields.some((field) => entry[field]));
  switch (type) {
    case 'bluebubbles':
      return Boolean(config.serverUrl && config.password);
    case 'imessage':
      return Boolean(config.cliPath);
    case 'signal':
      return SIGNAL_FIELDS.some((field) => config[field]) || enabledAccountHas(SIGNAL_FIELDS);
    case 'whatsapp':
      return Boolean(config.authState || config.sessionPath || config.authDir) || enabledAccountHas(['authDir']);
    case 'twitch':
      return Boolean(config.accessToken || config.clientId || config.enabled === true);
    default:
      return false;
  }
}

/** Every field name a rule mentions (in `required` or `properties`, at any depth). */
function fieldsOf(rule: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(rule)) rule.forEach((item) => fieldsOf(item, into));
  else if (isObject(rule)) {
    if (Array.isArray(rule.required)) rule.required.forEach((field) => into.add(String(field)));
    if (isObject(rule.properties)) Object.keys(rule.properties).forEach((field) => into.add(field));
    Object.values(rule).forEach((value) => fieldsOf(value, into));
  }
  return into;
}

/**
 * Configs around a rule: empty, each field alone, every pair, all of them, each with `enabled` false
 * and true, and `accounts` maps with enabled, disabled, empty and malformed entries; `values` are what
 * a field holds when present (`filled` stands for a real value, `""` for a cleared one).
 */
function configsAround(fields: string[], values: unknown[]): Config[] {
  const configs: Config[] = [{}, { enabled: true }, { enabled: false }, { accounts: {} }, { accounts: 'x' }, { accounts: { a: 'x' } }, { accounts: { a: {} } }];
  for (const field of fields) {
    for (const value of values) {
      configs.push({ [field]: value }, { [field]: value, enabled: false }, { [field]: value, enabled: true });
      configs.push({ accounts: { a: { [field]: value } } }, { accounts: { a: { [field]: value, enabled: false } } });
      configs.push({ accounts: { a: { [field]: value, enabled: false }, b: { [field]: value } } }, { accounts: { a: { [field]: value } }, enabled: false });
    }
  }
  for (const first of fields)
    for (const second of fields) if (first < second) configs.push({ [first]: 'filled', [second]: 'filled' }, { [first]: 'filled', [second]: '' });
  const all = Object.fromEntries(fields.map((field) => [field, 'filled']));
  configs.push(all, { ...all, enabled: false }, { ...all, enabled: true }, { accounts: { a: all } });
  return configs;
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const GENERIC = ['botToken', 'token', 'apiKey', 'enabled', 'accounts'];

describe('x-configured-when', () => {
  it.each([...schemas.CONNECTOR_TYPES])("%s: isConfiguredBy gives Ajv's verdict on every generated config", (type) => {
    const rule = schemas.CONNECTOR_CATALOG[type].schema['x-configured-when'];
    if (rule === undefined) {
      // A type whose every field is optional publishes no rule: any non-empty config counts.
      expect(ELIZA_TYPES).not.toContain(type);
      expect([schemas.isConnectorConfigured(type, {}), schemas.isConnectorConfigured(type, { authorization: '' })]).toEqual([false, true]);
      return;
    }
    const validate = ajv.compile(rule as object);
    const fields = [...new Set([...fieldsOf(rule), ...GENERIC])];
    const configs = configsAround(fields, ['filled', '', 0, 1, true, false, null, [], {}]);
    const disagreements = configs
      .filter((config) => schemas.isConfiguredBy(rule, config) !== validate(config))
      .map((config) => `${JSON.stringify(config)}: Ajv ${String(validate(config))}`);
    expect(disagreements).toEqual([]);
  });

  it.each(ELIZA_TYPES)('%s: says configured exactly when the Eliza runtime does', (type) => {
    expect(schemas.CONNECTOR_TYPES).toContain(type);
    const rule = schemas.CONNECTOR_CATALOG[type as schemas.ConnectorType].schema['x-configured-when'];
    // The fields of the runtime's rules (those a connector does not know included), as strings the API stores.
    const fields = [
      ...new Set([...fieldsOf(rule), ...GENERIC, 'serverUrl', 'password', 'cliPath', 'authDir', 'authState', 'accessToken', 'clientId', ...SIGNAL_FIELDS]),
    ];
    const disagreements = configsAround(fields, ['filled', ''])
      .filter((config) => schemas.isConnectorConfigured(type, config) !== runtimeSaysConfigured(type, config))
      .map((config) => `${JSON.stringify(config)}: runtime ${String(runtimeSaysConfigured(type, config))}`);
    expect(disagreements).toEqual([]);
  });

  it('keeps the DTO-derived rule of the connectors the runtime does not read', () => {
    const others = schemas.CONNECTOR_TYPES.filter((type) => !ELIZA_TYPES.includes(type));
    expect(others.length).toBe(schemas.CONNECTOR_TYPES.length - ELIZA_TYPES.length);
    for (const type of others)
      expect({ type, rule: schemas.CONNECTOR_CATALOG[type].schema['x-configured-when'] }).not.toMatchObject({ rule: { properties: { enabled: {} } } });
    expect(schemas.isConnectorConfigured('jira', { url: 'https://team.atlassian.net', email: 'ops@example.com', password: '****', enabled: false })).toBe(true);
    expect(schemas.isConnectorConfigured('jira', { token: 'x' })).toBe(false);
  });

  it('refuses a keyword outside its subset instead of guessing', () => {
    expect(() => schemas.isConfiguredBy({ required: ['a'], minProperties: 1 }, { a: 1 })).toThrow('minProperties');
    expect(() => schemas.isConfiguredBy({ type: 'string' }, {})).toThrow('type');
    expect(() => schemas.isConfiguredBy({ properties: { a: { const: { b: 1 } } } }, { a: { b: 1 } })).toThrow('const');
    expect(() => schemas.isConfiguredBy('botToken', {})).toThrow();
  });
});
