import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { ILERT_REDACT_HEADER } from '@switchboard/schemas';
import { type Answer, call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';
import { expectRuntimeAcceptsFile } from './support/runtime-config-check.js';

const ADMIN_KEY = 'admin-key-0123456789abcdef';
const WRITER_KEY = 'writer-key-0123456789abcdef';
const READER_KEY = 'reader-key-0123456789abcdef';
const KEYS = `admin:${ADMIN_KEY}:read,write,reveal;writer:${WRITER_KEY};reader:${READER_KEY}:read`;

const JIRA_PASSWORD = 'PLANTED-jira-api-token-3d9';
const ZENDESK_KEY = 'PLANTED-zendesk-key-8e1';
const PLANTED = [JIRA_PASSWORD, ZENDESK_KEY, ADMIN_KEY, WRITER_KEY, READER_KEY];

/** The headers the ilert Go client sends on every request. */
function goClientHeaders(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'accept-encoding': 'gzip', 'user-agent': 'ilert-go/v3' };
}

interface IlertConnector {
  id: string;
  type: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  params: Record<string, unknown>;
}

describe('ilert connectors API (as the Go client and Terraform provider call it) and API keys', () => {
  let dir: string;
  let app: TestServer;
  const transcript: string[] = [];
  const allLogs: string[] = [];

  const ilert = (method: string, path: string, key = ADMIN_KEY, json?: unknown) =>
    call(app.url, method, `/ilert/api/connectors${path}`, { json, headers: goClientHeaders(key) }, transcript);
  const jira = (name: string) => ({
    name,
    type: 'jira',
    params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: JIRA_PASSWORD },
  });

  beforeEach(async () => {
    dir = await tempDir();
    app = await startServer({ configPath: join(dir, 'milady.json'), env: { SWITCHBOARD_API_KEYS: KEYS } });
  });

  afterEach(async () => {
    await app.stop();
    allLogs.push(...app.logs);
    await removeDir(dir);
  });

  afterAll(() => {
    const everything = [...transcript, ...allLogs].join('\n');
    // Keys never appear; planted secrets only where the admin key asked to reveal them (checked per test).
    for (const key of [ADMIN_KEY, WRITER_KEY, READER_KEY]) expect(everything).not.toContain(key);
    expect(allLogs.join('\n')).not.toContain(JIRA_PASSWORD);
    expect(allLogs.join('\n')).not.toContain(ZENDESK_KEY);
    expect(PLANTED.length).toBe(5);
  });

  it('replays the Go client: create (201), get, page until a short page, find by name, update, delete (204), then 404', async () => {
    const created = await ilert('POST', '', ADMIN_KEY, jira('ops-jira'));
    expect(created.status).toBe(201);
    const connector = created.json as IlertConnector;
    expect(connector).toMatchObject({ type: 'jira', name: 'ops-jira', params: { password: JIRA_PASSWORD } });
    expect(typeof connector.id).toBe('string');
    expect(new Date(connector.createdAt).toISOString()).toBe(connector.createdAt);
    expect(connector.updatedAt).toBe(connector.createdAt);

    expect((await ilert('GET', `/${connector.id}`)).json).toEqual(connector);

    for (let i = 0; i < 6; i++) expect((await ilert('POST', '', ADMIN_KEY, jira(`jira-${i}`))).status).toBe(201);
    const seen: string[] = [];
    for (let start = 0; ; start += 3) {
      const page = (await ilert('GET', `?start-index=${start}&max-results=3`)).json as IlertConnector[];
      seen.push(...page.map((c) => c.name));
      if (page.length < 3) break;
    }
    expect(seen).toEqual(['ops-jira', 'jira-0', 'jira-1', 'jira-2', 'jira-3', 'jira-4', 'jira-5']);
    expect(((await ilert('GET', '')).json as unknown[]).length).toBe(7);

    expect((await ilert('GET', '/name/ops-jira')).json).toEqual(connector);
    const missing = await ilert('GET', '/name/nobody');
    expect(missing).toMatchObject({ status: 404, json: { status: 404, code: 'NOT_FOUND' } });

    const updated = await ilert('PUT', `/${connector.id}`, ADMIN_KEY, { ...jira('ops-jira-renamed'), id: connector.id });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id: connector.id, name: 'ops-jira-renamed', createdAt: connector.createdAt });
    expect((await ilert('GET', '/name/ops-jira')).status).toBe(404);

    const deleted = await call(
      app.url,
      'DELETE',
      `/ilert/api/connectors/${connector.id}`,
      { headers: { ...goClientHeaders(ADMIN_KEY), 'content-length': '0' } },
      transcript,
    );
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(await ilert('GET', `/${connector.id}`)).toMatchObject({ status: 404, json: { status: 404, code: 'NOT_FOUND' } });
    expect((await ilert('DELETE', `/${connector.id}`)).status).toBe(404);
  });

  it('honours Accept-Encoding: gzip', async () => {
    for (let i = 0; i < 20; i++) await ilert('POST', '', ADMIN_KEY, jira(`gz-${i}`));
    const response = await fetch(`${app.url}/ilert/api/connectors?max-results=100`, { headers: goClientHeaders(ADMIN_KEY) });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(((await response.json()) as unknown[]).length).toBe(20);
  });

  it.each([
    ['an unknown type', { name: 'x', type: 'carrier_pigeon' }, /Unknown connector type "carrier_pigeon"/],
    ['a missing type', { name: 'x' }, /Missing connector type/],
    ['a missing name', { type: 'jira' }, /Missing connector name/],
    ['params that are not an object', { name: 'x', type: 'jira', params: [1] }, /params must be a JSON object/],
    ['a bad param', { name: 'x', type: 'jira', params: { email: 'not-an-email' } }, /email must be an email/],
    ['a body that is not an object', 'jira', /JSON connector object/],
    ['the reserved name defaults', { name: 'defaults', type: 'jira' }, /reserved/],
  ])('refuses %s with 400 in the ilert error shape', async (_case, body, message) => {
    const answer = await ilert('POST', '', ADMIN_KEY, body);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ status: 400, message: expect.stringMatching(message), code: 'BAD_REQUEST' });
  });

  it.each(['start-index=-1', 'max-results=101', 'max-results=0', 'max-results=abc', 'start-index=1.5'])(
    'refuses the out-of-range query %s with 400',
    async (query) => {
      const answer = await ilert('GET', `?${query}`);
      expect(answer).toMatchObject({ status: 400, json: { status: 400, code: 'BAD_REQUEST' } });
    },
  );

  it('refuses malformed JSON, a type change and a name clash (409) in the ilert shape', async () => {
    const malformed = await call(app.url, 'POST', '/ilert/api/connectors', { body: '{"name":', headers: goClientHeaders(ADMIN_KEY) }, transcript);
    expect(malformed).toMatchObject({ status: 400, json: { status: 400, code: 'BAD_REQUEST' } });

    const { id } = (await ilert('POST', '', ADMIN_KEY, jira('one'))).json as IlertConnector;
    await ilert('POST', '', ADMIN_KEY, jira('two'));
    const typeChange = await ilert('PUT', `/${id}`, ADMIN_KEY, { name: 'one', type: 'zendesk', params: {} });
    expect(typeChange).toMatchObject({ status: 400, json: { message: expect.stringMatching(/type of a connector cannot be changed/) } });
    expect((await ilert('POST', '', ADMIN_KEY, jira('two'))).json).toEqual({
      status: 409,
      message: 'A connector named "two" already exists',
      code: 'CONFLICT',
    });
    expect((await ilert('PUT', `/${id}`, ADMIN_KEY, jira('two'))).status).toBe(409);
    // Names are unique across both surfaces.
    await call(app.url, 'POST', '/api/connectors', { json: { name: 'telegram', config: {} }, headers: goClientHeaders(ADMIN_KEY) }, transcript);
    expect((await ilert('POST', '', ADMIN_KEY, { name: 'telegram', type: 'jira' })).status).toBe(409);
    expect((await ilert('GET', '/no-such-id')).json).toEqual({ status: 404, message: 'No connector with id "no-such-id"', code: 'NOT_FOUND' });
  });

  it('accepts params null or omitted, and treats "" as unset', async () => {
    expect((await ilert('POST', '', ADMIN_KEY, { name: 'a', type: 'slack', params: null })).json).toMatchObject({ params: {} });
    expect((await ilert('POST', '', ADMIN_KEY, { name: 'b', type: 'slack' })).json).toMatchObject({ params: {} });
    const blank = await ilert('POST', '', ADMIN_KEY, { name: 'c', type: 'zendesk', params: { url: 'https://x.zendesk.com', email: '', apiKey: ZENDESK_KEY } });
    expect(blank.status).toBe(201);
    expect((blank.json as IlertConnector).params).toEqual({ url: 'https://x.zendesk.com', apiKey: ZENDESK_KEY });
  });

  it('is one registry with the Eliza surface, both ways, redacted on both for keys without reveal', async () => {
    await ilert('POST', '', ADMIN_KEY, jira('ops-jira'));
    const eliza = await call(app.url, 'GET', '/api/connectors', { headers: goClientHeaders(ADMIN_KEY) }, transcript);
    expect(eliza.json).toEqual({ connectors: { 'ops-jira': { url: 'https://team.atlassian.net', email: 'ops@example.com', password: '****' } } });

    await call(
      app.url,
      'POST',
      '/api/connectors',
      { json: { name: 'telegram', config: { botToken: '1:PLANTED-tg' } }, headers: goClientHeaders(WRITER_KEY) },
      transcript,
    );
    const listed = (await ilert('GET', '', READER_KEY)).json as IlertConnector[];
    expect(listed.map((c) => [c.name, c.type])).toEqual([
      ['ops-jira', 'jira'],
      ['telegram', 'telegram'],
    ]);
    expect(listed[0].params.password).toBe('****');
    expect(listed[1].params).toEqual({ botToken: '****:****' });
    expect(typeof listed[1].id).toBe('string');
    // Created through ilert, stored in the Eliza map under its name.
    const file = await expectRuntimeAcceptsFile(app.configPath);
    expect(file.connectors['ops-jira'].password).toBe(JIRA_PASSWORD);
  });

  it('keeps the stored secret when a PUT carries back the redacted value', async () => {
    const { id } = (await ilert('POST', '', WRITER_KEY, jira('ops-jira'))).json as IlertConnector;
    const redacted = (await ilert('GET', `/${id}`, WRITER_KEY)).json as IlertConnector;
    expect(redacted.params.password).toBe('****');
    const updated = await ilert('PUT', `/${id}`, WRITER_KEY, { ...redacted, params: { ...redacted.params, email: 'new@example.com' } });
    expect(updated.status).toBe(200);
    expect(((await ilert('GET', `/${id}`, ADMIN_KEY)).json as IlertConnector).params).toEqual({
      url: 'https://team.atlassian.net',
      email: 'new@example.com',
      password: JIRA_PASSWORD,
    });
  });

  it('gives Terraform a read-compare-update cycle with no change when it holds reveal', async () => {
    const desired = jira('tf-jira');
    const { id } = (await ilert('POST', '', ADMIN_KEY, desired)).json as IlertConnector;
    // terraform plan: read, compare the state with the configuration
    const state = (await ilert('GET', `/${id}`)).json as IlertConnector;
    expect({ name: state.name, type: state.type, params: state.params }).toEqual(desired);
    // terraform apply with the same configuration
    const applied = (await ilert('PUT', `/${id}`, ADMIN_KEY, desired)).json as IlertConnector;
    expect(applied.params).toEqual(desired.params);
    const again = (await ilert('GET', `/${id}`)).json as IlertConnector;
    expect({ name: again.name, type: again.type, params: again.params }).toEqual(desired);
  });

  it(`answers params redacted to a reveal key that sends ${ILERT_REDACT_HEADER} (as the web console does), on every route with params`, async () => {
    const redacting = { ...goClientHeaders(ADMIN_KEY), [ILERT_REDACT_HEADER]: 'true' };
    const asked = (method: string, path: string, json?: unknown) =>
      call(app.url, method, `/ilert/api/connectors${path}`, { json, headers: redacting }, transcript);
    const created = await asked('POST', '', jira('ui-jira'));
    expect(created.status).toBe(201);
    const { id } = created.json as IlertConnector;
    const sentBack = { ...jira('ui-jira'), params: { ...jira('ui-jira').params, email: 'new@example.com', password: '****' } };
    const answers = [
      created,
      await asked('GET', ''),
      await asked('GET', `/${id}`),
      await asked('GET', '/name/ui-jira'),
      await asked('PUT', `/${id}`, sentBack),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(300);
      expect(JSON.stringify(answer.json)).not.toContain(JIRA_PASSWORD);
      expect(JSON.stringify(answer.json)).toContain('"password":"****"');
    }
    // The mask sent back kept the stored secret, and the same key without the header still reads it in clear.
    expect(((await ilert('GET', `/${id}`)).json as IlertConnector).params).toEqual({ ...jira('ui-jira').params, email: 'new@example.com' });
  });

  describe('authentication and permissions on both surfaces', () => {
    const eliza = (method: string, headers: Record<string, string>, json?: unknown): Promise<Answer> =>
      call(app.url, method, '/api/connectors', { headers: { 'content-type': 'application/json', ...headers }, json }, transcript);

    it('answers 401 without a key, with a wrong key and with Basic credentials, in each shape', async () => {
      expect(await eliza('GET', {})).toMatchObject({ status: 401, json: { error: 'Unauthorized' } });
      expect(await eliza('GET', { authorization: 'Bearer wrong-key-0123456789' })).toMatchObject({ status: 401, json: { error: 'Unauthorized' } });
      const basic = await eliza('GET', { authorization: `Basic ${Buffer.from('me@org:pw').toString('base64')}` });
      expect(basic.status).toBe(401);
      expect((basic.json as { error: string }).error).toMatch(/Basic credentials are not accepted/);
      expect(await call(app.url, 'GET', '/ilert/api/connectors', {}, transcript)).toMatchObject({ status: 401, json: { status: 401, code: 'UNAUTHORIZED' } });
      expect(await call(app.url, 'GET', '/ilert/api/connectors', { headers: { authorization: 'Basic Zm9vOmJhcg==' } }, transcript)).toMatchObject({
        status: 401,
        json: { status: 401 },
      });
      expect((await call(app.url, 'GET', '/api/connector-types', {}, transcript)).status).toBe(401);
      expect((await call(app.url, 'GET', '/health', {}, transcript)).status).toBe(200);
    });

    it('accepts the key as Bearer or X-API-Key, and enforces read, write and reveal', async () => {
      expect((await eliza('GET', { 'x-api-key': READER_KEY })).status).toBe(200);
      expect((await eliza('GET', { authorization: `bearer ${READER_KEY}` })).status).toBe(200);
      const forbidden = await eliza('POST', { 'x-api-key': READER_KEY }, { name: 'x', config: {} });
      expect(forbidden).toMatchObject({ status: 403, json: { error: 'API key "reader" lacks the "write" permission' } });
      expect(await ilert('POST', '', READER_KEY, jira('x'))).toMatchObject({ status: 403, json: { status: 403, code: 'FORBIDDEN' } });
      expect((await ilert('DELETE', '/any', READER_KEY)).status).toBe(403);

      const created = await ilert('POST', '', WRITER_KEY, jira('w'));
      expect(created.status).toBe(201);
      expect((created.json as IlertConnector).params.password).toBe('****');
      const id = (created.json as IlertConnector).id;
      expect(((await ilert('GET', `/${id}`, READER_KEY)).json as IlertConnector).params.password).toBe('****');
      expect(((await ilert('GET', `/${id}`, ADMIN_KEY)).json as IlertConnector).params.password).toBe(JIRA_PASSWORD);
      // The Eliza surface always redacts, whatever the key may do.
      expect((await eliza('GET', { authorization: `Bearer ${ADMIN_KEY}` })).json).toEqual({
        connectors: { w: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: '****' } },
      });
      // Logs name the key id, never the key.
      expect(app.logs.join('\n')).not.toContain(WRITER_KEY);
    });
  });
});
