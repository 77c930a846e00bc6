/**
 * Security review findings (issue 20, items 2-6) over real HTTP on a real config file: no secret
 * is served through a name that belongs to another type, a bare query token, a key name or URL the
 * heuristics used to miss; a mask is never stored nor replaces a secret; a name the runtime reads
 * as a directive is refused.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REVIEWED_SECRET_KEY_NAMES } from './support/reviewed-key-names.js';
import { call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

const planted = (label: string) => `PLANTED${label}${randomBytes(12).toString('hex')}`;
const DISCORD_HOOK_TOKEN = planted('hook');
const DISCORD_HOOK = `https://discord.com/api/webhooks/123456789012345678/${DISCORD_HOOK_TOKEN}`;
const QUERY_TOKEN = planted('query');
const DB_PASSWORD = planted('db');
const ALL = [DISCORD_HOOK_TOKEN, QUERY_TOKEN, DB_PASSWORD];

// A key that may write but not reveal: every ilert answer to it is redacted.
const KEYS = `writer:writer-key-0123456789abcdef:read,write`;
const auth = { authorization: 'Bearer writer-key-0123456789abcdef' };

type Json = Record<string, any>;

describe('redaction that cannot be sidestepped (issue 20)', () => {
  let dir: string;
  let configPath: string;
  let app: TestServer;
  const transcript: string[] = [];
  const allLogs: string[] = [];
  /** Secrets planted by the test running now: none may appear in an answer or a log line. */
  const secrets = new Set<string>(ALL);

  const eliza = () => call(app.url, 'GET', '/api/connectors', { headers: auth }, transcript);
  const post = (name: string, config: unknown) => call(app.url, 'POST', '/api/connectors', { json: { name, config }, headers: auth }, transcript);
  const ilertCreate = (body: unknown) => call(app.url, 'POST', '/ilert/api/connectors', { json: body, headers: auth }, transcript);
  const ilertPut = (id: string, body: unknown) => call(app.url, 'PUT', `/ilert/api/connectors/${id}`, { json: body, headers: auth }, transcript);
  const ilertGet = (id: string) => call(app.url, 'GET', `/ilert/api/connectors/${id}`, { headers: auth }, transcript);
  const file = async () => JSON.parse(await readFile(configPath, 'utf8')) as Json;
  const served = async (name: string) => ((await eliza()).json as Json).connectors[name];

  beforeEach(async () => {
    dir = await tempDir();
    configPath = join(dir, 'state', 'milady.json');
  });

  afterEach(async () => {
    await app?.stop();
    allLogs.push(...(app?.logs ?? []));
    await removeDir(dir);
  });

  afterAll(() => {
    const everything = [...transcript, ...allLogs].join('\n');
    expect(transcript.length).toBeGreaterThan(30);
    for (const secret of secrets) {
      const at = everything.indexOf(secret);
      expect(at === -1 ? '' : everything.slice(Math.max(0, at - 300), at + 50)).toBe('');
    }
  });

  describe('2. every rule that can apply to a value applies: its type, its name, the key-name heuristics', () => {
    it('a jira connector named discord serves the Discord webhook URL masked on both surfaces, and the round trip keeps it', async () => {
      app = await startServer({ configPath, env: { SWITCHBOARD_API_KEYS: KEYS } });
      const params = { url: DISCORD_HOOK, email: 'ops@example.com', password: 'jira-api-token-0001' };
      secrets.add('jira-api-token-0001');
      const created = await ilertCreate({ name: 'discord', type: 'jira', params });
      expect(created.status).toBe(201);
      const id = (created.json as Json).id as string;
      const mask = 'https://discord.com/****/****/****/****';

      expect(await served('discord')).toEqual({ url: mask, email: 'ops@example.com', password: '****' });
      expect(((await ilertGet(id)).json as Json).params).toEqual({ url: mask, email: 'ops@example.com', password: '****' });
      expect((await file()).connectors.discord).toEqual(params);

      // What was served goes back through either surface: the stored URL is kept.
      expect((await post('discord', await served('discord'))).status).toBe(200);
      expect((await ilertPut(id, { name: 'discord', type: 'jira', params: ((await ilertGet(id)).json as Json).params })).status).toBe(200);
      expect((await file()).connectors.discord).toEqual(params);

      // A mask of another URL is not the stored one's: refused, the secret stays.
      const moved = await ilertPut(id, { name: 'discord', type: 'jira', params: { ...params, url: 'https://evil.example.com/****/****/****/****' } });
      expect(moved.status).toBe(400);
      expect((moved.json as Json).message).toMatch(/url holds a redaction mask that is not the one served/);
      expect((await file()).connectors.discord).toEqual(params);
    });

    it('a rename onto a platform name brings that platform rules; a mask served before the rename still keeps the value', async () => {
      app = await startServer({ configPath, env: { SWITCHBOARD_API_KEYS: KEYS } });
      // Served in clear while named `ops` (a Jira site URL is no secret), so not one of the planted secrets.
      const params = { url: 'https://discord.com/api/webhooks/1/served-in-clear-under-ops', email: 'ops@example.com' };
      const created = await ilertCreate({ name: 'ops', type: 'jira', params });
      const id = (created.json as Json).id as string;
      expect(await served('ops')).toEqual(params); // a Jira site URL: not a secret under any rule of `ops`
      const renamed = await ilertPut(id, { name: 'discord', type: 'jira', params });
      expect(renamed.status).toBe(200);
      expect((renamed.json as Json).params.url).toBe('https://discord.com/****/****/****/****');
      expect(await served('discord')).toEqual({ url: 'https://discord.com/****/****/****/****', email: 'ops@example.com' });
      // Renamed back with the mask served under `discord`: kept.
      expect((await ilertPut(id, { name: 'ops', type: 'jira', params: (renamed.json as Json).params })).status).toBe(200);
      expect((await file()).connectors.ops).toEqual(params);
    });

    it('seals at rest what the name rules and the new key names make secret, booleans left as they are', async () => {
      app = await startServer({ configPath, env: { SWITCHBOARD_API_KEYS: KEYS, SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') } });
      expect((await ilertCreate({ name: 'discord', type: 'jira', params: { url: DISCORD_HOOK } })).status).toBe(201);
      const text = await readFile(configPath, 'utf8');
      expect(text).not.toContain(DISCORD_HOOK_TOKEN);
      expect((await file()).connectors.discord.url).toMatch(/^enc:/);
      // New heuristic names are sealed too; a boolean under one stays a boolean for the runtime.
      const session = planted('sealed');
      secrets.add(session);
      expect((await post('custom-switches', { sessionId: session, verifySignature: true })).status).toBe(200);
      const stored = (await file()).connectors['custom-switches'];
      expect(stored.sessionId).toMatch(/^enc:/);
      expect(stored.verifySignature).toBe(true);
      expect(await served('custom-switches')).toEqual({ sessionId: '****', verifySignature: true });
    });
  });

  describe('3. a query that is not name=value pairs is masked whole', () => {
    it('a bare token as the query of a url-rule field or a webhook URL', async () => {
      app = await startServer({ configPath });
      const hook = `https://hooks.example.com/in?${QUERY_TOKEN}`;
      expect((await post('discord', { url: hook })).status).toBe(200);
      expect((await post('custom-hooks', { webhookUrl: hook, also: `https://hooks.example.com/in?v=1&${QUERY_TOKEN}` })).status).toBe(200);
      expect(await served('discord')).toEqual({ url: 'https://hooks.example.com/****?****' });
      expect(await served('custom-hooks')).toEqual({ webhookUrl: 'https://hooks.example.com/****?****', also: 'https://hooks.example.com/****?****' });
      // and the masks go back keeping the URLs
      expect((await post('custom-hooks', await served('custom-hooks'))).status).toBe(200);
      expect((await file()).connectors['custom-hooks'].webhookUrl).toBe(hook);
    });
  });

  describe('4. key names and URLs the heuristics missed', () => {
    it('masks the review list of key names, user-part URLs and token-like query values; leaves look-alike settings visible', async () => {
      app = await startServer({ configPath });
      const names = REVIEWED_SECRET_KEY_NAMES;
      const config: Json = {};
      for (const name of names) secrets.add((config[name] = planted(name.replace(/\W/g, ''))));
      const userOnly = planted('user');
      const stateToken = `a1${planted('state')}`;
      secrets.add(userOnly).add(stateToken);
      config.mirror = `https://${userOnly}@git.example.com/org/repo.git`;
      config.callback = `https://api.example.com/cb?state=${stateToken}`;
      const visible = {
        passive: 'yes',
        sessionPrefix: 'sb-',
        jwtAlgorithm: 'HS256',
        signatureHeader: 'X-Sig',
        verifySignature: true,
        docs: 'https://docs.example.com/setup?page=2',
      };
      expect((await post('custom-keys', { ...config, ...visible })).status).toBe(200);
      const expected: Json = Object.fromEntries(names.map((name) => [name, '****']));
      expect(await served('custom-keys')).toEqual({
        ...expected,
        mirror: 'https://****@git.example.com/****/****',
        callback: 'https://api.example.com/****?state=****',
        ...visible,
      });
      // Round trip: everything served goes back, the file keeps every value.
      expect((await post('custom-keys', await served('custom-keys'))).status).toBe(200);
      expect((await file()).connectors['custom-keys']).toEqual({ ...config, ...visible });
    });
  });

  describe('5. a mask keeps the stored value, or is refused: never stored, never replacing a secret', () => {
    it('refuses a credentialed-URL mask with nothing stored, with another host, or another shape', async () => {
      app = await startServer({ configPath });
      const none = await post('custom-db', { db: 'postgres://****:****@db.local/x' });
      expect(none.status).toBe(400);
      expect((none.json as Json).error).toBe(
        'Invalid config for connector "custom-db": db holds a redaction mask that is not the one served for the value stored there (or nothing is stored there); send the full value',
      );
      expect((await file().catch(() => ({ connectors: {} }))).connectors['custom-db']).toBeUndefined();

      const db = `postgres://app:${DB_PASSWORD}@db.local:5432/x`;
      expect((await post('custom-db', { db })).status).toBe(200);
      expect(await served('custom-db')).toEqual({ db: 'postgres://****:****@db.local:5432/****' });
      for (const wrong of [
        'postgres://****:****@evil.example.com:5432/****',
        'postgres://****@db.local:5432/****',
        'postgres://****:****@db.local:5432/****/****',
      ]) {
        const answer = await post('custom-db', { db: wrong });
        expect([wrong, answer.status]).toEqual([wrong, 400]);
        expect((answer.json as Json).error).toMatch(/db holds a redaction mask/);
      }
      expect((await post('custom-db', await served('custom-db'))).status).toBe(200);
      expect((await post('custom-db', { db: '[REDACTED]' })).status).toBe(200); // the runtime's marker
      expect((await file()).connectors['custom-db']).toEqual({ db });
    });

    it('keeps heuristic fields on either marker, refuses a marker where an empty string is stored, on both surfaces', async () => {
      app = await startServer({ configPath, env: { SWITCHBOARD_API_KEYS: KEYS } });
      const session = planted('session');
      secrets.add(session);
      expect((await post('custom-session', { sessionId: session, password: '' })).status).toBe(200);
      expect(await served('custom-session')).toEqual({ sessionId: '****', password: '' });
      expect((await post('custom-session', { sessionId: '[REDACTED]', password: '' })).status).toBe(200);
      expect((await file()).connectors['custom-session']).toEqual({ sessionId: session, password: '' });

      const empty = await post('custom-session', { sessionId: '****', password: '****' });
      expect(empty.status).toBe(400);
      expect((empty.json as Json).error).toMatch(/"custom-session": password holds a redaction mask/);
      expect((await file()).connectors['custom-session']).toEqual({ sessionId: session, password: '' });

      // ilert: a url-rule field where nothing is stored.
      const created = await ilertCreate({ name: 'ops-discord', type: 'discord', params: {} });
      expect(created.status).toBe(201);
      const orphan = await ilertPut((created.json as Json).id, { name: 'ops-discord', type: 'discord', params: { url: 'https://discord.com/****/****' } });
      expect(orphan.status).toBe(400);
      expect(orphan.json).toMatchObject({ status: 400, message: expect.stringMatching(/url holds a redaction mask/) });
    });
  });

  describe('6. names the runtime reads as directives', () => {
    it('refuses a name starting with $ on both surfaces', async () => {
      app = await startServer({ configPath, env: { SWITCHBOARD_API_KEYS: KEYS } });
      for (const name of ['$include', ' $include ', '$schema']) {
        const answer = await post(name, { token: 'x' });
        expect([name, answer.status]).toEqual([name, 400]);
        expect((answer.json as Json).error).toMatch(/starts with "\$": the Eliza runtime reads such keys as directives/);
      }
      const ilert = await ilertCreate({ name: '$include', type: 'jira', params: {} });
      expect(ilert.status).toBe(400);
      expect((ilert.json as Json).message).toMatch(/starts with "\$"/);
      const created = await ilertCreate({ name: 'ops', type: 'jira', params: {} });
      const renamed = await ilertPut((created.json as Json).id, { name: '$include', type: 'jira', params: {} });
      expect(renamed.status).toBe(400);
      const connectors = (await file()).connectors as Json;
      expect(Object.keys(connectors)).toEqual(['ops']);
      expect((await post('price$', {})).status).toBe(200); // only a leading $ is a directive
    });
  });
});
