import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';
import { expectRuntimeAcceptsFile } from './support/runtime-config-check.js';

// Distinctive planted secrets: none may appear in any answer or log line.
const TELEGRAM_TOKEN = '424242:PLANTED-telegram-s3cret';
const DISCORD_TOKEN = 'PLANTED-discord-token-7c1f';
const UNKNOWN_PASSWORD = 'PLANTED-unknown-password-91';
const NESTED_SECRET = 'PLANTED-nested-account-secret-55';
const PLANTED = [TELEGRAM_TOKEN, DISCORD_TOKEN, UNKNOWN_PASSWORD, NESTED_SECRET, 'PLANTED-telegram-s3cret'];

const json = { 'content-type': 'application/json' };

describe('Eliza connectors API over real HTTP on a real config file', () => {
  let dir: string;
  let configPath: string;
  let app: TestServer;
  const transcript: string[] = [];
  const allLogs: string[] = [];

  const get = () => call(app.url, 'GET', '/api/connectors', {}, transcript);
  const post = (body: unknown) => call(app.url, 'POST', '/api/connectors', { json: body }, transcript);
  const del = (name: string) => call(app.url, 'DELETE', `/api/connectors/${encodeURIComponent(name)}`, { headers: json }, transcript);
  /** The file as the service left it, checked against the runtime's strict schema first. */
  const fileJson = () => expectRuntimeAcceptsFile(configPath);

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
    // The leak scan over everything every test in this file saw.
    const everything = [...transcript, ...allLogs].join('\n');
    expect(transcript.length).toBeGreaterThan(20);
    expect(allLogs.length).toBeGreaterThan(20);
    for (const secret of PLANTED) expect(everything).not.toContain(secret);
  });

  it('starts empty, adds, updates and deletes, answering the whole redacted map each time', async () => {
    app = await startServer({ configPath });
    expect(await get()).toMatchObject({ status: 200, json: { connectors: {} } });

    const added = await post({ name: 'telegram', config: { botToken: TELEGRAM_TOKEN } });
    expect(added.status).toBe(200);
    expect(added.headers.get('content-type')).toMatch(/^application\/json/);
    expect(added.json).toEqual({ connectors: { telegram: { botToken: '****:****' } } });

    const both = await post({ name: 'discord', config: { token: DISCORD_TOKEN, allowBots: false } });
    expect(both.json).toEqual({ connectors: { telegram: { botToken: '****:****' }, discord: { token: '****', allowBots: false } } });
    expect((await get()).json).toEqual(both.json);

    const file = await fileJson();
    expect(file.connectors).toEqual({ telegram: { botToken: TELEGRAM_TOKEN }, discord: { token: DISCORD_TOKEN, allowBots: false } });

    // POST replaces the whole config of that name.
    await post({ name: 'discord', config: { token: DISCORD_TOKEN } });
    expect((await fileJson()).connectors.discord).toEqual({ token: DISCORD_TOKEN });

    const removed = await del('discord');
    expect(removed).toMatchObject({ status: 200, json: { connectors: { telegram: { botToken: '****:****' } } } });
    expect((await fileJson()).connectors).toEqual({ telegram: { botToken: TELEGRAM_TOKEN } });
    const metadata = JSON.parse(await readFile(`${configPath}.switchboard.json`, 'utf8'));
    expect(Object.keys(metadata.connectors)).toEqual(['telegram']);
  });

  it('writes the file as the runtime does: JSON, two-space indent, trailing newline, 0600 in a 0700 folder', async () => {
    app = await startServer({ configPath });
    await post({ name: 'telegram', config: { botToken: TELEGRAM_TOKEN } });
    const text = await readFile(configPath, 'utf8');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'state'))).mode & 0o777).toBe(0o700);
  });

  it('sends the map gzip-compressed to clients that accept it, the same bytes once decompressed', async () => {
    app = await startServer({ configPath });
    for (let i = 0; i < 20; i++) await post({ name: `chat-${i}`, config: { password: UNKNOWN_PASSWORD, endpoint: `https://chat-${i}.example.com` } });
    const plain = await fetch(`${app.url}/api/connectors`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const zipped = await fetch(`${app.url}/api/connectors`, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    const [plainText, zippedText] = [await plain.text(), await zipped.text()];
    expect(zippedText).toBe(plainText);
    expect(Object.keys((JSON.parse(plainText) as { connectors: object }).connectors)).toHaveLength(20);
    expect(plainText).not.toContain(UNKNOWN_PASSWORD);
    const refused = await fetch(`${app.url}/api/connectors`, { headers: { 'accept-encoding': 'gzip;q=0' } });
    expect(refused.headers.get('content-encoding')).toBeNull();
  });

  it('answers the fast GET and POST with the bytes and headers of the routed answer, and logs them like any request (a line each at debug)', async () => {
    app = await startServer({ configPath, env: { LOG_LEVEL: 'debug' } });
    const headersOf = (answer: Response) => {
      const all = Object.fromEntries(answer.headers.entries());
      // The clock and the rate-limit counter move between two requests; everything else must match.
      delete all.date;
      expect(all['x-ratelimit-remaining']).toMatch(/^\d+$/);
      delete all['x-ratelimit-remaining'];
      return all;
    };
    const posted = await fetch(`${app.url}/api/connectors`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'telegram', config: { botToken: TELEGRAM_TOKEN } }),
    });
    // DELETE of an absent name answers the same map through Nest's router and Fastify's send.
    const routed = await fetch(`${app.url}/api/connectors/absent`, { method: 'DELETE' });
    const fast = await fetch(`${app.url}/api/connectors`);
    const [postedText, routedText, fastText] = [await posted.text(), await routed.text(), await fast.text()];
    transcript.push(postedText, routedText, fastText);
    expect(JSON.parse(routedText)).toEqual({ connectors: { telegram: { botToken: '****:****' } } });
    expect(fastText).toBe(routedText);
    expect(postedText).toBe(routedText);
    expect(headersOf(fast)).toEqual(headersOf(routed));
    expect(headersOf(posted)).toEqual(headersOf(routed));
    expect(headersOf(fast)).toMatchObject({ 'content-type': 'application/json; charset=utf-8', vary: 'accept-encoding', 'x-content-type-options': 'nosniff' });
    const completed = app.logs
      .map((line) => JSON.parse(line) as { msg?: string; res?: { statusCode?: number } })
      .filter((entry) => entry.msg === 'request completed');
    expect(completed.map((entry) => entry.res?.statusCode)).toEqual([200, 200, 200]);
  });

  it('accepts GET and DELETE that say Content-Type: application/json with an empty body', async () => {
    app = await startServer({ configPath });
    expect((await call(app.url, 'GET', '/api/connectors', { headers: json }, transcript)).status).toBe(200);
    expect((await call(app.url, 'DELETE', '/api/connectors/nothing', { headers: { ...json, 'content-length': '0' } }, transcript)).status).toBe(200);
  });

  it.each([
    ['a missing name', { config: {} }, /Missing connector name/],
    ['a non-string name', { name: 12, config: {} }, /Missing connector name/],
    ['a blank name', { name: '   ', config: {} }, /Missing connector name/],
    ['the reserved name __proto__', { name: '__proto__', config: {} }, /reserved/],
    ['the reserved name constructor', { name: 'constructor', config: {} }, /reserved/],
    ['the reserved name prototype', { name: ' prototype ', config: {} }, /reserved/],
    ['a missing config', { name: 'telegram' }, /Missing connector config/],
    ['a null config', { name: 'telegram', config: null }, /Missing connector config/],
    ['an array config', { name: 'telegram', config: [1] }, /Missing connector config/],
    ['a string config', { name: 'telegram', config: 'botToken' }, /Missing connector config/],
    ['a body that is not an object', [1, 2], /JSON object/],
    ['a Telegram token of the wrong format', { name: 'telegram', config: { botToken: 'PLANTED-telegram-s3cret' } }, /botToken/],
    ['a Discord token of the wrong type', { name: 'discord', config: { token: 12345 } }, /token/],
    [
      "a value in the store's encrypted-secret format",
      { name: 'x', config: { a: { b: 'enc:v1:k:i:t:c' } } },
      /a\.b starts with "enc:v1:" or "enc:v2:", which is reserved/,
    ],
  ])('refuses %s with 400 {"error"} and leaves the file alone', async (_case, body, message) => {
    app = await startServer({ configPath, content: '{"connectors": {}}\n' });
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.json as object)).toEqual(['error']);
    expect((answer.json as { error: string }).error).toMatch(message);
    expect(await readFile(configPath, 'utf8')).toBe('{"connectors": {}}\n');
  });

  it('refuses malformed JSON with a 400 naming the problem', async () => {
    app = await startServer({ configPath });
    const answer = await call(app.url, 'POST', '/api/connectors', { body: '{"name": "x", "config": {', headers: json }, transcript);
    expect(answer.status).toBe(400);
    expect((answer.json as { error: string }).error).toMatch(/Malformed JSON/);
  });

  it('trims names, accepts names no plugin knows and configs with undeclared fields, redacting by key name', async () => {
    app = await startServer({ configPath });
    const config = {
      endpoint: 'https://chat.example.com',
      password: UNKNOWN_PASSWORD,
      accounts: { main: { botToken: NESTED_SECRET, label: 'main' } },
      list: [{ apiKey: NESTED_SECRET }],
      maxTokens: 1000,
    };
    const answer = await post({ name: '  my-chat  ', config });
    expect((answer.json as any).connectors['my-chat']).toEqual({
      endpoint: 'https://chat.example.com',
      password: '****',
      accounts: { main: { botToken: '****', label: 'main' } },
      list: [{ apiKey: '****' }],
      maxTokens: 1000,
    });
    expect((await fileJson()).connectors['my-chat']).toEqual(config);

    const partial = await post({ name: 'telegram', config: { dmPolicy: 'pairing', groups: { '-100': { requireMention: true } } } });
    expect((partial.json as any).connectors.telegram).toEqual({ dmPolicy: 'pairing', groups: { '-100': { requireMention: true } } });
  });

  it('strips __proto__, constructor, prototype and $include at any depth, with no pollution', async () => {
    app = await startServer({ configPath });
    const body =
      '{"name":"evil","config":{"__proto__":{"polluted":1},"a":{"constructor":{"prototype":{"polluted":1}},"$include":"/etc/passwd","keep":1},' +
      '"list":[{"$include":"x.json","ok":true}],"$include":["/etc/shadow"]}}';
    const answer = await call(app.url, 'POST', '/api/connectors', { body, headers: json }, transcript);
    expect(answer.status).toBe(200);
    expect((await fileJson()).connectors.evil).toEqual({ a: { keep: 1 }, list: [{ ok: true }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await readFile(configPath, 'utf8')).not.toContain('$include');
  });

  it('keeps stored secrets when a client sends the redacted config back (either mask)', async () => {
    app = await startServer({ configPath });
    await post({ name: 'telegram', config: { botToken: TELEGRAM_TOKEN, accounts: { b: { botToken: '77:PLANTED-telegram-s3cret' } } } });
    const served = ((await get()).json as any).connectors.telegram;
    expect(served).toEqual({ botToken: '****:****', accounts: { b: { botToken: '****:****' } } });
    await post({ name: 'telegram', config: { ...served, linkPreview: false } });
    expect((await fileJson()).connectors.telegram).toEqual({
      botToken: TELEGRAM_TOKEN,
      accounts: { b: { botToken: '77:PLANTED-telegram-s3cret' } },
      linkPreview: false,
    });

    await post({ name: 'telegram', config: { botToken: '[REDACTED]' } });
    expect((await fileJson()).connectors.telegram).toEqual({ botToken: TELEGRAM_TOKEN });

    const orphan = await post({ name: 'discord', config: { token: '****' } });
    expect(orphan.status).toBe(400);
    expect((orphan.json as { error: string }).error).toMatch(/token holds a redaction mask/);
  });

  it('deletes URL-encoded names, treats an absent name as done, and removes the name from legacy channels too', async () => {
    app = await startServer({
      configPath,
      content: JSON.stringify({ connectors: { 'my bot/1': { token: 'x' }, keep: {} }, channels: { 'my bot/1': { token: 'x' }, old: {} } }),
    });
    const answer = await del('my bot/1');
    expect(answer).toMatchObject({ status: 200, json: { connectors: { keep: {} } } });
    expect(await del('never-there')).toMatchObject({ status: 200, json: { connectors: { keep: {} } } });
    expect((await call(app.url, 'DELETE', '/api/connectors/%20%20', {}, transcript)).status).toBe(400);
    const file = await fileJson();
    expect(file.connectors).toEqual({ keep: {} });
    expect(file.channels).toEqual({ old: {} });
  });

  it('shows a file with only the legacy channels key, and keeps those entries visible after the first write', async () => {
    app = await startServer({ configPath, content: JSON.stringify({ channels: { telegram: { botToken: TELEGRAM_TOKEN } } }) });
    expect((await get()).json).toEqual({ connectors: { telegram: { botToken: '****:****' } } });
    await post({ name: 'discord', config: { token: DISCORD_TOKEN } });
    const file = await fileJson();
    expect(file.connectors).toEqual({ telegram: { botToken: TELEGRAM_TOKEN }, discord: { token: DISCORD_TOKEN } });
    expect(file.channels).toEqual({ telegram: { botToken: TELEGRAM_TOKEN } });
  });

  it('reads a hand-edited JSON5 file and keeps every other key, $include directives and connectors.defaults', async () => {
    const content = `// agent configuration, edited by hand
{
  agents: { defaults: { model: 'gpt' }, list: [{ id: 'a', name: 'Ada' }] },
  env: { OPENAI_API_KEY: 'sk-keep-me' },
  $include: './extra.json5',
  connectors: {
    defaults: { groupPolicy: 'open', heartbeat: { showOk: true } },
    telegram: { botToken: '${TELEGRAM_TOKEN}', }, // trailing comma
  },
  ui: { theme: 'dark' },
}
`;
    // The runtime refuses a file whose include is missing: the included file exists, with no connector.
    await mkdir(dirname(configPath), { recursive: true });
    await writeFile(join(dirname(configPath), 'extra.json5'), "// included\n{ logging: { level: 'debug' } }\n");
    app = await startServer({ configPath, content });
    expect((await get()).json).toEqual({
      connectors: { defaults: { groupPolicy: 'open', heartbeat: { showOk: true } }, telegram: { botToken: '****:****' } },
    });
    expect(((await call(app.url, 'GET', '/ilert/api/connectors', {}, transcript)).json as unknown[]).length).toBe(1);
    await post({ name: 'discord', config: { token: DISCORD_TOKEN } });
    const file = await fileJson();
    expect(Object.keys(file)).toEqual(['agents', 'env', '$include', 'connectors', 'ui']);
    expect(file.agents).toEqual({ defaults: { model: 'gpt' }, list: [{ id: 'a', name: 'Ada' }] });
    expect(file.env).toEqual({ OPENAI_API_KEY: 'sk-keep-me' });
    expect(file.$include).toBe('./extra.json5');
    expect(file.ui).toEqual({ theme: 'dark' });
    expect(file.connectors).toEqual({
      defaults: { groupPolicy: 'open', heartbeat: { showOk: true } },
      telegram: { botToken: TELEGRAM_TOKEN },
      discord: { token: DISCORD_TOKEN },
    });
  });

  it('keeps connectors, ids and secrets across a restart', async () => {
    app = await startServer({ configPath });
    await post({ name: 'telegram', config: { botToken: TELEGRAM_TOKEN } });
    await post({ name: 'my-chat', config: { password: UNKNOWN_PASSWORD } });
    const before = (await call(app.url, 'GET', '/ilert/api/connectors', {}, transcript)).json;
    await app.stop();
    allLogs.push(...app.logs);

    app = await startServer({ configPath });
    expect((await get()).json).toEqual({ connectors: { telegram: { botToken: '****:****' }, 'my-chat': { password: '****' } } });
    expect((await call(app.url, 'GET', '/ilert/api/connectors', {}, transcript)).json).toEqual(before);
  });

  it('gives entries written by the runtime stable ids before Switchboard ever writes the file', async () => {
    const content = JSON.stringify({ connectors: { telegram: { botToken: TELEGRAM_TOKEN } } });
    app = await startServer({ configPath, content });
    const first = (await call(app.url, 'GET', '/ilert/api/connectors', {}, transcript)).json as { id: string }[];
    await app.stop();
    allLogs.push(...app.logs);
    app = await startServer({ configPath });
    const second = (await call(app.url, 'GET', '/ilert/api/connectors', {}, transcript)).json as { id: string }[];
    expect(second[0].id).toBe(first[0].id);
    expect(await readFile(configPath, 'utf8')).toBe(content);
  });

  it('refuses to boot on a file that does not parse, naming it, and leaves it untouched', async () => {
    const corrupt = '{"connectors": {"telegram": {"botToken": "1:a"}';
    await writeFile(configPath.replace('/state/', '/'), corrupt);
    const path = configPath.replace('/state/', '/');
    await expect(startServer({ configPath: path })).rejects.toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON5`));
    expect(await readFile(path, 'utf8')).toBe(corrupt);
    app = undefined as unknown as TestServer;
  });
});
