// What a newcomer trips over, over real HTTP: errors that say what to do (415, unknown type, 405
// with Allow), a name that chooses no plugin (warning header, log line, the generic type on the
// ilert surface), and /ready giving where the store is only to a caller that may read.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { ilertConnectorTypeSchema } from '@switchboard/schemas';
import { call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

const WARNING = 'x-switchboard-warning';

describe('errors that say what to do, and names that choose no plugin (no API keys)', () => {
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

  it('answers a body that is not JSON with a 415 naming the content type to send, in each surface shape', async () => {
    const form = { body: 'name=telegram', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    const eliza = await call(app.url, 'POST', '/api/connectors', form);
    expect(eliza.status).toBe(415);
    expect(eliza.json).toEqual({ error: expect.stringContaining('Content-Type: application/json') });
    const ilert = await call(app.url, 'PUT', '/ilert/api/connectors/some-id', { body: '<connector/>', headers: { 'content-type': 'application/xml' } });
    expect(ilert.status).toBe(415);
    expect(ilert.json).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('Content-Type: application/json') });
    // text/plain is parsed as a string: a 400 that says the same
    const plain = await call(app.url, 'POST', '/ilert/api/connectors', { body: '{"name":"a","type":"jira"}', headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(400);
    expect((plain.json as { message: string }).message).toContain('Content-Type: application/json');
  });

  it('says where the types are and suggests the closest for an unknown type', async () => {
    const typo = await call(app.url, 'POST', '/ilert/api/connectors', { json: { name: 'a', type: 'telegarm', params: {} } });
    expect(typo.status).toBe(400);
    expect(typo.json).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      message: 'Unknown connector type "telegarm": GET /api/connector-types lists the types; closest: "telegram"',
    });
    const teams = await call(app.url, 'POST', '/ilert/api/connectors', { json: { name: 'a', type: 'ms-team', params: {} } });
    expect((teams.json as { message: string }).message).toMatch(/closest: "msteams"/);
    // nothing close: no unrelated suggestions, still the pointer to the catalog
    const acme = await call(app.url, 'POST', '/ilert/api/connectors', { json: { name: 'a', type: 'acme', params: {} } });
    expect((acme.json as { message: string }).message).toBe('Unknown connector type "acme": GET /api/connector-types lists the types');
    // testing a form of a type no plugin has: the same pointer, in a 404 (the type is in the path)
    const untestable = await call(app.url, 'POST', '/api/connector-types/telegarm/test', { json: { config: {} } });
    expect(untestable.status).toBe(404);
    expect(untestable.json).toEqual({ error: 'Unknown connector type "telegarm": GET /api/connector-types lists the types; closest: "telegram"' });
    const catalog = await call(app.url, 'GET', '/api/connector-types');
    expect(catalog.status).toBe(200);
  });

  it('answers a method the path does not have with a 405 and Allow, in each surface shape; an unknown path stays a 404', async () => {
    const put = await call(app.url, 'PUT', '/api/connectors', { json: { name: 'telegram', config: {} } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(put.json).toEqual({ error: expect.stringContaining('allows GET, HEAD, POST') });
    // security headers as on every API answer
    expect(put.headers.get('x-content-type-options')).toBe('nosniff');

    const created = await call(app.url, 'POST', '/ilert/api/connectors', { json: { name: 'ops', type: 'jira', params: {} } });
    const { id } = created.json as { id: string };
    const patch = await call(app.url, 'PATCH', `/ilert/api/connectors/${id}`, { json: { name: 'ops' } });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE');
    expect(patch.json).toEqual({ status: 405, code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('Method PATCH is not allowed') });
    const byName = await call(app.url, 'DELETE', '/ilert/api/connectors/name/ops');
    expect([byName.status, byName.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const elizaDelete = await call(app.url, 'POST', '/api/connectors/telegram');
    expect([elizaDelete.status, elizaDelete.headers.get('allow')]).toEqual([405, 'DELETE']);
    // the connector is untouched
    expect((await call(app.url, 'GET', `/ilert/api/connectors/${id}`)).status).toBe(200);

    const unknown = await call(app.url, 'GET', '/api/connectorz');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('allow')).toBeNull();
  });

  it('warns in a header and the log when a name matches no plugin, and shows it on the ilert surface with the generic type', async () => {
    const logsBefore = app.logs.length;
    const first = await call(app.url, 'POST', '/api/connectors', { json: { name: 'my-telegram', config: { botToken: '123456:ABC-DEF' } } });
    expect(first.status).toBe(200);
    // the answer's shape is the runtime's: only the map
    expect(Object.keys(first.json as object)).toEqual(['connectors']);
    const warning = first.headers.get(WARNING);
    expect(warning).toContain('matches no connector plugin');
    expect(warning).toContain('"accounts"');
    expect(warning).toContain('GET /api/connector-types');
    expect(warning).toContain('closest: "telegram"');
    const logged = app.logs.slice(logsBefore).map((line) => JSON.parse(line) as { level: number; msg: string; connector?: string });
    expect(logged.filter((line) => line.level === 40 && line.connector === 'my-telegram')).toEqual([
      expect.objectContaining({ msg: 'connector "my-telegram" matches no plugin: stored without validation; closest: "telegram"' }),
    ]);

    // an update warns in the answer again, without a second log line
    const logsBeforeUpdate = app.logs.length;
    const again = await call(app.url, 'POST', '/api/connectors', { json: { name: 'my-telegram', config: { botToken: '****' } } });
    expect(again.headers.get(WARNING)).toContain('matches no connector plugin');
    expect(app.logs.slice(logsBeforeUpdate).filter((line) => line.includes('matches no plugin'))).toEqual([]);

    // a plugin's own name, and the shared defaults, carry no warning
    const telegram = await call(app.url, 'POST', '/api/connectors', { json: { name: 'telegram', config: { botToken: '123456:ABC-DEF' } } });
    expect(telegram.status).toBe(200);
    expect(telegram.headers.get(WARNING)).toBeNull();
    const defaults = await call(app.url, 'POST', '/api/connectors', { json: { name: 'defaults', config: { groupPolicy: 'open' } } });
    expect(defaults.headers.get(WARNING)).toBeNull();

    // the ilert surface shows the generic type, which its clients know and the catalog lists
    const shown = await call(app.url, 'GET', '/ilert/api/connectors/name/my-telegram');
    expect(shown.json).toMatchObject({ name: 'my-telegram', type: 'dynamic', params: { botToken: '****' } });
    expect(ilertConnectorTypeSchema.enum).toContain('dynamic');
    const types = (await call(app.url, 'GET', '/api/connector-types')).json as { connectorTypes: { type: string }[] };
    expect(types.connectorTypes.map((t) => t.type)).toContain('dynamic');

    // sending it back as shown works (the type is unchanged for the client); another type is refused
    const { id } = shown.json as { id: string };
    const roundTrip = await call(app.url, 'PUT', `/ilert/api/connectors/${id}`, {
      json: { name: 'my-telegram', type: 'dynamic', params: { botToken: '****', extra: 1 } },
    });
    expect(roundTrip.status).toBe(200);
    expect(roundTrip.json).toMatchObject({ type: 'dynamic', params: { botToken: '****', extra: 1 } });
    const retyped = await call(app.url, 'PUT', `/ilert/api/connectors/${id}`, { json: { name: 'my-telegram', type: 'telegram', params: {} } });
    expect(retyped.status).toBe(400);
    // the stored token survived the round trip; the Eliza map is unchanged in shape
    const map = (await call(app.url, 'GET', '/api/connectors')).json as { connectors: Record<string, unknown> };
    expect(map.connectors['my-telegram']).toEqual({ botToken: '****', extra: 1 });
  });

  it('gives where the store is to a caller that may read (anyone, without API keys)', async () => {
    const ready = await call(app.url, 'GET', '/ready');
    expect(ready.json).toMatchObject({ status: 'ready', store: `Eliza config file ${app.configPath}` });
  });
});

describe('405 with CORS on (its preflight route matches every path)', () => {
  let dir: string;
  let app: TestServer;

  beforeAll(async () => {
    dir = await tempDir();
    app = await startServer({ configPath: join(dir, 'milady.json'), env: { CORS_ORIGINS: 'https://ui.example.com' } });
  });

  afterAll(async () => {
    await app?.stop();
    await removeDir(dir);
  });

  it('still answers an unknown path with 404 and a wrong method with 405', async () => {
    expect((await call(app.url, 'GET', '/no/such/path')).status).toBe(404);
    const put = await call(app.url, 'PUT', '/api/connectors', { json: {} });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST']);
  });

  it('lets a page of an allowed origin read the warning and Allow headers', async () => {
    const origin = { origin: 'https://ui.example.com' };
    const post = await call(app.url, 'POST', '/api/connectors', { json: { name: 'my-telegram', config: {} }, headers: origin });
    expect(post.headers.get(WARNING)).toContain('matches no connector plugin');
    expect(
      post.headers
        .get('access-control-expose-headers')
        ?.split(',')
        .map((h) => h.trim()),
    ).toEqual(expect.arrayContaining(['allow', WARNING]));
  });
});

describe('/ready with API keys', () => {
  const READER_KEY = 'ready-reader-key-0123456789';
  const WRITER_KEY = 'ready-writer-key-0123456789';
  let dir: string;
  let app: TestServer;

  beforeAll(async () => {
    dir = await tempDir();
    app = await startServer({ configPath: join(dir, 'milady.json'), env: { SWITCHBOARD_API_KEYS: `reader:${READER_KEY}:read;writer:${WRITER_KEY}:write` } });
  });

  afterAll(async () => {
    await app?.stop();
    await removeDir(dir);
  });

  it('tells anyone it is ready and which kind of store, but the path only to a key with read', async () => {
    const ready = (headers?: Record<string, string>) => call(app.url, 'GET', '/ready', { headers });
    const variants: (Record<string, string> | undefined)[] = [
      undefined,
      { authorization: 'Bearer not-a-key-0123456789abc' },
      { 'x-api-key': WRITER_KEY },
      { authorization: 'Basic dXNlcjpwYXNz' },
    ];
    for (const headers of variants) {
      const answer = await ready(headers);
      expect({ headers, status: answer.status, json: answer.json }).toEqual({
        headers,
        status: 200,
        json: { status: 'ready', store: 'Eliza config file', connectors: 0 },
      });
      expect(answer.text).not.toContain(dir);
    }
    const reader = await ready({ authorization: `Bearer ${READER_KEY}` });
    expect(reader.json).toEqual({ status: 'ready', store: `Eliza config file ${app.configPath}`, connectors: 0 });
    expect((await ready({ 'x-api-key': READER_KEY })).text).toContain(app.configPath);
  });
});
