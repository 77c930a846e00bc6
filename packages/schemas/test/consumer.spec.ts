// Uses @switchboard/schemas the way another app would: the BUILT package by name, validated with a
// stock JSON Schema validator (Ajv), with no NestJS, class-validator or Node-only code behind it.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import * as schemas from '@switchboard/schemas';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(packageDir, 'dist');
const repoRoot = resolve(packageDir, '..', '..');

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  switchboard?: { connector?: boolean };
}

function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** What a consumer does: Ajv 8 (draft-07 by default), strict but with union types, formats, and our extension keywords. */
function newAjv(options: { coerceTypes?: boolean; useDefaults?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, ...options });
  ajvFormats.default(ajv);
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-docs-url', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-configured-when', schemaType: 'object' });
  return ajv;
}

const ajv = newAjv();
const compiled = new Map<object, ValidateFunction>();
function check(schema: object, value: unknown): { valid: boolean; errors: string } {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  const valid = validate(value);
  return { valid, errors: ajv.errorsText(validate.errors) };
}
function expectValid(schema: object, value: unknown): void {
  const result = check(schema, value);
  expect(result.errors).toBe('No errors');
  expect(result.valid).toBe(true);
}
function expectInvalid(schema: object, value: unknown, mention?: string): void {
  const result = check(schema, value);
  expect(result.valid).toBe(false);
  if (mention !== undefined) expect(result.errors).toContain(mention);
}

describe('@switchboard/schemas is imported by name from its build', () => {
  it('resolves to dist/index.js', () => {
    const resolved = createRequire(join(packageDir, 'package.json')).resolve('@switchboard/schemas');
    expect(relative(packageDir, resolved)).toBe(join('dist', 'index.js'));
    expect(typeof schemas.elizaConnectorsResponseSchema).toBe('object');
  });
});

describe('Eliza surface payloads', () => {
  it('validates the connectors map', () => {
    const schema = schemas.elizaConnectorsResponseSchema;
    const sample: schemas.ElizaConnectorsResponse = { connectors: { telegram: { botToken: '****:****', dmPolicy: 'pairing' }, discord: { token: '****' } } };
    expectValid(schema, sample);
    expectValid(schema, { connectors: {} });
    expectInvalid(schema, {}, "must have required property 'connectors'");
    expectInvalid(schema, { connectors: { telegram: 'token' } }, 'must be object');
    expectInvalid(schema, { connectors: [] }, 'must be object');
    expectInvalid(schema, { connectors: {}, extra: true }, 'must NOT have additional properties');
  });

  it('validates the POST body', () => {
    const schema = schemas.elizaPutConnectorRequestSchema;
    const sample: schemas.ElizaPutConnectorRequest = { name: 'telegram', config: { botToken: '123456:ABC-DEF' } };
    expectValid(schema, sample);
    expectValid(schema, { name: ' my bot ', config: {} });
    expectInvalid(schema, { config: {} }, "must have required property 'name'");
    expectInvalid(schema, { name: 'telegram' }, "must have required property 'config'");
    expectInvalid(schema, { name: 'telegram', config: 'botToken=1' }, 'must be object');
    expectInvalid(schema, { name: '', config: {} });
    expectInvalid(schema, { name: '   ', config: {} }, 'must match pattern');
    expectInvalid(schema, { name: 'tele\ngram', config: {} }, 'must match pattern');
    expectInvalid(schema, { name: '$include', config: {} }, 'must match pattern');
    expectInvalid(schema, { name: '  $x', config: {} }, 'must match pattern');
    expectValid(schema, { name: 'price$', config: {} });
    for (const name of schemas.RESERVED_CONNECTOR_NAMES) expectInvalid(schema, { name, config: {} }, 'must NOT be valid');
  });

  it('validates the error shape', () => {
    const sample: schemas.ElizaError = { error: 'Missing connector name' };
    expectValid(schemas.elizaErrorSchema, sample);
    expectInvalid(schemas.elizaErrorSchema, { message: 'Missing connector name' }, "must have required property 'error'");
    expectInvalid(schemas.elizaErrorSchema, { status: 400, message: 'x', code: 'BAD_REQUEST' });
  });
});

describe('ilert surface payloads', () => {
  const connector: schemas.IlertConnector = {
    id: '2f0c6c1e-8a51-4b8e-9a53-0d1f1d0c7a11',
    type: 'jira',
    name: 'ops-jira',
    createdAt: '2026-03-01T12:00:00.000Z',
    updatedAt: '2026-03-01T12:00:00.000Z',
    params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: '****' },
  };

  it('validates a connector and a page of them', () => {
    expectValid(schemas.ilertConnectorSchema, connector);
    expectValid(schemas.ilertConnectorSchema, { ...connector, type: 'telegram', params: { botToken: '****:****' } });
    expectInvalid(schemas.ilertConnectorSchema, { ...connector, createdAt: 'yesterday' }, 'must match format "date-time"');
    const { params: _params, ...withoutParams } = connector;
    expectInvalid(schemas.ilertConnectorSchema, withoutParams, "must have required property 'params'");
    expectInvalid(schemas.ilertConnectorSchema, { ...connector, id: 42 }, 'must be string');
    expectValid(schemas.ilertConnectorListSchema, [connector, { ...connector, id: 'x', name: 'second' }]);
    expectValid(schemas.ilertConnectorListSchema, []);
    expectInvalid(schemas.ilertConnectorListSchema, { connectors: [connector] }, 'must be array');
  });

  it('validates the create/update body', () => {
    const input: schemas.IlertConnectorInput = {
      name: 'ops-jira',
      type: 'jira',
      params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: 'api-token' },
    };
    expectValid(schemas.ilertConnectorInputSchema, input);
    expectValid(schemas.ilertConnectorInputSchema, { name: 'ops-slack', type: 'slack', params: null });
    expectValid(schemas.ilertConnectorInputSchema, connector); // ilert clients send the whole connector back
    expectInvalid(schemas.ilertConnectorInputSchema, { name: 'ops-jira' }, "must have required property 'type'");
    expectInvalid(schemas.ilertConnectorInputSchema, { name: 'ops-jira', type: 'jira', params: [] }, 'must be object,null');
  });

  it('validates the error shape and the connector type enum', () => {
    const error: schemas.IlertError = { status: 404, message: 'No connector with id "x"', code: 'NOT_FOUND' };
    expectValid(schemas.ilertErrorSchema, error);
    expectInvalid(schemas.ilertErrorSchema, { ...error, status: '404' }, 'must be integer');
    expectInvalid(schemas.ilertErrorSchema, { error: 'Not found' });
    expect(schemas.ILERT_CONNECTOR_TYPES).toHaveLength(16);
    const type: schemas.IlertConnectorType = 'microsoft_teams_bot';
    expectValid(schemas.ilertConnectorTypeSchema, type);
    expectInvalid(schemas.ilertConnectorTypeSchema, 'telegram', 'must be equal to one of the allowed values');
  });

  it('validates the paging query as it arrives (strings, coerced)', () => {
    const coercing = newAjv({ coerceTypes: true, useDefaults: true });
    const validate = coercing.compile(schemas.ilertPagingQuerySchema);
    const query: Record<string, unknown> = { 'start-index': '0', 'max-results': '100' };
    expect(validate(query)).toBe(true);
    expect(query).toEqual({ 'start-index': 0, 'max-results': 100 });
    const defaults: Record<string, unknown> = {};
    expect(validate(defaults)).toBe(true);
    expect(defaults).toEqual({ 'start-index': 0, 'max-results': 50 });
    for (const bad of [{ 'max-results': '101' }, { 'max-results': '0' }, { 'start-index': '-1' }, { 'start-index': 'ten' }]) {
      expect(validate({ ...bad })).toBe(false);
    }
  });
});

describe('connector config schemas', () => {
  const telegram = schemas.CONNECTOR_CATALOG.telegram.schema;
  const jira = schemas.CONNECTOR_CATALOG.jira.schema;

  it('validates a Telegram config', () => {
    const config: schemas.TelegramConfig = { botToken: '123456:ABC-DEF1234ghIkl', dmPolicy: 'pairing', streamMode: 'partial' };
    expectValid(telegram, config);
    expectValid(telegram, { botToken: '987:zz_top', accounts: { second: { botToken: '555:second' } } });
    expectInvalid(telegram, { botToken: 'no-colon-here' }, 'data/botToken must match pattern');
    expectInvalid(telegram, { botToken: '1:a', streamMode: 'sometimes' }, 'data/streamMode must be equal to one of the allowed values');
    expectInvalid(telegram, { botToken: '1:a', timeoutSeconds: -1 }, 'data/timeoutSeconds must be > 0');
    // Saved before the token is known: accepted, and not configured yet.
    expectValid(telegram, { dmPolicy: 'pairing' });
    expectValid(telegram, { tokenFile: '/run/secrets/telegram' });
    expectValid(telegram, {});
    expect(telegram).not.toHaveProperty('required');
    expectInvalid(telegram, { dmPolicy: 'open', allowFrom: ['42'] }, 'data must match "then" schema');
    expectInvalid(telegram, { botToken: null }, 'data/botToken must be string');
  });

  it('publishes what makes a connector configured apart from what the API accepts', () => {
    const configured = ajv.compile(telegram['x-configured-when'] as object);
    expect(configured({ botToken: '123456:ABC-DEF' })).toBe(true);
    expect(configured({ botToken: '' })).toBe(false);
    expect(configured({ tokenFile: '/run/secrets/telegram' })).toBe(false);
    expect(schemas.isConnectorConfigured('telegram', { botToken: '****:****' })).toBe(true);
    expect(schemas.isConnectorConfigured('telegram', { botToken: '' })).toBe(false);
    expect(schemas.isConnectorConfigured('telegram', { dmPolicy: 'pairing' })).toBe(false);
    expect(schemas.isConnectorConfigured('jira', { url: 'https://team.atlassian.net', email: 'ops@example.com', password: '****' })).toBe(true);
    expect(schemas.isConnectorConfigured('jira', { url: 'https://team.atlassian.net', email: 'ops@example.com' })).toBe(false);
    expect(schemas.isConnectorConfigured('no-such-type', {})).toBe(false);
    expect(schemas.isConnectorConfigured('no-such-type', { anything: 1 })).toBe(true);
  });

  it('says what URL and program fields accept as the API does (loopback hosts, wss relays)', () => {
    const bluebubbles = schemas.CONNECTOR_CATALOG.bluebubbles.schema;
    const nostr = schemas.CONNECTOR_CATALOG.nostr.schema;
    const imessage = schemas.CONNECTOR_CATALOG.imessage.schema;
    expectValid(bluebubbles, { serverUrl: 'http://127.0.0.1:8080' });
    expectInvalid(bluebubbles, { serverUrl: 'not a url' });
    expectValid(nostr, { relays: ['wss://relay.example.com'] });
    expectInvalid(nostr, { relays: ['https://relay.example.com'] });
    expectValid(imessage, { cliPath: '/usr/local/bin/imsg' });
    expectInvalid(imessage, { cliPath: 42 }, 'data/cliPath must be string');
    expectInvalid(imessage, { cliPath: 'imsg; rm -rf /' });
  });

  it('validates a Jira config', () => {
    const config: schemas.JiraConfig = { url: 'https://team.atlassian.net', email: 'ops@example.com', password: 'api-token' };
    expectValid(jira, config);
    expectInvalid(jira, { ...config, email: 'not-an-email' }, 'data/email must match format "email"');
    expectValid(jira, { url: config.url, email: config.email });
    expectInvalid(jira, { ...config, password: 42 }, 'data/password must be string');
  });

  it('resolves types, aliases and display names in any spelling', () => {
    expect(schemas.resolveConnectorType('telegram')).toBe('telegram');
    expect(schemas.resolveConnectorType('microsoft_teams_bot')).toBe('msteams');
    for (const name of ['MS Teams', 'ms-teams', 'MICROSOFT_TEAMS_BOT', 'msteams']) expect(schemas.resolveConnectorType(name)).toBe('msteams');
    expect(schemas.resolveConnectorType('')).toBeUndefined();
    expect(schemas.resolveConnectorType('__proto__')).toBeUndefined();
    expect(schemas.resolveConnectorType('toString')).toBeUndefined();
    expect(schemas.connectorTypeInfo('lark')?.displayName).toBe(schemas.CONNECTOR_CATALOG.feishu.displayName);
  });

  it('every catalog schema compiles under Ajv strict mode', () => {
    for (const type of schemas.CONNECTOR_TYPES) expect(() => ajv.compile(schemas.CONNECTOR_CATALOG[type].schema)).not.toThrow();
    for (const schema of [schemas.connectorTypesResponseSchema, schemas.healthResponseSchema, schemas.readyResponseSchema]) {
      expect(() => ajv.compile(schema)).not.toThrow();
    }
    expectValid(schemas.connectorTypesResponseSchema, { connectorTypes: Object.values(schemas.CONNECTOR_CATALOG) });
  });
});

describe('the package pulls in nothing at run time', () => {
  const manifest = readManifest(join(packageDir, 'package.json'));

  it('has no runtime, peer or optional dependencies', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
  });

  it('its built files import only each other', () => {
    const files = [...filesUnder(distDir, '.js'), ...filesUnder(distDir, '.d.ts')];
    expect(files.length).toBeGreaterThan(5);
    // Static imports and re-exports (statements start a line in tsc output), side-effect imports,
    // dynamic imports and require calls.
    const specifiers = [
      /^\s*(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/gm,
      /^\s*import\s*['"]([^'"]+)['"]/gm,
      /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
      /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    ];
    let seen = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of specifiers.flatMap((pattern) => [...text.matchAll(pattern)])) {
        seen += 1;
        expect({ file: relative(distDir, file), spec, relative: spec.startsWith('./') || spec.startsWith('../') }).toEqual({
          file: relative(distDir, file),
          spec,
          relative: true,
        });
        const target = resolve(dirname(file), spec.replace(/\.js$/, file.endsWith('.d.ts') ? '.d.ts' : '.js'));
        expect(relative(distDir, target).startsWith('..')).toBe(false);
        expect(() => readFileSync(target)).not.toThrow();
      }
      expect(text).not.toMatch(/@nestjs|class-validator|class-transformer|reflect-metadata|['"]node:/);
    }
    expect(seen).toBeGreaterThan(5); // the scan does see imports
  });

  it('its JavaScript uses no Node-only globals', () => {
    for (const file of filesUnder(distDir, '.js')) {
      const code = readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
      expect({
        file: relative(distDir, file),
        nodeOnly: code.match(/\b(?:process|Buffer|__dirname|__filename|require|module\.exports|global)\b(?!:)/g),
      }).toEqual({
        file: relative(distDir, file),
        nodeOnly: null,
      });
    }
  });

  it('its types compile for a browser app (DOM lib, no Node types, bundler resolution)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schemas-consumer-'));
    try {
      writeFileSync(
        join(dir, 'app.ts'),
        `import { CONNECTOR_CATALOG, type ConnectorConfigs, type ElizaPutConnectorRequest, type IlertConnectorInput, elizaPutConnectorRequestSchema } from '@switchboard/schemas';
const telegram: ConnectorConfigs['telegram'] = { botToken: '1:a', streamMode: 'block' };
const body: ElizaPutConnectorRequest = { name: 'telegram', config: telegram };
const input: IlertConnectorInput = { name: 'ops', type: 'jira', params: null };
const secrets: readonly string[] = CONNECTOR_CATALOG.jira.secretFields.map((s) => s.field);
document.title = JSON.stringify([body, input, secrets, elizaPutConnectorRequestSchema.required]);
// @ts-expect-error streamMode is an enum
const wrong: ConnectorConfigs['telegram'] = { botToken: '1:a', streamMode: 'sometimes' };
void wrong;
`,
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'bundler',
            lib: ['ES2022', 'DOM'],
            types: [],
            skipLibCheck: false,
            paths: { '@switchboard/schemas': [join(distDir, 'index.d.ts')] },
          },
          files: ['app.ts'],
        }),
      );
      expect(typeErrorsOf(join(dir, 'tsconfig.json'))).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** What `tsc -p` reports for a project: '' when it compiles. */
function typeErrorsOf(tsconfigPath: string): string {
  const tsc = createRequire(join(repoRoot, 'package.json')).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', tsconfigPath], { encoding: 'utf8' });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe('the payload types are derived from the schemas', () => {
  it('as the build publishes them, they are the shapes test/types/derived-types.ts pins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schemas-derived-'));
    try {
      // The lint configuration, pointed at the built declarations instead of the sources.
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          extends: join(packageDir, 'test', 'types', 'tsconfig.json'),
          compilerOptions: { paths: { '@switchboard/schemas': [join(distDir, 'index.d.ts')] } },
          files: [join(packageDir, 'test', 'types', 'derived-types.ts')],
        }),
      );
      expect(typeErrorsOf(join(dir, 'tsconfig.json'))).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('every connector apps/api loads is in the catalog', () => {
  interface LoadedPlugin {
    type: string;
    aliases: readonly string[];
    displayName: string;
    secrets: ReadonlyMap<string, { rule: string }>;
    jsonSchema(): Record<string, unknown>;
  }

  async function loadedPlugins(): Promise<{ name: string; plugin: LoadedPlugin }[]> {
    const hostManifest = join(repoRoot, 'apps', 'api', 'package.json');
    const fromHost = createRequire(hostManifest);
    const loaded: { name: string; plugin: LoadedPlugin }[] = [];
    for (const name of Object.keys(readManifest(hostManifest).dependencies ?? {})) {
      let manifest: Manifest;
      try {
        manifest = readManifest(fromHost.resolve(`${name}/package.json`));
      } catch {
        continue;
      }
      if (manifest.switchboard?.connector !== true) continue;
      const module = (await import(pathToFileURL(fromHost.resolve(name)).href)) as { default: LoadedPlugin };
      loaded.push({ name, plugin: module.default });
    }
    return loaded;
  }

  it('lists each of them as a devDependency (so the build generates its entry)', async () => {
    const own = readManifest(join(packageDir, 'package.json')).devDependencies ?? {};
    const missing = (await loadedPlugins()).map((p) => p.name).filter((name) => !(name in own));
    expect(missing).toEqual([]);
  });

  it('has every loaded type, its aliases and its current JSON Schema', async () => {
    const plugins = await loadedPlugins();
    expect(plugins.length).toBeGreaterThanOrEqual(40);
    expect([...schemas.CONNECTOR_TYPES]).toEqual(plugins.map((p) => p.plugin.type).sort());
    for (const { plugin } of plugins) {
      const entry = schemas.connectorTypeInfo(plugin.type);
      expect(entry?.type).toBe(plugin.type);
      expect(entry?.displayName).toBe(plugin.displayName);
      expect(entry?.aliases).toEqual([...plugin.aliases]);
      for (const alias of plugin.aliases) expect(schemas.resolveConnectorType(alias)).toBe(plugin.type);
      expect(entry?.schema).toEqual(plugin.jsonSchema());
    }
  });

  it('flags every secret field with x-secret and writeOnly', async () => {
    for (const { plugin } of await loadedPlugins()) {
      const entry = schemas.CONNECTOR_CATALOG[plugin.type as schemas.ConnectorType];
      const declared = [...plugin.secrets].map(([field, spec]) => ({ field, redact: spec.rule }));
      expect({ type: plugin.type, secretFields: entry.secretFields }).toEqual({ type: plugin.type, secretFields: declared });
      const properties = entry.schema.properties as Record<string, Record<string, unknown>>;
      for (const { field, redact } of entry.secretFields) {
        expect({ type: plugin.type, field, flag: properties[field]?.['x-secret'], writeOnly: properties[field]?.writeOnly }).toEqual({
          type: plugin.type,
          field,
          flag: redact,
          writeOnly: true,
        });
      }
      // and nothing else is flagged
      const flagged = Object.entries(properties)
        .filter(([, p]) => p['x-secret'] !== undefined)
        .map(([field]) => field);
      expect(flagged.sort()).toEqual(declared.map((s) => s.field).sort());
    }
    expect(schemas.CONNECTOR_CATALOG.telegram.secretFields).toContainEqual({ field: 'botToken', redact: 'segments' });
    expect(schemas.CONNECTOR_CATALOG.jira.secretFields).toContainEqual({ field: 'password', redact: 'full' });
  });
});
