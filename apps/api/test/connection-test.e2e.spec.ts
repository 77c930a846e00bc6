/**
 * Connection tests over real HTTP: Switchboard (the built app) against small fake platform APIs on
 * 127.0.0.1, pointed at them through SWITCHBOARD_PLATFORM_URLS (public APIs) or the config's base URL
 * (self-hosted platforms). Every platform with a declared test: success with identity, refused
 * credentials, 5xx, silence (timeout), a redirect to a private address. Then the endpoints' edges,
 * the kept result (dropped on a secret change or delete, surviving a restart), and that no planted
 * secret appears in any answer, log line or file.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase, describePostgres, type TestDatabase } from '../../../packages/core/src/store/postgres/test-database.test-utils.js';
import { filesBesideConfig } from '@switchboard/core';
import { loadEnv } from '../src/env.js';
import { createServer, type Server } from '../src/server.js';
import { configFor, type FakePlatform, PLATFORMS, platformUrlsOf, plantedNeedles, startFakePlatform, startFakePlatforms } from './support/fake-platforms.js';
import { type Answer, call, realPlugins, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

const WRITER = 'tests-writer-key-0123456789abcdef';
const READER = 'tests-reader-key-0123456789abcdef';
const TIMEOUT_MS = 600;

interface Result {
  ok: boolean;
  status: string;
  message: string;
  identity: string | null;
  checkedAt: string;
  durationMs: number;
}

describe('connection tests against fake platforms', () => {
  let dir: string;
  let configPath: string;
  let fakes: FakePlatform[];
  let server: TestServer;
  const logs: string[] = [];
  const transcript: string[] = [];
  const env = () => ({
    SWITCHBOARD_PLATFORM_URLS: platformUrlsOf(fakes),
    SWITCHBOARD_TEST_TIMEOUT_MS: String(TIMEOUT_MS),
    SWITCHBOARD_API_KEYS: `writer:${WRITER}:read,write,audit;reader:${READER}:read`,
    RATE_LIMIT_PER_KEY: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
  });
  const api = (method: string, path: string, json?: unknown, key = WRITER): Promise<Answer> =>
    call(server.url, method, path, { json, headers: { authorization: `Bearer ${key}` } }, transcript);
  const fakeOf = (type: string) => fakes.find((fake) => fake.platform.type === type) as FakePlatform;
  const start = async () => {
    server = await startServer({ configPath, env: env() });
  };

  beforeAll(async () => {
    dir = await tempDir();
    configPath = join(dir, 'milady.json');
    fakes = await startFakePlatforms();
    server = await startServer({ configPath, content: '{"agents": {"list": []}}\n', env: env() });
  });

  afterAll(async () => {
    logs.push(...server.logs);
    await server?.stop();
    await Promise.all(fakes.map((fake) => fake.close()));
    // The config file holds the secrets (that is its job); the files Switchboard adds beside it must not.
    const files = await Promise.all(
      [filesBesideConfig(configPath).testResults, filesBesideConfig(configPath).audit].map((path) => readFile(path, 'utf8').catch(() => '')),
    );
    await removeDir(dir);
    const everything = [...transcript, ...logs, ...files].join('\n');
    for (const needle of plantedNeedles()) expect({ leaked: everything.includes(needle) ? needle : null }).toEqual({ leaked: null });
  });

  describe.each(PLATFORMS.map((platform) => [platform.type, platform] as const))('%s', (type, platform) => {
    beforeAll(async () => {
      const saved = await api('POST', '/api/connectors', { name: type, config: configFor(fakeOf(type)) });
      expect(saved.status).toBe(200);
    });

    it('succeeds with the identity the platform names, in about one round trip', async () => {
      const fake = fakeOf(type);
      fake.requests.length = 0;
      const answer = await api('POST', `/api/connectors/${type}/test`);
      expect(answer.status).toBe(200);
      const result = answer.json as Result;
      expect(result).toMatchObject({ ok: true, status: 'ok', identity: platform.identity });
      expect(Object.keys(result).sort()).toEqual(['checkedAt', 'durationMs', 'identity', 'message', 'ok', 'status']);
      expect(Number.isInteger(result.durationMs)).toBe(true);
      expect(new Date(result.checkedAt).toISOString()).toBe(result.checkedAt);
      expect(fake.requests).toEqual([{ method: platform.method, path: platform.path(fake.secrets) }]);
      // The last result is kept.
      const last = await api('GET', `/api/connectors/${type}/test`, undefined, READER);
      expect(last.status).toBe(200);
      expect(last.json).toEqual(result);
    });

    it('reports refused credentials as auth_failed', async () => {
      const answer = await api('POST', `/api/connector-types/${type}/test`, { config: configFor(fakeOf(type), 'wrong') });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ ok: false, status: 'auth_failed', identity: null });
    });

    it('reports a 5xx as platform_error without the platform body', async () => {
      const fake = fakeOf(type);
      fake.mode = 'server_error';
      try {
        const answer = await api('POST', `/api/connectors/${type}/test`);
        expect(answer.json).toMatchObject({ ok: false, status: 'platform_error' });
        expect((answer.json as Result).message).toContain('503');
        expect(answer.text).not.toContain('maintenance');
      } finally {
        fake.mode = 'normal';
      }
    });

    it('gives up on a platform that never answers (timeout)', async () => {
      const fake = fakeOf(type);
      fake.mode = 'hang';
      try {
        const answer = await api('POST', `/api/connectors/${type}/test`);
        const result = answer.json as Result;
        expect(result).toMatchObject({ ok: false, status: 'timeout' });
        expect(result.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
        expect(result.durationMs).toBeLessThan(TIMEOUT_MS + 5000);
      } finally {
        fake.mode = 'normal';
      }
    });

    it('does not follow a redirect to a private address (blocked)', async () => {
      const fake = fakeOf(type);
      fake.mode = 'redirect_private';
      try {
        const answer = await api('POST', `/api/connectors/${type}/test`);
        expect(answer.json).toMatchObject({ ok: false, status: 'blocked' });
        expect(answer.text).not.toContain('meta-data');
      } finally {
        fake.mode = 'normal';
      }
    });
  });

  describe('the endpoints', () => {
    it('lists in the catalog which types have a test', async () => {
      const catalog = (await api('GET', '/api/connector-types', undefined, READER)).json as { connectorTypes: { type: string; connectionTest: boolean }[] };
      const testable = catalog.connectorTypes.filter((entry) => entry.connectionTest).map((entry) => entry.type);
      expect(testable.sort()).toEqual(PLATFORMS.map((platform) => platform.type).sort());
    });

    it('tests a connector by id on the ilert surface', async () => {
      const list = await api('GET', '/ilert/api/connectors?max-results=100');
      const telegram = (list.json as { id: string; name: string }[]).find((c) => c.name === 'telegram');
      const answer = await api('POST', `/ilert/api/connectors/${telegram?.id}/test`);
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ ok: true, status: 'ok', identity: '@switchboard_test_bot' });
      const missing = await api('POST', '/ilert/api/connectors/no-such-id/test');
      expect(missing.status).toBe(404);
      expect(missing.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });

    it('tests an unsaved connector on the ilert surface: masked params filled from the stored one by id, errors in the ilert shape', async () => {
      const fake = fakeOf('telegram');
      const stored = (await api('GET', '/ilert/api/connectors/name/telegram')).json as { id: string; type: string; params: Record<string, unknown> };
      expect(stored.params.botToken).toBe('****:****');
      const before = (await api('GET', '/ilert/api/connectors?max-results=100')).json as unknown[];
      fake.requests.length = 0;
      // A new connector's form, the token typed in (ilert sends "" for a param left empty).
      const fresh = await api('POST', '/ilert/api/connectors/test', { type: 'telegram', name: 'new-bot', params: { ...configFor(fake), dmPolicy: '' } });
      expect(fresh.status).toBe(200);
      expect(fresh.json).toMatchObject({ ok: true, status: 'ok', identity: '@switchboard_test_bot' });
      expect(Object.keys(fresh.json as Result).sort()).toEqual(['checkedAt', 'durationMs', 'identity', 'message', 'ok', 'status']);
      // The stored connector sent back as read, one param edited: its masked token is the stored one.
      const edited = await api('POST', '/ilert/api/connectors/test', { ...stored, params: { ...stored.params, dmPolicy: 'allowlist' } });
      expect(edited.status).toBe(200);
      expect(edited.json).toMatchObject({ ok: true, status: 'ok', identity: '@switchboard_test_bot' });
      const getMe = { method: 'GET', path: fake.platform.path(fake.secrets) };
      expect(fake.requests).toEqual([getMe, getMe]);
      for (const answer of [fresh, edited]) expect(answer.text).not.toContain(fake.secrets.botToken.split(':')[1]);
      // Nothing was saved.
      expect(((await api('GET', '/ilert/api/connectors?max-results=100')).json as unknown[]).length).toBe(before.length);
      expect((await api('GET', '/ilert/api/connectors/name/new-bot')).status).toBe(404);

      const refused = await api('POST', '/ilert/api/connectors/test', { type: 'telegram', params: { botToken: 'nope' } });
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: expect.stringContaining('botToken') });
      // Without the id nothing fills the mask: refused as a save would be.
      const unfilled = await api('POST', '/ilert/api/connectors/test', { type: 'telegram', params: stored.params });
      expect(unfilled.status).toBe(400);
      expect((unfilled.json as { message: string }).message).toContain('botToken');
      const unknownId = await api('POST', '/ilert/api/connectors/test', { ...stored, id: 'no-such-id' });
      expect(unknownId.status).toBe(404);
      expect(unknownId.json).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'No connector with id "no-such-id"' });
      const discord = (await api('GET', '/ilert/api/connectors/name/discord')).json as { id: string };
      const otherType = await api('POST', '/ilert/api/connectors/test', { ...stored, id: discord.id });
      expect(otherType.status).toBe(400);
      expect((otherType.json as { message: string }).message).toContain('is a "discord" connector, not "telegram"');
      const unknownType = await api('POST', '/ilert/api/connectors/test', { type: 'no_such_type', params: {} });
      expect(unknownType.status).toBe(400);
      expect((unknownType.json as { message: string }).message).toContain('Unknown connector type "no_such_type"');
      expect((await api('POST', '/ilert/api/connectors/test', [])).json).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
      expect((await api('POST', '/ilert/api/connectors/test', { type: 'telegram', params: {} }, READER)).status).toBe(403);
      expect(fake.requests).toHaveLength(2);

      const audit = (await api('GET', '/api/audit?limit=50')).json as { entries: Record<string, unknown>[] };
      expect(audit.entries).toContainEqual(
        expect.objectContaining({
          action: 'test',
          surface: 'ilert',
          unsaved: true,
          outcome: 'ok',
          connector: expect.objectContaining({ id: stored.id, name: 'telegram' }),
        }),
      );
      expect(audit.entries).toContainEqual(
        expect.objectContaining({ action: 'test', surface: 'ilert', unsaved: true, outcome: 'ok', connector: { id: null, name: '', type: 'telegram' } }),
      );
    });

    it('tests an edited form: masked values come from the stored connector named', async () => {
      const map = (await api('GET', '/api/connectors')).json as { connectors: Record<string, Record<string, unknown>> };
      const redacted = map.connectors.telegram;
      expect(redacted.botToken).toBe('****:****');
      const answer = await api('POST', '/api/connector-types/telegram/test', { config: { ...redacted, dmPolicy: 'allowlist' }, name: 'telegram' });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ ok: true, status: 'ok' });
      // Without the name there is nothing to fill the mask from: refused as a save would be.
      const unnamed = await api('POST', '/api/connector-types/telegram/test', { config: redacted });
      expect(unnamed.status).toBe(400);
      expect((unnamed.json as { error: string }).error).toContain('botToken');
    });

    it('sends a stored secret only to the stored server: a form that moves it must carry the secret', async () => {
      const stored = configFor(fakeOf('mattermost'));
      const moved = await api('POST', '/api/connector-types/mattermost/test', {
        config: { ...stored, botToken: '****', baseUrl: 'https://chat.example.net' },
        name: 'mattermost',
      });
      expect(moved.status).toBe(400);
      expect((moved.json as { error: string }).error).toContain('baseUrl differs from the one stored');
      const same = await api('POST', '/api/connector-types/mattermost/test', {
        config: { ...stored, botToken: '****', baseUrl: `${String(stored.baseUrl)}/` },
        name: 'mattermost',
      });
      expect(same.json).toMatchObject({ ok: true, identity: '@switchboard-bot' });
    });

    it('refuses what a save refuses, and unknown types and names', async () => {
      const invalid = await api('POST', '/api/connector-types/telegram/test', { config: { botToken: 'nope' } });
      expect(invalid.status).toBe(400);
      expect((invalid.json as { error: string }).error).toContain('botToken');
      expect((await api('POST', '/api/connector-types/telegram/test', {})).status).toBe(400);
      expect((await api('POST', '/api/connector-types/no_such_type/test', { config: {} })).status).toBe(404);
      expect((await api('POST', '/api/connector-types/telegram/test', { config: {}, name: 'nobody' })).status).toBe(404);
      expect((await api('POST', '/api/connector-types/telegram/test', { config: {}, name: 'discord' })).status).toBe(400);
      expect((await api('POST', '/api/connectors/nobody/test')).status).toBe(404);
      expect((await api('GET', '/api/connectors/nobody/test')).status).toBe(404);
    });

    it('answers invalid_config for a config without the credential, not_supported for a platform without a test', async () => {
      const partial = await api('POST', '/api/connector-types/telegram/test', { config: { dmPolicy: 'pairing' } });
      expect(partial.status).toBe(200);
      expect(partial.json).toMatchObject({ ok: false, status: 'invalid_config' });
      expect((partial.json as Result).message).toContain('botToken');
      expect((await api('POST', '/api/connectors', { name: 'homegrown', config: { apiKey: 'PLANTED-homegrown-key' } })).status).toBe(200);
      const unsupported = await api('POST', '/api/connectors/homegrown/test');
      expect(unsupported.json).toMatchObject({
        ok: false,
        status: 'not_supported',
        message: 'Connector type "homegrown" has no plugin loaded: a connection test needs the plugin of its type',
      });
    });

    it('needs the write permission to test, read to see the last result', async () => {
      expect((await api('POST', '/api/connectors/telegram/test', undefined, READER)).status).toBe(403);
      expect((await api('POST', '/api/connector-types/telegram/test', { config: {} }, READER)).status).toBe(403);
      expect((await api('POST', '/api/connectors/test', undefined, READER)).status).toBe(403);
      expect((await api('GET', '/api/connectors/telegram/test', undefined, READER)).status).toBe(200);
    });

    it('audits every test: who, which connector, outcome', async () => {
      const audit = (await api('GET', '/api/audit?limit=500')).json as { entries: Record<string, unknown>[] };
      const tests = audit.entries.filter((entry) => entry.action === 'test');
      expect(tests.length).toBeGreaterThan(PLATFORMS.length * 4);
      expect(tests).toContainEqual(
        expect.objectContaining({
          actor: 'writer',
          surface: 'ilert',
          outcome: 'ok',
          connector: expect.objectContaining({ name: 'telegram', type: 'telegram' }),
        }),
      );
      expect(tests).toContainEqual(expect.objectContaining({ actor: 'writer', surface: 'eliza', outcome: 'auth_failed', unsaved: true }));
      expect(tests).toContainEqual(expect.objectContaining({ outcome: 'timeout', connector: expect.objectContaining({ name: 'slack' }) }));
    });

    it('tests every stored connector and answers a summary', async () => {
      const answer = await api('POST', '/api/connectors/test');
      expect(answer.status).toBe(200);
      const summary = answer.json as { total: number; ok: number; failed: number; counts: Record<string, number>; results: { name: string; result: Result }[] };
      expect(summary.total).toBe(PLATFORMS.length + 1);
      expect(summary.counts).toEqual({ ok: PLATFORMS.length, not_supported: 1 });
      expect(summary.ok).toBe(PLATFORMS.length);
      expect(summary.failed).toBe(1);
      expect(summary.results.find((line) => line.name === 'slack')?.result.identity).toBe('@switchboard');
    });
  });

  describe('kept results', () => {
    it('keeps the result through a change of other fields, drops it when a secret changes or the connector goes', async () => {
      expect((await api('POST', '/api/connectors/telegram/test')).status).toBe(200);
      // Another field changes, the token comes back masked: still the same credentials.
      expect((await api('POST', '/api/connectors', { name: 'telegram', config: { botToken: '****:****', dmPolicy: 'allowlist' } })).status).toBe(200);
      expect((await api('GET', '/api/connectors/telegram/test')).status).toBe(200);
      // Every last result at once, by name, as a list page wants them.
      const all = (await api('GET', '/api/connectors/test', undefined, READER)).json as { results: Record<string, Result> };
      expect(all.results.telegram).toEqual((await api('GET', '/api/connectors/telegram/test')).json);
      expect(all.results.slack?.identity).toBe('@switchboard');
      // A new token: the old verdict says nothing about it.
      expect((await api('POST', '/api/connectors', { name: 'telegram', config: configFor(fakeOf('telegram'), 'wrong') })).status).toBe(200);
      expect((await api('GET', '/api/connectors/telegram/test')).status).toBe(404);
      expect(((await api('GET', '/api/connectors/test')).json as { results: Record<string, Result> }).results.telegram).toBeUndefined();
      // Deleted on the ilert surface: gone from the Eliza one too.
      expect((await api('GET', '/api/connectors/discord/test')).status).toBe(200);
      const discord = (await api('GET', '/ilert/api/connectors/name/discord')).json as { id: string };
      expect((await api('DELETE', `/ilert/api/connectors/${discord.id}`)).status).toBe(204);
      expect((await api('GET', '/api/connectors/discord/test')).status).toBe(404);
    });

    it('survive a restart, in a file of their own (0600, no secret), never in the config file', async () => {
      const before = await api('GET', '/api/connectors/slack/test');
      expect(before.status).toBe(200);
      logs.push(...server.logs);
      await server.stop();
      await start();
      const after = await api('GET', '/api/connectors/slack/test');
      expect(after.status).toBe(200);
      expect(after.json).toEqual(before.json);
      expect((await api('GET', '/api/connectors/discord/test')).status).toBe(404);
      const file = filesBesideConfig(configPath).testResults;
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await readFile(file, 'utf8')).toContain('@switchboard');
      const config = await readFile(configPath, 'utf8');
      expect(config).not.toContain('checkedAt');
      expect(config).not.toContain('@switchboard');
    });
  });
});

describe('a private base URL', () => {
  let dir: string;
  let unnamed: FakePlatform;
  const servers: TestServer[] = [];
  const transcript: string[] = [];

  beforeAll(async () => {
    dir = await tempDir();
    unnamed = await startFakePlatform(PLATFORMS.find((platform) => platform.type === 'mattermost')!);
  });

  afterAll(async () => {
    const logs = servers.flatMap((server) => server.logs);
    await Promise.all(servers.map((server) => server.stop()));
    await unnamed.close();
    await removeDir(dir);
    const everything = [...transcript, ...logs].join('\n');
    for (const needle of plantedNeedles()) expect({ leaked: everything.includes(needle) ? needle : null }).toEqual({ leaked: null });
  });

  const testWith = async (env: Record<string, string>, name: string): Promise<Result> => {
    const server = await startServer({ configPath: join(dir, `${name}.json`), env: { SWITCHBOARD_TEST_TIMEOUT_MS: '2000', ...env } });
    servers.push(server);
    const answer = await call(server.url, 'POST', '/api/connector-types/mattermost/test', { json: { config: configFor(unnamed) } }, transcript);
    expect(answer.status).toBe(200);
    return answer.json as Result;
  };

  it('stops boot when SWITCHBOARD_PLATFORM_URLS names a type no plugin has', async () => {
    await expect(startServer({ configPath: join(dir, 'bad.json'), env: { SWITCHBOARD_PLATFORM_URLS: 'nosuch=http://127.0.0.1:1' } })).rejects.toThrow(
      'SWITCHBOARD_PLATFORM_URLS names "nosuch", which is not the type of a loaded connector plugin',
    );
  });

  it('is refused without connecting when nothing allows it', async () => {
    const result = await testWith({}, 'plain');
    expect(result).toMatchObject({ ok: false, status: 'blocked' });
    expect(result.message).toContain('SWITCHBOARD_TEST_ALLOW_HOSTS');
    expect(unnamed.requests).toEqual([]);
  });

  it('is refused when SWITCHBOARD_PLATFORM_URLS names another port of the same host', async () => {
    const result = await testWith({ SWITCHBOARD_PLATFORM_URLS: 'mattermost=http://127.0.0.1:1' }, 'other-port');
    expect(result.status).toBe('blocked');
    expect(unnamed.requests).toEqual([]);
  });

  it('is allowed by SWITCHBOARD_TEST_ALLOW_HOSTS, as a host or as a CIDR', async () => {
    expect(await testWith({ SWITCHBOARD_TEST_ALLOW_HOSTS: '127.0.0.1' }, 'host')).toMatchObject({ ok: true, identity: '@switchboard-bot' });
    expect(await testWith({ SWITCHBOARD_TEST_ALLOW_HOSTS: 'example.org, 127.0.0.0/8' }, 'cidr')).toMatchObject({ ok: true, identity: '@switchboard-bot' });
    expect(unnamed.requests).toHaveLength(2);
  });
});

describePostgres('kept results with PostgreSQL', () => {
  let db: TestDatabase;
  let dir: string;
  let fake: FakePlatform;
  const logs: string[] = [];
  const transcript: string[] = [];

  const boot = async (name: string): Promise<{ server: Server; url: string }> => {
    const env = loadEnv({
      PORT: '0',
      DATABASE_URL: db.url,
      ELIZA_CONFIG_PATH: join(dir, `${name}.json`),
      SWITCHBOARD_PLATFORM_URLS: `telegram=${fake.url}`,
      LOG_LEVEL: 'debug',
    });
    const server = await createServer(env, { plugins: await realPlugins(), logDestination: { write: (line: string) => void logs.push(line) } });
    return { server, url: await server.listen() };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await tempDir();
    fake = await startFakePlatform(PLATFORMS.find((platform) => platform.type === 'telegram')!);
  });

  afterAll(async () => {
    await fake.close();
    await db?.drop();
    await removeDir(dir);
    const everything = [...transcript, ...logs].join('\n');
    for (const needle of plantedNeedles()) expect({ leaked: everything.includes(needle) ? needle : null }).toEqual({ leaked: null });
  });

  it('survive a restart and are shared by the instances; a delete on one drops them for all', async () => {
    const first = await boot('a');
    expect((await call(first.url, 'POST', '/api/connectors', { json: { name: 'telegram', config: configFor(fake) } }, transcript)).status).toBe(200);
    const tested = await call(first.url, 'POST', '/api/connectors/telegram/test', {}, transcript);
    expect(tested.json).toMatchObject({ ok: true, identity: '@switchboard_test_bot' });
    await first.server.close();

    const [a, b] = [await boot('a'), await boot('b')];
    try {
      expect((await call(a.url, 'GET', '/api/connectors/telegram/test', {}, transcript)).json).toEqual(tested.json);
      expect((await call(b.url, 'GET', '/api/connectors/telegram/test', {}, transcript)).json).toEqual(tested.json);
      expect((await call(b.url, 'DELETE', '/api/connectors/telegram', {}, transcript)).status).toBe(200);
      expect((await call(a.url, 'GET', '/api/connectors/telegram/test', {}, transcript)).status).toBe(404);
      expect(await readFile(join(dir, 'a.tests.json'), 'utf8').catch(() => 'absent')).toBe('absent');
    } finally {
      await Promise.all([a.server.close(), b.server.close()]);
    }
  });
});
