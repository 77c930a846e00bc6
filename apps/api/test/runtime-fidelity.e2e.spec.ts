// Fidelity with the real Eliza runtime and its app (issue 19): the file stays valid for the runtime's
// strict schema, values are cleared as the app clears them, every connector the runtime loads through
// $include is listed and managed or refused with a reason, and the app's browser calls pass CORS.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../src/cli/run-cli.js';
import { loadEnv } from '../src/env.js';
import { expectRuntimeAcceptsFile, RUNTIME_TOP_LEVEL_KEYS } from './support/runtime-config-check.js';
import { runtimeConnectorMap } from './support/runtime-loader.js';
import { call, realPlugins, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

const TELEGRAM_TOKEN = '424242:PLANTED-fidelity-s3cret';
const JIRA_PASSWORD = 'PLANTED-fidelity-jira';
const json = { 'content-type': 'application/json' };

interface IlertConnector {
  id: string;
  name: string;
  type: string;
  params: Record<string, unknown>;
}

describe('fidelity with the Eliza runtime and its app (real HTTP, real files)', () => {
  let dir: string;
  let configPath: string;
  let app: TestServer | undefined;
  const metadataPath = () => `${configPath}.switchboard.json`;
  const start = async (content?: string, env: Record<string, string> = {}) => {
    app = await startServer({ configPath, content, env });
    return app;
  };
  const eliza = (method: string, path: string, body?: unknown, headers: Record<string, string> = json) =>
    call(app!.url, method, `/api/connectors${path}`, { ...(body === undefined ? {} : { json: body }), headers });
  const ilert = (method: string, path: string, body?: unknown) =>
    call(app!.url, method, `/ilert/api/connectors${path}`, body === undefined ? {} : { json: body });

  beforeEach(async () => {
    dir = await tempDir();
    configPath = join(dir, 'milady.json');
  });
  afterEach(async () => {
    await app?.stop();
    if (app) expect(app.logs.join('\n')).not.toContain('PLANTED');
    app = undefined;
    await removeDir(dir);
  });

  describe('the file holds only what the runtime knows', () => {
    it("has the runtime's top-level keys in its fixture", () => {
      expect(RUNTIME_TOP_LEVEL_KEYS.size).toBe(35);
      for (const key of ['meta', 'connectors', 'channels', 'plugins', '$include']) expect(RUNTIME_TOP_LEVEL_KEYS.has(key)).toBe(true);
      expect(RUNTIME_TOP_LEVEL_KEYS.has('switchboard')).toBe(false);
    });

    it('has a file check that refuses what the runtime refuses (so the checks elsewhere can fail)', async () => {
      const refused = async (content: unknown) => {
        await writeFile(configPath, JSON.stringify(content), { mode: 0o600 });
        return expectRuntimeAcceptsFile(configPath).then(
          () => false,
          () => true,
        );
      };
      expect(await refused({ connectors: {}, switchboard: { format: 1, connectors: {} } })).toBe(true);
      expect(await refused({ connectors: { telegram: { botToken: null } } })).toBe(true);
      expect(await refused({ connectors: { telegram: { botToken: '1:a' } } })).toBe(false);
      // Readable by others: refused too (the file holds secrets).
      await chmod(configPath, 0o644);
      expect(
        await expectRuntimeAcceptsFile(configPath).then(
          () => false,
          () => true,
        ),
      ).toBe(true);
    });

    it('stays valid after every write through either surface; metadata lives in the metadata file (0600), ids survive restarts', async () => {
      await start(JSON.stringify({ meta: { lastTouchedVersion: '1.0.0' }, agents: { list: [{ id: 'main' }] } }));
      const steps: (() => Promise<{ status: number }>)[] = [
        () => eliza('POST', '', { name: 'telegram', config: { botToken: TELEGRAM_TOKEN, dmPolicy: 'pairing' } }),
        () =>
          ilert('POST', '', {
            name: 'ops-jira',
            type: 'jira',
            params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: JIRA_PASSWORD },
          }),
        () => eliza('POST', '', { name: 'defaults', config: { groupPolicy: 'open' } }),
        () => eliza('POST', '', { name: 'telegram', config: { botToken: '****:****', dmPolicy: 'open', allowFrom: ['*'] } }),
        () => eliza('POST', '', { name: 'discord', config: { token: 'PLANTED-fidelity-discord' } }),
        () => eliza('DELETE', '/discord'),
      ];
      for (const step of steps) {
        expect((await step()).status).toBeLessThan(300);
        await expectRuntimeAcceptsFile(configPath);
      }
      const jira = ((await ilert('GET', '')).json as IlertConnector[]).find((c) => c.name === 'ops-jira')!;
      expect((await ilert('PUT', `/${jira.id}`, { name: 'team-jira', type: 'jira', params: { ...jira.params, email: 'team@example.com' } })).status).toBe(200);
      const file = await expectRuntimeAcceptsFile(configPath);
      expect(file.meta).toEqual({ lastTouchedVersion: '1.0.0' });
      expect(Object.keys(file.connectors)).toEqual(['telegram', 'team-jira', 'defaults']);

      const metadata = JSON.parse(await readFile(metadataPath(), 'utf8'));
      expect(metadata.format).toBe(2);
      expect(Object.keys(metadata.connectors).sort()).toEqual(['team-jira', 'telegram']);
      expect(metadata.connectors['team-jira']).toMatchObject({ id: jira.id, type: 'jira', version: 2 });
      expect((await stat(metadataPath())).mode & 0o777).toBe(0o600);
      expect(await readFile(metadataPath(), 'utf8')).not.toContain('PLANTED');

      const before = (await ilert('GET', '')).json;
      await app!.stop();
      await start();
      expect((await ilert('GET', '')).json).toEqual(before);
    });

    it('migrates a file with the old "switchboard" key at start: ids kept for ilert clients, key gone, nothing lost', async () => {
      const legacy = {
        agents: { list: [{ id: 'main' }] },
        connectors: {
          telegram: { botToken: TELEGRAM_TOKEN },
          'ops-jira': { url: 'https://team.atlassian.net', email: 'ops@example.com', password: JIRA_PASSWORD },
        },
        switchboard: {
          format: 1,
          connectors: {
            telegram: {
              id: '11111111-1111-4111-8111-111111111111',
              type: 'telegram',
              createdAt: '2025-01-01T00:00:00.000Z',
              updatedAt: '2025-01-02T00:00:00.000Z',
              version: 4,
              seq: 1,
            },
            'ops-jira': {
              id: '22222222-2222-4222-8222-222222222222',
              type: 'jira',
              createdAt: '2025-01-03T00:00:00.000Z',
              updatedAt: '2025-01-03T00:00:00.000Z',
              version: 1,
              seq: 2,
            },
          },
        },
      };
      await start(JSON.stringify(legacy));
      const file = await expectRuntimeAcceptsFile(configPath);
      expect(file).toEqual({ agents: legacy.agents, connectors: legacy.connectors });
      expect(JSON.parse(await readFile(`${configPath}.bak`, 'utf8'))).toEqual(legacy);

      const telegram = await ilert('GET', '/11111111-1111-4111-8111-111111111111');
      expect(telegram.status).toBe(200);
      expect(telegram.json).toMatchObject({ name: 'telegram', type: 'telegram', createdAt: '2025-01-01T00:00:00.000Z', params: { botToken: '****:****' } });
      const jira = (await ilert('GET', '/22222222-2222-4222-8222-222222222222')).json as IlertConnector;
      expect(jira).toMatchObject({ name: 'ops-jira', type: 'jira' });

      // Still the same ids after a write and a restart.
      expect((await ilert('PUT', `/${jira.id}`, { name: 'ops-jira', type: 'jira', params: { ...jira.params, email: 'new@example.com' } })).status).toBe(200);
      await app!.stop();
      await start();
      expect(((await ilert('GET', '')).json as IlertConnector[]).map((c) => [c.id, c.name])).toEqual([
        ['11111111-1111-4111-8111-111111111111', 'telegram'],
        ['22222222-2222-4222-8222-222222222222', 'ops-jira'],
      ]);
      await expectRuntimeAcceptsFile(configPath);
    });
  });

  describe('the CLI file commands carry the metadata file along', () => {
    const cli = async (args: string[], env: Record<string, string>) => {
      const out: string[] = [];
      const status = await runCli(args, { env, out: (l) => out.push(l), err: (l) => out.push(l), plugins: realPlugins });
      expect({ args, status, out }).toEqual({ args, status: 0, out: expect.any(Array) });
    };
    const idsAt = async (path: string, env: Record<string, string>) => {
      const server = await startServer({ configPath: path, env });
      try {
        return ((await call(server.url, 'GET', '/ilert/api/connectors')).json as IlertConnector[]).map((c) => [c.id, c.name]);
      } finally {
        await server.stop();
      }
    };

    it('keeps every id through rotate-key, a copy to another file and restore-backup; each file stays valid for the runtime', async () => {
      await start();
      await eliza('POST', '', { name: 'telegram', config: { botToken: TELEGRAM_TOKEN } });
      await ilert('POST', '', {
        name: 'ops-jira',
        type: 'jira',
        params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: JIRA_PASSWORD },
      });
      const ids = ((await ilert('GET', '')).json as IlertConnector[]).map((c) => [c.id, c.name]);
      await app!.stop();
      app = undefined;

      const key = randomBytes(32).toString('base64');
      await cli(['rotate-key'], { ELIZA_CONFIG_PATH: configPath, SWITCHBOARD_ENCRYPTION_KEY: key });
      expect(await readFile(configPath, 'utf8')).not.toContain('PLANTED');
      await expectRuntimeAcceptsFile(configPath);
      expect(await idsAt(configPath, { SWITCHBOARD_ENCRYPTION_KEY: key })).toEqual(ids);

      const copyPath = join(dir, 'elsewhere', 'milady.json');
      await cli(['copy', '--from', `file:${configPath}`, '--to', `file:${copyPath}`], { SWITCHBOARD_ENCRYPTION_KEY: key });
      await expectRuntimeAcceptsFile(copyPath);
      expect(Object.keys(JSON.parse(await readFile(`${copyPath}.switchboard.json`, 'utf8')).connectors)).toEqual(['telegram', 'ops-jira']);
      expect(await idsAt(copyPath, { SWITCHBOARD_ENCRYPTION_KEY: key })).toEqual(ids);

      await writeFile(configPath, '{"connectors": {"telegram": ');
      await cli(['restore-backup', '--file', configPath], {});
      await expectRuntimeAcceptsFile(configPath);
      expect(await idsAt(configPath, { SWITCHBOARD_ENCRYPTION_KEY: key })).toEqual(ids);
    });
  });

  describe('clearing a value', () => {
    it('stores "" for a secret the app clears; a mask still keeps the stored secret; null is a 400 naming the field', async () => {
      await start();
      await eliza('POST', '', { name: 'telegram', config: { botToken: TELEGRAM_TOKEN, dmPolicy: 'pairing' } });
      expect((await eliza('POST', '', { name: 'telegram', config: { botToken: '****:****', dmPolicy: 'open', allowFrom: ['*'] } })).status).toBe(200);
      expect((await expectRuntimeAcceptsFile(configPath)).connectors.telegram.botToken).toBe(TELEGRAM_TOKEN);

      const cleared = await eliza('POST', '', { name: 'telegram', config: { botToken: '', dmPolicy: 'open', allowFrom: ['*'] } });
      expect(cleared.status).toBe(200);
      expect((cleared.json as { connectors: Record<string, unknown> }).connectors.telegram).toEqual({ botToken: '', dmPolicy: 'open', allowFrom: ['*'] });
      expect((await expectRuntimeAcceptsFile(configPath)).connectors.telegram).toEqual({ botToken: '', dmPolicy: 'open', allowFrom: ['*'] });

      // A value restricted to listed values is not free text: "" stays refused there.
      const policy = await eliza('POST', '', { name: 'telegram', config: { dmPolicy: '' } });
      expect(policy.status).toBe(400);
      expect((policy.json as { error: string }).error).toContain('dmPolicy');

      const before = await readFile(configPath, 'utf8');
      const nulled = await eliza('POST', '', { name: 'telegram', config: { botToken: null, dmPolicy: 'open' } });
      expect(nulled).toMatchObject({ status: 400, json: { error: expect.stringContaining('botToken is null') } });
      const nested = await eliza('POST', '', { name: 'my-chat', config: { accounts: { a: { token: null } } } });
      expect(nested).toMatchObject({ status: 400, json: { error: expect.stringContaining('accounts.a.token is null') } });
      const viaIlert = await ilert('POST', '', { name: 'ops-jira', type: 'jira', params: { url: 'https://team.atlassian.net', password: null } });
      expect(viaIlert).toMatchObject({ status: 400, json: { code: 'BAD_REQUEST', message: expect.stringContaining('password is null') } });
      expect(await readFile(configPath, 'utf8')).toBe(before);
    });

    it('publishes JSON Schemas that admit "" where the API does', async () => {
      await start();
      const { connectorTypes } = (await call(app!.url, 'GET', '/api/connector-types')).json as { connectorTypes: { type: string; schema: object }[] };
      const ajv = new Ajv({ strict: false, allErrors: true });
      ajvFormats.default(ajv);
      const schemaOf = (type: string) => ajv.compile(connectorTypes.find((t) => t.type === type)!.schema);
      const telegram = schemaOf('telegram');
      expect(telegram({ botToken: '' })).toBe(true);
      expect(telegram({ botToken: 'no-colon' })).toBe(false);
      expect(telegram({ botToken: '1:a', dmPolicy: '' })).toBe(false);
      const jira = schemaOf('jira');
      expect(jira({ url: '', email: '', password: '' })).toBe(true);
      expect(jira({ url: 'https://team.atlassian.net', email: 'not-an-email', password: 'x' })).toBe(false);
      // And the API agrees on each.
      expect((await eliza('POST', '', { name: 'telegram', config: { botToken: '' } })).status).toBe(200);
      expect((await eliza('POST', '', { name: 'telegram', config: { botToken: 'no-colon' } })).status).toBe(400);
      expect((await eliza('POST', '', { name: 'jira', config: { url: '', email: '', password: '' } })).status).toBe(200);
      await expectRuntimeAcceptsFile(configPath);
    });
  });

  describe('$include', () => {
    const layout = async () => {
      await mkdir(join(dir, 'conf', 'chat'), { recursive: true });
      await writeFile(
        configPath,
        `// hand-edited
{
  $include: './conf/base.json5',
  connectors: {
    $include: ['./conf/chat/discord.json'],
    telegram: { dmPolicy: 'open', allowFrom: ['*'] },
  },
}
`,
        { mode: 0o600 },
      );
      await writeFile(
        join(dir, 'conf', 'base.json5'),
        `{ $include: './chat/matrix.json', ui: { theme: 'dark' }, connectors: { telegram: { botToken: '${TELEGRAM_TOKEN}' } } }`,
      );
      await writeFile(
        join(dir, 'conf', 'chat', 'matrix.json'),
        JSON.stringify({ connectors: { matrix: { homeserver: 'https://m.example', accessToken: 'PLANTED-fidelity-matrix' } } }),
      );
      await writeFile(join(dir, 'conf', 'chat', 'discord.json'), JSON.stringify({ discord: { token: 'PLANTED-fidelity-discord' } }));
    };

    it('lists every connector the runtime loads, redacted; refuses to change or delete an included one (409 naming the file); keeps directives', async () => {
      await layout();
      await start();
      expect((await eliza('GET', '')).json).toEqual({
        connectors: {
          telegram: { botToken: '****:****', dmPolicy: 'open', allowFrom: ['*'] },
          matrix: { homeserver: 'https://m.example', accessToken: '****' },
          discord: { token: '****' },
        },
      });
      expect(((await ilert('GET', '')).json as IlertConnector[]).map((c) => c.name).sort()).toEqual(['discord', 'matrix', 'telegram']);

      const deleted = await eliza('DELETE', '/matrix');
      expect(deleted.status).toBe(409);
      expect((deleted.json as { error: string }).error).toContain(join(dir, 'conf', 'chat', 'matrix.json'));
      const discord = ((await ilert('GET', '')).json as IlertConnector[]).find((c) => c.name === 'discord')!;
      const viaIlert = await ilert('DELETE', `/${discord.id}`);
      expect(viaIlert).toMatchObject({ status: 409, json: { code: 'CONFLICT', message: expect.stringContaining(join(dir, 'conf', 'chat', 'discord.json')) } });
      const partly = await eliza('POST', '', { name: 'telegram', config: { botToken: '****:****', dmPolicy: 'pairing' } });
      expect(partly.status).toBe(409);
      expect((partly.json as { error: string }).error).toContain(join(dir, 'conf', 'base.json5'));
      expect(Object.keys(((await eliza('GET', '')).json as { connectors: object }).connectors).sort()).toEqual(['discord', 'matrix', 'telegram']);

      // A connector of the file itself is written as usual; every directive stays as written.
      expect((await eliza('POST', '', { name: 'slack', config: { botToken: 'xoxb-1', appToken: 'xapp-1' } })).status).toBe(200);
      const file = await expectRuntimeAcceptsFile(configPath);
      expect(file).toEqual({
        $include: './conf/base.json5',
        connectors: {
          $include: ['./conf/chat/discord.json'],
          telegram: { dmPolicy: 'open', allowFrom: ['*'] },
          slack: { botToken: 'xoxb-1', appToken: 'xapp-1' },
        },
      });
      expect(await readFile(configPath, 'utf8')).not.toContain('PLANTED');
      expect((await eliza('DELETE', '/slack')).status).toBe(200);
      expect(Object.keys((await expectRuntimeAcceptsFile(configPath)).connectors)).toEqual(['$include', 'telegram']);
    });

    /** The names GET lists, in order, and those the runtime loads from the file as it is now: the same, after any write. */
    const listedAndLoaded = async () => ({
      listed: Object.keys(((await eliza('GET', '')).json as { connectors: object }).connectors).sort(),
      loaded: Object.keys(await runtimeConnectorMap(configPath)).sort(),
    });

    it('keeps legacy channels that come from an included file loaded after writes: the file gets no "connectors" key that would hide them', async () => {
      const base = join(dir, 'base.json');
      await writeFile(base, JSON.stringify({ channels: { telegram: { botToken: TELEGRAM_TOKEN } } }));
      await start(JSON.stringify({ $include: './base.json', channels: { slack: { botToken: 'xoxb-1', appToken: 'xapp-1' } } }));
      expect(await listedAndLoaded()).toEqual({ listed: ['slack', 'telegram'], loaded: ['slack', 'telegram'] });

      const added = await eliza('POST', '', { name: 'discord', config: { token: 'PLANTED-fidelity-discord' } });
      expect(added.status).toBe(200);
      expect(Object.keys((added.json as { connectors: object }).connectors).sort()).toEqual(['discord', 'slack', 'telegram']);
      // Written into the file's own `channels`, which the runtime merges with the included one.
      expect(await expectRuntimeAcceptsFile(configPath)).toEqual({
        $include: './base.json',
        channels: { slack: { botToken: 'xoxb-1', appToken: 'xapp-1' }, discord: { token: 'PLANTED-fidelity-discord' } },
      });
      expect(await listedAndLoaded()).toEqual({ listed: ['discord', 'slack', 'telegram'], loaded: ['discord', 'slack', 'telegram'] });
      expect((await runtimeConnectorMap(configPath)).telegram).toEqual({ botToken: TELEGRAM_TOKEN });

      expect((await eliza('DELETE', '/slack')).status).toBe(200);
      const refused = await eliza('DELETE', '/telegram');
      expect(refused.status).toBe(409);
      expect((refused.json as { error: string }).error).toContain(base);
      expect(await listedAndLoaded()).toEqual({ listed: ['discord', 'telegram'], loaded: ['discord', 'telegram'] });

      // And so after a restart, which reads the file as the runtime does.
      await app!.stop();
      await start();
      expect(await listedAndLoaded()).toEqual({ listed: ['discord', 'telegram'], loaded: ['discord', 'telegram'] });
      expect(await readFile(configPath, 'utf8')).not.toContain(TELEGRAM_TOKEN);
    });

    it('concatenates arrays as the runtime merges them (included items first, files in order); refuses to write a connector partly included', async () => {
      await mkdir(join(dir, 'conf'));
      const base = join(dir, 'conf', 'base.json');
      await writeFile(base, JSON.stringify({ connectors: { telegram: { botToken: TELEGRAM_TOKEN, allowFrom: ['123'] } } }));
      await writeFile(join(dir, 'conf', 'a.json'), JSON.stringify({ discord: { token: 'PLANTED-fidelity-discord', allowFrom: ['a'] } }));
      await writeFile(join(dir, 'conf', 'b.json'), JSON.stringify({ discord: { allowFrom: ['b'] } }));
      await start(
        JSON.stringify({
          $include: './conf/base.json',
          connectors: { $include: ['./conf/a.json', './conf/b.json'], telegram: { allowFrom: ['*'] } },
        }),
      );
      const { connectors } = (await eliza('GET', '')).json as { connectors: Record<string, { allowFrom: string[] }> };
      expect(connectors.telegram.allowFrom).toEqual(['123', '*']);
      expect(connectors.discord.allowFrom).toEqual(['a', 'b']);
      const loaded = (await runtimeConnectorMap(configPath)) as Record<string, { allowFrom: string[] }>;
      expect([loaded.telegram.allowFrom, loaded.discord.allowFrom]).toEqual([connectors.telegram.allowFrom, connectors.discord.allowFrom]);

      // Written here alone, ['*'] would still load as ['123', '*']: refused, naming the file, nothing written.
      const before = await readFile(configPath, 'utf8');
      const refused = await eliza('POST', '', { name: 'telegram', config: { botToken: '****:****', allowFrom: ['*'] } });
      expect(refused.status).toBe(409);
      expect((refused.json as { error: string }).error).toContain(base);
      expect(await readFile(configPath, 'utf8')).toBe(before);
    });

    it('does not start when an included file is missing, naming it', async () => {
      await layout();
      await writeFile(join(dir, 'conf', 'base.json5'), "{ $include: './chat/gone.json' }");
      await expect(start()).rejects.toThrow(`includes ${join(dir, 'conf', 'chat', 'gone.json')}, which cannot be read (ENOENT)`);
      app = undefined;
    });
  });

  describe('browser calls of the app', () => {
    const APP_ORIGINS = ['capacitor-electron://-', 'capacitor://localhost', 'app://-', 'http://localhost:2138'];

    it("accepts the app's own origins in CORS_ORIGINS, and still refuses a path", () => {
      expect(loadEnv({ CORS_ORIGINS: APP_ORIGINS.join(',') }).corsOrigins).toEqual(APP_ORIGINS);
      expect(() => loadEnv({ CORS_ORIGINS: 'capacitor://localhost/index.html' })).toThrow(/CORS_ORIGINS/);
      expect(() => loadEnv({ CORS_ORIGINS: 'localhost:2138' })).toThrow(/CORS_ORIGINS/);
    });

    it('lets the app save, clear and delete from each of its origins: preflights allow X-Milady-Client-Id, Authorization, Content-Type', async () => {
      const key = 'app-writer-key-0123456789abcdef';
      await start(undefined, { CORS_ORIGINS: APP_ORIGINS.join(','), SWITCHBOARD_API_KEYS: `app:${key}:read,write` });
      const appHeaders = (origin: string) => ({
        origin,
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'x-milady-client-id': 'install-1',
      });
      for (const origin of APP_ORIGINS) {
        for (const method of ['GET', 'POST', 'DELETE']) {
          const preflight = await call(app!.url, 'OPTIONS', '/api/connectors/telegram', {
            headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'x-milady-client-id,authorization,content-type' },
          });
          expect(preflight.status).toBe(204);
          expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
          const allowed = (preflight.headers.get('access-control-allow-headers') ?? '')
            .toLowerCase()
            .split(',')
            .map((h) => h.trim());
          expect(allowed).toEqual(expect.arrayContaining(['x-milady-client-id', 'authorization', 'content-type']));
          expect(preflight.headers.get('access-control-allow-methods')).toContain(method);
        }
        const saved = await call(app!.url, 'POST', '/api/connectors', {
          json: { name: 'telegram', config: { botToken: TELEGRAM_TOKEN } },
          headers: appHeaders(origin),
        });
        expect(saved.status).toBe(200);
        expect(saved.headers.get('access-control-allow-origin')).toBe(origin);
        const cleared = await call(app!.url, 'POST', '/api/connectors', { json: { name: 'telegram', config: { botToken: '' } }, headers: appHeaders(origin) });
        expect(cleared).toMatchObject({ status: 200, json: { connectors: { telegram: { botToken: '' } } } });
        const removed = await call(app!.url, 'DELETE', '/api/connectors/telegram', { headers: appHeaders(origin) });
        expect(removed).toMatchObject({ status: 200, json: { connectors: {} } });
        expect(removed.headers.get('access-control-allow-origin')).toBe(origin);
        await expectRuntimeAcceptsFile(configPath);
      }
      const other = await call(app!.url, 'OPTIONS', '/api/connectors', {
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-milady-client-id' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
