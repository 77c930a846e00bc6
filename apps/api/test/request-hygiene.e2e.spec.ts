/**
 * Security review findings about requests (issue 20, items 7 and 10), over real HTTP:
 * keys in the query string are refused and never logged (the real service's own log output is read),
 * and JSON that the parser would silently change (invalid UTF-8, numbers past a double) is a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { type ApiProcess, listening, spawnApi } from './support/api-process.js';
import { call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

const KEY = 'hygiene-writer-key-0123456789abcdef';
const OTHER_SECRET = 'PLANTED-query-token-5c1f0e';
/** A credential sent where a query parameter's name goes. */
const NAMED_SECRET = 'SECRETQ9f86d081884c7d659a2feaa0c55ad015';

describe('API keys are taken from headers only, and no query value that may be a credential is logged (real process, real log)', () => {
  let dir: string;
  let api: ApiProcess;
  let url: string;

  beforeAll(async () => {
    dir = await tempDir();
    api = spawnApi({ ELIZA_CONFIG_PATH: join(dir, 'milady.json'), PORT: '0', LOG_LEVEL: 'debug', SWITCHBOARD_API_KEYS: `w:${KEY}:read,write` });
    url = await listening(api);
  });
  afterAll(async () => {
    api?.child.kill('SIGTERM');
    await api?.exited;
    await removeDir(dir);
  });

  it('answers 401 naming the headers to use when a key is sent in the query string, on both surfaces, with or without a header key', async () => {
    const cases: [string, Record<string, string>][] = [
      [`/api/connectors?api_key=${KEY}`, {}],
      [`/api/connectors?token=${KEY}`, {}],
      [`/api/connectors?key=${KEY}`, {}],
      [`/ilert/api/connectors?start-index=0&apiKey=${KEY}`, {}],
      [`/ilert/api/connectors?access_token=${KEY}`, { authorization: `Bearer ${KEY}` }],
      [`/api/connector-types?token=${OTHER_SECRET}`, { 'x-api-key': KEY }],
    ];
    for (const [path, headers] of cases) {
      const answer = await call(url, 'GET', path, { headers });
      expect([path, answer.status]).toEqual([path, 401]);
      const message = path.startsWith('/ilert') ? (answer.json as { message: string }).message : (answer.json as { error: string }).error;
      expect(message).toMatch(
        /^Unauthorized: API keys are not accepted in the query string \("\w+"\); send the key in the Authorization: Bearer <key> or X-API-Key header/,
      );
      expect(answer.text).not.toContain(KEY);
      if (path.startsWith('/ilert')) expect(answer.json).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    }
    // A name that is itself the credential is not quoted back, neither in the answer nor in the log.
    for (const path of [`/api/connectors?${NAMED_SECRET}`, `/ilert/api/connectors?start-index=0&${NAMED_SECRET}=1`]) {
      const answer = await call(url, 'GET', path);
      expect([path, answer.status]).toEqual([path, 401]);
      expect(answer.text).toContain('API keys are not accepted in the query string (a query parameter); send the key in the Authorization');
      expect(answer.text).not.toContain(NAMED_SECRET.slice(7));
    }
    // A write with the key in the URL is refused too (the Eliza POST fast path), and nothing is stored.
    const post = await call(url, 'POST', `/api/connectors?api_key=${KEY}`, { json: { name: 'x', config: {} } });
    expect(post.status).toBe(401);
    // The API's own query parameters are no credentials.
    expect((await call(url, 'GET', '/ilert/api/connectors?start-index=0&max-results=5', { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(200);
    expect((await call(url, 'GET', '/api/connectors', { headers: { 'x-api-key': KEY } })).json).toEqual({ connectors: {} });
  });

  it('masks query values in every log line: request lines, 404s and unguarded routes alike', async () => {
    await call(url, 'GET', `/health?token=${OTHER_SECRET}`);
    await call(url, 'GET', `/no/such/route?api_key=${OTHER_SECRET}&${OTHER_SECRET}`);
    await call(url, 'GET', `/ilert/api/connectors?start-index=0&max-results=7&sig=${OTHER_SECRET}`, { headers: { authorization: `Bearer ${KEY}` } });
    // The API's own parameters carry a secret when a client puts one there: only a small number is logged as sent.
    await call(url, 'GET', `/ilert/api/connectors?start-index=${OTHER_SECRET}&max-results=${OTHER_SECRET}`, { headers: { authorization: `Bearer ${KEY}` } });
    await call(url, 'GET', `/api/audit?limit=${OTHER_SECRET}`, { headers: { authorization: `Bearer ${KEY}` } });
    await call(url, 'GET', `/health?max-results=31415926535897`);
    await new Promise((r) => setTimeout(r, 200)); // the child's stdout arrives asynchronously
    const log = api.stdout.join('');
    expect(log).toContain('"msg":"incoming request"');
    expect(log).not.toContain(KEY);
    expect(log).not.toContain(OTHER_SECRET);
    expect(log).not.toContain(NAMED_SECRET.slice(7));
    expect(log).not.toContain('31415926535897');
    expect(log).toContain('/ilert/api/connectors?start-index=[REDACTED]&max-results=[REDACTED]');
    expect(log).toContain('/api/audit?limit=[REDACTED]');
    expect(log).toContain('/api/connectors?[REDACTED]"');
    expect(log).toContain('/ilert/api/connectors?start-index=0&[REDACTED]"');
    // The names and the API's own paging values stay, so a line still says what was asked.
    expect(log).toContain('/api/connectors?api_key=[REDACTED]');
    expect(log).toContain('/ilert/api/connectors?start-index=0&max-results=7&sig=[REDACTED]');
    expect(log).toContain('/health?token=[REDACTED]');
    expect(log).toContain('/no/such/route?api_key=[REDACTED]&[REDACTED]');
  });
});

describe('JSON the parser would silently change is a 400 on both surfaces', () => {
  let dir: string;
  let app: TestServer;
  beforeAll(async () => {
    dir = await tempDir();
    app = await startServer({ configPath: join(dir, 'milady.json') });
  });
  afterAll(async () => {
    await app?.stop();
    await removeDir(dir);
  });

  const send = (method: string, path: string, body: string | Buffer) =>
    fetch(`${app.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body }).then(async (r) => ({
      status: r.status,
      json: (await r.json()) as Record<string, unknown>,
    }));

  it('refuses bytes that are not UTF-8 instead of storing U+FFFD', async () => {
    const invalid = Buffer.concat([Buffer.from('{"name":"telegram","config":{"dmPolicy":"pa'), Buffer.from([0xff, 0xfe]), Buffer.from('iring"}}')]);
    expect(await send('POST', '/api/connectors', invalid)).toEqual({ status: 400, json: { error: 'Malformed JSON body: it is not valid UTF-8 text' } });
    const ilert = Buffer.concat([Buffer.from('{"name":"n'), Buffer.from([0xc3, 0x28]), Buffer.from('","type":"jira","params":{}}')]);
    expect(await send('POST', '/ilert/api/connectors', ilert)).toEqual({
      status: 400,
      json: { status: 400, message: 'Malformed JSON body: it is not valid UTF-8 text', code: 'BAD_REQUEST' },
    });
    // A truncated multi-byte sequence at the very end too.
    expect((await send('POST', '/api/connectors', Buffer.concat([Buffer.from('{"name":"x","config":{}}'), Buffer.from([0xe2, 0x82])]))).status).toBe(400);
    expect(app.server.registry.size).toBe(0);
    // Valid UTF-8 beyond ASCII is kept as sent.
    expect((await send('POST', '/api/connectors', Buffer.from('{"name":"x","config":{"label":"Zürich ✓ 🚀"}}'))).status).toBe(200);
    expect(app.server.registry.getByName('x')?.config).toEqual({ label: 'Zürich ✓ 🚀' });
  });

  it('refuses numbers that overflow to ±Infinity instead of storing null, naming where they are', async () => {
    expect(await send('POST', '/api/connectors', '{"name":"telegram","config":{"port":1e999999}}')).toEqual({
      status: 400,
      json: { error: 'Invalid JSON body: the number at config.port is too large to represent (larger than about 1.8e308)' },
    });
    expect(await send('POST', '/ilert/api/connectors', '{"name":"j","type":"jira","params":{"limits":[1,-1E+400]}}')).toEqual({
      status: 400,
      json: {
        status: 400,
        message: 'Invalid JSON body: the number at params.limits[1] is too large to represent (larger than about 1.8e308)',
        code: 'BAD_REQUEST',
      },
    });
    expect((await send('POST', '/api/connectors', `{"name":"big","config":{"n":1${'0'.repeat(400)}}}`)).status).toBe(400);
    expect((await send('POST', '/api/connectors', '{"name":"x","config":{"n":-1e999999}}')).status).toBe(400);
    // Large but finite numbers, and strings that merely look like them, are kept.
    expect((await send('POST', '/api/connectors', '{"name":"finite","config":{"n":1.7e308,"s":"1e999999","hex":"ab1e123"}}')).status).toBe(200);
    expect(app.server.registry.getByName('finite')?.config).toEqual({ n: 1.7e308, s: '1e999999', hex: 'ab1e123' });
    expect(app.server.registry.getByName('telegram')).toBeUndefined();
  });
});
