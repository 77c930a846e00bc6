// The OpenAPI document (/openapi.json) and the docs page (/docs) of a real server over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import * as published from '@switchboard/schemas';
import { ILERT_REDACT_HEADER } from '@switchboard/schemas';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Json }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Json }>; headers?: Record<string, { schema?: Json }> }>;
  security?: Record<string, string[]>[];
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
  tags?: { name: string; description?: string }[];
}

const API_KEY = 'docs-test-key-0123456789abcdef';

/** Every route of both surfaces, the catalog and health: path -> methods. */
function expectedPaths(prefix: string): Record<string, string[]> {
  return {
    '/api/connectors': ['get', 'post'],
    '/api/connectors/{name}': ['delete'],
    '/api/connector-types': ['get'],
    '/api/connectors/test': ['get', 'post'],
    '/api/connectors/{name}/test': ['get', 'post'],
    '/api/connector-types/{type}/test': ['post'],
    '/api/whoami': ['get'],
    '/health': ['get'],
    '/ready': ['get'],
    [`${prefix}/api/connectors`]: ['get', 'post'],
    [`${prefix}/api/connectors/{id}`]: ['get', 'put', 'delete'],
    [`${prefix}/api/connectors/name/{name}`]: ['get'],
    [`${prefix}/api/connectors/test`]: ['post'],
    [`${prefix}/api/connectors/{id}/test`]: ['post'],
  };
}

async function fetchDocument(server: TestServer): Promise<Document> {
  const answer = await call(server.url, 'GET', '/openapi.json');
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  return answer.json as Document;
}

/** The published JSON Schema as an OpenAPI 3.1 component: the same, without `$schema`. */
function asComponent(schema: Json): Json {
  const { $schema: _draft, ...rest } = schema;
  return rest;
}

/** A fresh copy (the validator resolves references in place) as the plain JSON object it takes. */
const plainCopy = (document: Document) => JSON.parse(JSON.stringify(document)) as Record<string, unknown>;

describe('OpenAPI document and docs page', () => {
  let dir: string;
  let server: TestServer;
  let document: Document;

  beforeAll(async () => {
    dir = await tempDir();
    server = await startServer({ configPath: join(dir, 'milady.json') });
    document = await fetchDocument(server);
  });

  afterAll(async () => {
    await server?.stop();
    await removeDir(dir);
  });

  it('is a valid OpenAPI 3 document', async () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.title).toBe('Switchboard');
    const validator = new Validator();
    const result = await validator.validate(plainCopy(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has every path of both surfaces with their methods, the ilert ones under the prefix', () => {
    const expected = expectedPaths('/ilert');
    // Other endpoints may join the document; these must all be there, and nothing else under the prefix.
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(Object.keys(expected)));
    const underPrefix = (paths: string[]) => paths.filter((path) => path.startsWith('/ilert/')).sort();
    expect(underPrefix(Object.keys(document.paths))).toEqual(underPrefix(Object.keys(expected)));
    for (const [path, methods] of Object.entries(expected)) {
      expect({ path, methods: Object.keys(document.paths[path] ?? {}).sort() }).toEqual({ path, methods: [...methods].sort() });
    }
    const operationIds = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it('answers ilert create with 201 and delete with 204, the Eliza POST with 200', () => {
    const ilert = document.paths['/ilert/api/connectors'];
    expect(Object.keys(ilert.post.responses)).toContain('201');
    expect(Object.keys(ilert.post.responses)).not.toContain('200');
    const byId = document.paths['/ilert/api/connectors/{id}'];
    expect(Object.keys(byId.delete.responses)).toContain('204');
    expect(byId.delete.responses['204'].content).toBeUndefined();
    expect(Object.keys(document.paths['/api/connectors'].post.responses)).toContain('200');
  });

  it('documents the paging query and the path parameters', () => {
    const parameters = document.paths['/ilert/api/connectors'].get.parameters ?? [];
    const byName = Object.fromEntries(parameters.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['max-results', 'start-index', ILERT_REDACT_HEADER]);
    expect(byName['start-index']).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } });
    expect(byName['max-results']).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', maximum: 100, default: 50 } });
    for (const [path, method, name] of [
      ['/ilert/api/connectors/{id}', 'get', 'id'],
      ['/ilert/api/connectors/{id}', 'put', 'id'],
      ['/ilert/api/connectors/{id}', 'delete', 'id'],
      ['/ilert/api/connectors/name/{name}', 'get', 'name'],
      ['/api/connectors/{name}', 'delete', 'name'],
    ]) {
      const parameter = document.paths[path][method].parameters?.find((p) => p.name === name);
      expect({ path, method, parameter: parameter && { in: parameter.in, required: parameter.required } }).toEqual({
        path,
        method,
        parameter: { in: 'path', required: true },
      });
    }
  });

  it(`documents the ${ILERT_REDACT_HEADER} header on every ilert route that answers params`, () => {
    for (const [path, method] of [
      ['/ilert/api/connectors', 'get'],
      ['/ilert/api/connectors', 'post'],
      ['/ilert/api/connectors/{id}', 'get'],
      ['/ilert/api/connectors/{id}', 'put'],
      ['/ilert/api/connectors/name/{name}', 'get'],
    ]) {
      const parameter = document.paths[path][method].parameters?.find((p) => p.name === ILERT_REDACT_HEADER);
      expect({ path, method, parameter: parameter && { in: parameter.in, required: parameter.required } }).toEqual({
        path,
        method,
        parameter: { in: 'header', required: false },
      });
    }
  });

  it('documents request bodies and answers with the payload schemas', () => {
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const json = (op: Operation, status: string) => op.responses[status]?.content?.['application/json']?.schema;
    const eliza = document.paths['/api/connectors'];
    const ilert = document.paths['/ilert/api/connectors'];
    const ilertById = document.paths['/ilert/api/connectors/{id}'];
    expect(eliza.post.requestBody).toMatchObject({ required: true, content: { 'application/json': { schema: ref('ElizaPutConnectorRequest') } } });
    expect(ilert.post.requestBody).toMatchObject({ required: true, content: { 'application/json': { schema: ref('IlertConnectorInput') } } });
    expect(ilertById.put.requestBody).toMatchObject({ required: true, content: { 'application/json': { schema: ref('IlertConnectorInput') } } });
    expect(json(eliza.get, '200')).toEqual(ref('ElizaConnectorsResponse'));
    expect(json(eliza.post, '200')).toEqual(ref('ElizaConnectorsResponse'));
    expect(json(document.paths['/api/connectors/{name}'].delete, '200')).toEqual(ref('ElizaConnectorsResponse'));
    expect(json(ilert.get, '200')).toEqual({ type: 'array', items: ref('IlertConnector') });
    expect(json(ilert.post, '201')).toEqual(ref('IlertConnector'));
    expect(json(ilertById.get, '200')).toEqual(ref('IlertConnector'));
    expect(json(ilertById.put, '200')).toEqual(ref('IlertConnector'));
    expect(json(document.paths['/api/connector-types'].get, '200')).toEqual(ref('ConnectorTypesResponse'));
    expect(json(document.paths['/health'].get, '200')).toEqual(ref('HealthResponse'));
    expect(json(document.paths['/ready'].get, '200')).toEqual(ref('ReadyResponse'));
  });

  it('gives every error its surface shape: Eliza {error}, ilert {status, message, code}', () => {
    let checked = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      const shape = path.startsWith('/ilert/') ? 'IlertError' : 'ElizaError';
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          // Not an error of a surface: /ready answers its own shape with 503 while the store cannot write.
          if (path === '/ready' && status === '503') {
            expect(response.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/ReadyResponse' });
            continue;
          }
          checked += 1;
          expect({ path, method, status, schema: response.content?.['application/json']?.schema }).toEqual({
            path,
            method,
            status,
            schema: { $ref: `#/components/schemas/${shape}` },
          });
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(Object.keys(document.paths['/ilert/api/connectors/{id}'].get.responses)).toEqual(expect.arrayContaining(['401', '403', '404']));
    expect(Object.keys(document.paths['/ilert/api/connectors'].post.responses)).toEqual(expect.arrayContaining(['400', '409', '503', '507']));
    expect(Object.keys(document.paths['/api/connectors'].post.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '503', '507']));
  });

  it('documents every error status a route can give: keys, rate limit (429 with Retry-After), the router, bodies, conflicts', () => {
    let limited = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const statuses = Object.keys(op.responses);
        const probe = path === '/health' || path === '/ready';
        const expected = [
          '403',
          ...(probe ? [] : ['401', '429', '500']),
          ...(path.includes('{') ? ['400', '414'] : []),
          ...(op.requestBody ? ['400', '413', '415'] : []),
          // A write can meet a concurrent change and a failing store; a connection test changes no connector.
          ...((method === 'post' || method === 'put' || method === 'delete') && !probe && !path.endsWith('/test') ? ['409', '503', '507'] : []),
        ];
        expect({ path, method, missing: expected.filter((status) => !statuses.includes(status)) }).toEqual({ path, method, missing: [] });
        if (probe) {
          expect({ path, method, limited: statuses.includes('429') }).toEqual({ path, method, limited: false });
          continue;
        }
        limited += 1;
        expect({ path, method, retryAfter: op.responses['429'].headers?.['Retry-After']?.schema }).toEqual({
          path,
          method,
          retryAfter: { type: 'integer', minimum: 0 },
        });
      }
    }
    expect(limited).toBeGreaterThanOrEqual(9);
    expect(document.paths['/api/connectors'].post.responses['200'].headers?.['x-switchboard-warning']?.schema).toEqual({ type: 'string' });
  });

  it('declares bearer and X-API-Key security on every operation but health', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const expected = path === '/health' || path === '/ready' ? undefined : [{ bearer: [] }, { apiKey: [] }];
        expect({ path, method, security: op.security }).toEqual({ path, method, security: expected });
      }
    }
  });

  it('uses the same payload schemas as @switchboard/schemas', () => {
    const pairs: [string, Json][] = [
      ['ElizaConnectorsResponse', published.elizaConnectorsResponseSchema],
      ['ElizaPutConnectorRequest', published.elizaPutConnectorRequestSchema],
      ['ElizaError', published.elizaErrorSchema],
      ['IlertConnectorType', published.ilertConnectorTypeSchema],
      ['IlertConnector', published.ilertConnectorSchema],
      ['IlertConnectorInput', published.ilertConnectorInputSchema],
      ['IlertError', published.ilertErrorSchema],
      ['ConnectorTypesResponse', published.connectorTypesResponseSchema],
      ['HealthResponse', published.healthResponseSchema],
      ['ReadyResponse', published.readyResponseSchema],
    ];
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(pairs.map(([name]) => name)));
    for (const [name, schema] of pairs) {
      expect({ name, schema: document.components.schemas[name] }).toEqual({ name, schema: asComponent(schema) });
    }
  });

  it('describes what the server really answers', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    for (const [name, schema] of Object.entries(document.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${name}`);
    const conforms = (status: string, op: Operation, body: unknown) => {
      const schema = op.responses[status]?.content?.['application/json']?.schema;
      expect(schema).toBeDefined();
      const validate = ajv.compile(schema as Json);
      return { valid: validate(body), errors: ajv.errorsText(validate.errors) };
    };
    const ok = { valid: true, errors: 'No errors' };
    const paths = document.paths;

    const created = await call(server.url, 'POST', '/ilert/api/connectors', {
      json: { name: 'ops-jira', type: 'jira', params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: 'api-token' } },
    });
    expect(created.status).toBe(201);
    expect(conforms('201', paths['/ilert/api/connectors'].post, created.json)).toEqual(ok);
    const id = (created.json as { id: string }).id;
    // the check has teeth: a wrong answer fails it
    expect(conforms('201', paths['/ilert/api/connectors'].post, { ...(created.json as Json), id: 5 }).valid).toBe(false);
    expect(conforms('201', paths['/ilert/api/connectors'].post, { ...(created.json as Json), createdAt: 'now' }).valid).toBe(false);
    expect(conforms('400', paths['/ilert/api/connectors'].post, { error: 'x' }).valid).toBe(false);

    const put = await call(server.url, 'POST', '/api/connectors', { json: { name: 'telegram', config: { botToken: '123456:ABC-DEF' } } });
    expect(put.status).toBe(200);
    expect(conforms('200', paths['/api/connectors'].post, put.json)).toEqual(ok);

    const list = await call(server.url, 'GET', '/ilert/api/connectors?start-index=0&max-results=10');
    expect(conforms('200', paths['/ilert/api/connectors'].get, list.json)).toEqual(ok);
    expect((list.json as unknown[]).length).toBe(2);

    const badPage = await call(server.url, 'GET', '/ilert/api/connectors?max-results=101');
    expect(badPage.status).toBe(400);
    expect(conforms('400', paths['/ilert/api/connectors'].get, badPage.json)).toEqual(ok);

    const badEliza = await call(server.url, 'POST', '/api/connectors', { json: { name: 'telegram' } });
    expect(badEliza.status).toBe(400);
    expect(conforms('400', paths['/api/connectors'].post, badEliza.json)).toEqual(ok);

    const types = await call(server.url, 'GET', '/api/connector-types');
    expect(conforms('200', paths['/api/connector-types'].get, types.json)).toEqual(ok);
    for (const path of ['/health', '/ready']) {
      expect(conforms('200', paths[path].get, (await call(server.url, 'GET', path)).json)).toEqual(ok);
    }

    // The payloads @switchboard/schemas publishes beside the two surfaces: whoami, audit, connection tests.
    for (const path of ['/api/whoami', '/api/audit', '/api/connectors/test']) {
      const answer = await call(server.url, 'GET', path);
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
      expect({ path, ...conforms('200', paths[path].get, answer.json) }).toEqual({ path, ...ok });
    }
    const audit = (await call(server.url, 'GET', '/api/audit')).json as { entries: Json[] };
    expect(audit.entries.length).toBeGreaterThan(1);
    expect(conforms('200', paths['/api/audit'].get, { entries: [{ ...audit.entries[0], action: 'rename' }] }).valid).toBe(false);
    const untested = await call(server.url, 'POST', '/api/connector-types/twitch/test', { json: { config: {} } });
    expect(untested.json).toMatchObject({ ok: false, status: 'not_supported' });
    expect(conforms('200', paths['/api/connector-types/{type}/test'].post, untested.json)).toEqual(ok);
    expect(conforms('200', paths['/api/connector-types/{type}/test'].post, { ...(untested.json as Json), status: 'maybe' }).valid).toBe(false);

    const form = await call(server.url, 'POST', '/api/connectors', { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(conforms('415', paths['/api/connectors'].post, form.json)).toEqual(ok);
    const longName = await call(server.url, 'GET', `/ilert/api/connectors/name/${'n'.repeat(5000)}`);
    expect(longName.status).toBe(414);
    expect(conforms('414', paths['/ilert/api/connectors/name/{name}'].get, longName.json)).toEqual(ok);

    const removed = await call(server.url, 'DELETE', `/ilert/api/connectors/${encodeURIComponent(id)}`);
    expect(removed.status).toBe(204);
    const missing = await call(server.url, 'GET', `/ilert/api/connectors/${encodeURIComponent(id)}`);
    expect(missing.status).toBe(404);
    expect(conforms('404', paths['/ilert/api/connectors/{id}'].get, missing.json)).toEqual(ok);
  });

  it('serves the docs page with its assets from the server itself', async () => {
    const page = await call(server.url, 'GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const references = [...page.text.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThanOrEqual(4);
    // Offline: nothing from another origin.
    expect(references.filter((ref) => /^(?:https?:)?\/\//.test(ref))).toEqual([]);
    const assets = references.map((ref) => new URL(ref, `${server.url}/docs`).pathname);
    expect(assets).toEqual(expect.arrayContaining(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js']));
    for (const asset of assets) {
      const answer = await call(server.url, 'GET', asset);
      expect({ asset, status: answer.status, empty: answer.text.length === 0 }).toEqual({ asset, status: 200, empty: false });
    }
    const init = await call(server.url, 'GET', '/docs/swagger-ui-init.js');
    expect(init.headers.get('content-type')).toMatch(/javascript/);
    expect(init.text).toContain('ilertCreateConnector');
    expect(init.text).not.toMatch(/validator\.swagger\.io/);
    expect((await call(server.url, 'GET', '/docs/swagger-ui-bundle.js')).text.length).toBeGreaterThan(100_000);
  });
});

describe('OpenAPI document with a custom ilert prefix and API keys', () => {
  let dir: string;
  let server: TestServer;

  beforeAll(async () => {
    dir = await tempDir();
    server = await startServer({
      configPath: join(dir, 'milady.json'),
      env: { ILERT_API_PREFIX: '/alerting/v2', SWITCHBOARD_API_KEYS: `docs:${API_KEY}:read` },
    });
  });

  afterAll(async () => {
    await server?.stop();
    await removeDir(dir);
  });

  it('documents the ilert paths under the configured prefix', async () => {
    const document = await fetchDocument(server);
    const expected = Object.keys(expectedPaths('/alerting/v2'));
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(expected));
    expect(
      Object.keys(document.paths)
        .filter((path) => path.startsWith('/alerting/v2/'))
        .sort(),
    ).toEqual(expected.filter((path) => path.startsWith('/alerting/v2/')).sort());
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/ilert'))).toEqual([]);
    expect(document.tags?.find((tag) => tag.name === 'ilert connectors')?.description).toContain('/alerting/v2');
    const errors = document.paths['/alerting/v2/api/connectors/{id}'].get.responses['404'].content?.['application/json']?.schema;
    expect(errors).toEqual({ $ref: '#/components/schemas/IlertError' });
    expect((await new Validator().validate(plainCopy(document))).valid).toBe(true);
  });

  it('serves the document and the page without a key, while the API needs one', async () => {
    expect((await call(server.url, 'GET', '/openapi.json')).status).toBe(200);
    expect((await call(server.url, 'GET', '/docs')).status).toBe(200);
    expect((await call(server.url, 'GET', '/api/connectors')).status).toBe(401);
    expect((await call(server.url, 'GET', '/alerting/v2/api/connectors')).json).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect((await call(server.url, 'GET', '/api/connectors', { headers: { 'x-api-key': API_KEY } })).status).toBe(200);
    expect((await call(server.url, 'GET', '/alerting/v2/api/connectors', { headers: { authorization: `Bearer ${API_KEY}` } })).status).toBe(200);
  });
});

describe('OpenAPI document against a rate-limited server', () => {
  let dir: string;
  let server: TestServer;

  beforeAll(async () => {
    dir = await tempDir();
    server = await startServer({ configPath: join(dir, 'milady.json'), env: { RATE_LIMIT_PER_ADDRESS: '2' } });
  });

  afterAll(async () => {
    await server?.stop();
    await removeDir(dir);
  });

  it('answers over the limit as documented: 429 in the surface shape, with Retry-After', async () => {
    const document = await fetchDocument(server);
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    for (const [name, schema] of Object.entries(document.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${name}`);
    for (const [path, url] of [
      ['/api/connectors', '/api/connectors'],
      ['/ilert/api/connectors', '/ilert/api/connectors'],
    ] as const) {
      let answer = await call(server.url, 'GET', url);
      for (let i = 0; i < 3 && answer.status !== 429; i += 1) answer = await call(server.url, 'GET', url);
      expect(answer.status).toBe(429);
      const documented = document.paths[path].get.responses['429'];
      const validate = ajv.compile(documented.content!['application/json'].schema);
      expect({ path, valid: validate(answer.json) }).toEqual({ path, valid: true });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Object.keys(documented.headers ?? {})).toEqual(
        expect.arrayContaining(['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']),
      );
    }
  });
});
