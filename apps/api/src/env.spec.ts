import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApiKeys } from './api-keys.js';
import { DEFAULT_PORT, ENV_SCHEMA, isLoopbackHost, loadEnv } from './env.js';

describe('environment', () => {
  it("has safe defaults: loopback, a port other than the runtime's 2138, the runtime's own config file", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ host: '127.0.0.1', port: DEFAULT_PORT, ilertPrefix: '/ilert', logLevel: 'info', allowPublicWithoutAuth: false });
    expect(env.port).not.toBe(2138);
    expect(env.configPath).toBe(join(homedir(), '.milady', 'milady.json'));
  });

  it('finds the config file as the runtime does, ELIZA_CONFIG_PATH first', () => {
    expect(loadEnv({ MILADY_STATE_DIR: '/srv/agent' }).configPath).toBe('/srv/agent/milady.json');
    expect(loadEnv({ MILADY_STATE_DIR: '/srv/agent', MILADY_CONFIG_PATH: '/etc/m.json' }).configPath).toBe('/etc/m.json');
    expect(loadEnv({ MILADY_CONFIG_PATH: '/etc/m.json', ELIZA_CONFIG_PATH: '~/e.json' }).configPath).toBe(join(homedir(), 'e.json'));
  });

  it('names every bad variable in one error', () => {
    const bad = { PORT: '99999', LOG_LEVEL: 'loud', ILERT_API_PREFIX: 'no-slash', SWITCHBOARD_ALLOW_PUBLIC_WITHOUT_AUTH: 'maybe' };
    for (const problem of [
      /PORT must be an integer/,
      /LOG_LEVEL must be one of/,
      /ILERT_API_PREFIX must be a path/,
      /SWITCHBOARD_ALLOW_PUBLIC_WITHOUT_AUTH must be true or false/,
    ]) {
      expect(() => loadEnv(bad)).toThrow(problem);
    }
  });

  it('reads the audit retention: 90 days and a million entries by default, 0 for no limit, bad values named', () => {
    expect(loadEnv({})).toMatchObject({ auditRetentionDays: 90, auditMaxEntries: 1_000_000 });
    expect(loadEnv({ AUDIT_RETENTION_DAYS: '0', AUDIT_MAX_ENTRIES: '5000' })).toMatchObject({ auditRetentionDays: 0, auditMaxEntries: 5000 });
    const bad = { AUDIT_RETENTION_DAYS: '-1', AUDIT_MAX_ENTRIES: 'lots' };
    expect(() => loadEnv(bad)).toThrow(/AUDIT_RETENTION_DAYS must be an integer from 0 to 36500 \(got "-1"\)/);
    expect(() => loadEnv(bad)).toThrow(/AUDIT_MAX_ENTRIES must be an integer from 0 to 1000000000 \(got "lots"\)/);
  });

  it('keeps 20 revisions per connector by default (issue 25), at least 1', () => {
    expect(loadEnv({})).toMatchObject({ history: { retention: 20 } });
    expect(loadEnv({ REVISION_RETENTION: '3' })).toMatchObject({ history: { retention: 3 } });
    expect(() => loadEnv({ REVISION_RETENTION: '0' })).toThrow(/REVISION_RETENTION must be an integer from 1 to 100000 \(got "0"\)/);
  });

  it('reads the connection test settings: platform origins, allowed hosts, time limit, schedule (off by default)', () => {
    const defaults = loadEnv({}).connectionTests;
    expect(defaults).toMatchObject({ timeoutMs: 10_000, intervalMs: undefined });
    expect(defaults.platformUrls.size).toBe(0);
    const env = loadEnv({
      SWITCHBOARD_PLATFORM_URLS: 'telegram=http://127.0.0.1:8081, Discord=https://discord.internal:8443/',
      SWITCHBOARD_TEST_ALLOW_HOSTS: 'chat.internal, 10.0.0.0/8, fd00::/8, 192.168.1.5',
      SWITCHBOARD_TEST_TIMEOUT_MS: '2500',
      SWITCHBOARD_TEST_INTERVAL: '6h',
    }).connectionTests;
    expect([...env.platformUrls]).toEqual([
      ['telegram', 'http://127.0.0.1:8081'],
      ['discord', 'https://discord.internal:8443'],
    ]);
    expect(env).toMatchObject({ timeoutMs: 2500, intervalMs: 6 * 3_600_000 });
    expect(env.policy.trusts(new URL('http://127.0.0.1:8081/bot1:x/getMe'))).toBe(true);
    expect(env.policy.trusts(new URL('http://127.0.0.1:8082/'))).toBe(false);
    expect(env.policy.trusts(new URL('https://chat.internal/api'))).toBe(true);
    expect(env.policy.allowsAddress('10.1.2.3')).toBe(true);
    expect(env.policy.allowsAddress('192.168.1.6')).toBe(false);
    for (const off of ['0', 'off', '']) expect(loadEnv({ SWITCHBOARD_TEST_INTERVAL: off }).connectionTests.intervalMs).toBeUndefined();
    expect(loadEnv({ SWITCHBOARD_TEST_INTERVAL: '90' }).connectionTests.intervalMs).toBe(90_000);
  });

  it('names each bad connection test variable, without echoing credentials', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ SWITCHBOARD_PLATFORM_URLS: 'telegram' }, /SWITCHBOARD_PLATFORM_URLS: "telegram" must be <connector type>=<http\(s\) origin>/],
      [{ SWITCHBOARD_PLATFORM_URLS: 'telegram=ftp://x' }, /SWITCHBOARD_PLATFORM_URLS/],
      [{ SWITCHBOARD_PLATFORM_URLS: 'telegram=http://h/with/path' }, /no path/],
      [{ SWITCHBOARD_PLATFORM_URLS: 'a=http://h,a=http://i' }, /names "a" twice/],
      [{ SWITCHBOARD_TEST_ALLOW_HOSTS: '10.0.0.0/40' }, /SWITCHBOARD_TEST_ALLOW_HOSTS: "10.0.0.0\/40" is not a CIDR/],
      [{ SWITCHBOARD_TEST_ALLOW_HOSTS: 'bad host!' }, /SWITCHBOARD_TEST_ALLOW_HOSTS: "bad host!" is not a host name/],
      [{ SWITCHBOARD_TEST_TIMEOUT_MS: 'soon' }, /SWITCHBOARD_TEST_TIMEOUT_MS must be an integer/],
      [{ SWITCHBOARD_TEST_INTERVAL: '5s' }, /SWITCHBOARD_TEST_INTERVAL must be a duration from 10s to 7d/],
      [{ SWITCHBOARD_TEST_INTERVAL: 'hourly' }, /SWITCHBOARD_TEST_INTERVAL/],
    ];
    for (const [env, problem] of cases) expect(() => loadEnv(env)).toThrow(problem);
    expect(() => loadEnv({ SWITCHBOARD_PLATFORM_URLS: 'jira=https://user:hunter2secret@jira.internal' })).toThrow(/SWITCHBOARD_PLATFORM_URLS/);
    try {
      loadEnv({ SWITCHBOARD_PLATFORM_URLS: 'jira=https://user:hunter2secret@jira.internal' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2secret');
    }
  });

  it("is declared once: the README's Configuration table lists exactly the schema's variables, with its defaults", async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    const documented = [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|/gm)].map(([, name, fallback]) => [
      name,
      fallback.trim().replace(/^`(.*)`$/, '$1'),
    ]);
    const declared = Object.values(ENV_SCHEMA).map((variable) => [variable.name, variable.documentedDefault]);
    expect(documented.length).toBeGreaterThan(20);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(declared));
    expect(documented).toHaveLength(declared.length);
  });

  it('reads each declared default when its variable is unset, and names the variable when its value is bad', () => {
    const problems: string[] = [];
    for (const variable of Object.values(ENV_SCHEMA)) variable.read({}, problems);
    expect(problems).toEqual([]);
    expect(() => loadEnv({ MAX_CONNECTORS: '0' })).toThrow(/^invalid environment: MAX_CONNECTORS must be an integer from 1 to 10000000 \(got "0"\)$/);
  });

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.1', '::', 'example.com']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('reads API keys from the variable and the keys file together', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-keys-'));
    try {
      const file = join(dir, 'keys');
      await writeFile(file, '# operators\nops:ops-key-0123456789:read,write,reveal\n');
      const ring = await loadApiKeys({ apiKeys: 'ui:ui-key-0123456789abc:read', apiKeysFile: file });
      expect(ring.authenticate('ops-key-0123456789')?.keyId).toBe('ops');
      expect(ring.authenticate('ui-key-0123456789abc')?.permissions).toEqual(new Set(['read']));
      await expect(loadApiKeys({ apiKeys: 'ops:other-key-0123456789', apiKeysFile: file })).rejects.toThrow('API key id "ops" is configured twice');
      await expect(loadApiKeys({ apiKeys: undefined, apiKeysFile: join(dir, 'missing') })).rejects.toThrow(/cannot read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
