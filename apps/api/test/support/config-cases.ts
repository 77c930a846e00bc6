/**
 * The configs the schema agreement test sends, generated from a published connector schema alone
 * (its types, enums, examples, defaults, patterns and bounds): one place, so every check of "the
 * schema says what the API accepts" runs over the same cases.
 */

type Schema = Record<string, unknown>;

export interface ConfigCase {
  /** What the case is, for a failure message: `empty`, `botToken alone`, `timeoutSeconds: wrong type`, ... */
  label: string;
  config: Record<string, unknown>;
}

/** Values that sit on the edges of what URL, e-mail, UUID and program-path checks accept. */
const EDGE_STRINGS = [
  '',
  ' ',
  'x',
  'not a url',
  'example.com',
  'https://example.com',
  'https://example.com/path?q=1#f',
  'http://127.0.0.1:8080',
  'http://localhost:3000/x',
  'http://[::1]:8080/',
  'https://user:pw@host.example.com:8443/p',
  'https://exa mple.com',
  'https://x',
  'wss://relay.example.com',
  'ws://localhost:7447',
  'ftp://files.example.com',
  'socks5://127.0.0.1:1080',
  'https://example.com:99999',
  'ops@example.com',
  'ops@',
  '00000000-0000-4000-8000-000000000000',
  '6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f',
  'not-a-uuid',
  'imsg',
  '/usr/local/bin/imsg',
  '~/bin/signal-cli',
  '-x',
  'a;b',
  ' imsg',
  'C:\\tools\\imsg.exe',
  '+15551234567',
  '5551234567',
];

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
}

/** The restrictions of a property, also those under an `anyOf` (a cleared `""` beside a pattern). */
function restrictions(schema: Schema): Schema {
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]) : [];
  return Object.assign({}, ...branches, schema) as Schema;
}

/** A value of the property that its schema suggests is valid: an example, an enum value, the default, or one of its type. */
export function sampleValue(schema: Schema): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const rules = restrictions(schema);
  switch (typesOf(schema)[0]) {
    case 'string':
      return rules.pattern ? (EDGE_STRINGS.find((value) => value !== '' && new RegExp(rules.pattern as string, 'u').test(value)) ?? 'sample') : 'sample';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 1;
    case 'boolean':
      return true;
    case 'array': {
      const items = (schema.items ?? {}) as Schema;
      return typesOf(items).length || items.enum || items.pattern ? [sampleValue(items)] : ['sample'];
    }
    case 'object':
      return Object.fromEntries(Object.entries(nestedProperties(schema)).map(([field, property]) => [field, sampleValue(property)]));
    default:
      return 'sample';
  }
}

/** A value of a JSON type the property does not allow (and `null`, which no typed field takes). */
function wrongTypes(schema: Schema): unknown[] {
  const types = typesOf(schema);
  if (types.length === 0) return [];
  const candidates: [string, unknown][] = [
    ['string', 12345],
    ['integer', 'text'],
    ['number', 'text'],
    ['boolean', 'yes'],
    ['array', 'text'],
    ['object', 7],
  ];
  const wrong = candidates.filter(([type]) => types.includes(type)).map(([, value]) => value);
  const allowed = (value: unknown): boolean =>
    (typeof value === 'string' && types.includes('string')) || (typeof value === 'number' && (types.includes('number') || types.includes('integer')));
  return [...wrong.filter((value) => !allowed(value)), null];
}

/** Values on the edges of an enum, a pattern, a format or a numeric bound. */
function boundaryValues(schema: Schema): unknown[] {
  const rules = restrictions(schema);
  const values: unknown[] = [];
  if (Array.isArray(schema.enum)) values.push(...(schema.enum as unknown[]), 'not-one-of-them', '');
  if (typeof rules.pattern === 'string' || typeof rules.format === 'string') values.push(...EDGE_STRINGS);
  if (Array.isArray(schema.examples)) values.push(...(schema.examples as unknown[]));
  for (const bound of ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'] as const) {
    const limit = schema[bound];
    if (typeof limit === 'number') values.push(limit - 1, limit, limit + 1, limit + 0.5);
  }
  if (typesOf(schema).includes('array')) {
    const items = (schema.items ?? {}) as Schema;
    values.push([], ...boundaryValues(items).map((value) => [value]));
  }
  return values;
}

/** The fields an object property declares (a nested DTO's): the cases go inside it too. */
function nestedProperties(schema: Schema): Record<string, Schema> {
  return typeof schema.properties === 'object' && schema.properties !== null ? (schema.properties as Record<string, Schema>) : {};
}

/**
 * For one connector schema: empty; each field alone with a sample; all fields with samples; each field
 * with a wrong type; each field with its boundary values (where it has an enum, pattern, format or bound);
 * the same for the fields of a nested object, inside it (`serve.port: 0`).
 */
export function configCases(schema: Schema): ConfigCase[] {
  const cases: ConfigCase[] = [{ label: 'empty', config: {} }];
  const all: Record<string, unknown> = {};
  const fieldCases = (properties: Record<string, Schema>, path: string, wrap: (value: Record<string, unknown>) => Record<string, unknown>): void => {
    for (const [field, property] of Object.entries(properties)) {
      const label = `${path}${field}`;
      const inside = (value: unknown) => wrap({ [field]: value });
      cases.push({ label: `${label} alone`, config: inside(sampleValue(property)) });
      for (const value of wrongTypes(property)) cases.push({ label: `${label}: wrong type ${JSON.stringify(value)}`, config: inside(value) });
      for (const value of boundaryValues(property)) cases.push({ label: `${label}: ${JSON.stringify(value)}`, config: inside(value) });
      fieldCases(nestedProperties(property), `${label}.`, (value) => inside(value));
    }
  };
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [field, property] of Object.entries(properties)) all[field] = sampleValue(property);
  fieldCases(properties, '', (value) => value);
  cases.push({ label: 'all fields', config: all });
  return cases;
}

/** Every field name a configured rule mentions (in `required` or `properties`, at any depth). */
function ruleFields(rule: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(rule)) rule.forEach((item) => ruleFields(item, into));
  else if (typeof rule === 'object' && rule !== null) {
    const node = rule as Schema;
    if (Array.isArray(node.required)) node.required.forEach((field) => into.add(String(field)));
    if (typeof node.properties === 'object' && node.properties !== null) Object.keys(node.properties).forEach((field) => into.add(field));
    Object.values(node).forEach((value) => ruleFields(value, into));
  }
  return into;
}

/**
 * For the "configured" rule (`x-configured-when`): each field it names alone (a sample and `""`),
 * with `enabled` false and true, every pair, and in an enabled and a disabled `accounts` entry.
 */
export function configuredCases(schema: Schema): ConfigCase[] {
  const rule = schema['x-configured-when'];
  if (rule === undefined) return [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const fields = [...ruleFields(rule)].filter((field) => field !== 'enabled' && field !== 'accounts');
  const sample = (field: string): unknown => (properties[field] ? sampleValue(properties[field]) : 'sample');
  const cases: ConfigCase[] = [
    { label: 'rule: enabled true', config: { enabled: true } },
    { label: 'rule: enabled false', config: { enabled: false } },
  ];
  for (const field of fields) {
    cases.push(
      { label: `rule: ${field}`, config: { [field]: sample(field) } },
      { label: `rule: ${field} ""`, config: { [field]: '' } },
      { label: `rule: ${field}, disabled`, config: { [field]: sample(field), enabled: false } },
      { label: `rule: ${field} in an account`, config: { accounts: { main: { [field]: sample(field) } } } },
      { label: `rule: ${field} in a disabled account`, config: { accounts: { main: { [field]: sample(field), enabled: false } } } },
    );
    for (const other of fields)
      if (field < other) cases.push({ label: `rule: ${field} and ${other}`, config: { [field]: sample(field), [other]: sample(other) } });
  }
  return cases;
}
