import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { ILERT_REDACT_HEADER } from '@switchboard/schemas';
import { loadEnv } from '../src/env.js';
import { type Answer, call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

const WRITER_KEY = 'writer-key-0123456789abcdef';
const READER_KEY = 'reader-key-0123456789abcdef';
const AUDITOR_KEY = 'auditor-key-0123456789abcdef';
const KEYS = `writer:${WRITER_KEY}:read,write;reader:${READER_KEY}:read;auditor:${AUDITOR_KEY}:read,audit`;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const json = { 'content-type': 'application/json' };

/** Eliza `{"error"}` or ilert `{"status","message","code"}`, by path. */
function expectShape(answer: Answer, surface: 'eliza' | 'ilert', status: number): void {
  expect(answer.status).toBe(status);
  const body = answer.json as Record<string, unknown>;
  if (surface === 'eliza') {
    expect(Object.keys(body)).toEqual(['error']);
    expect(typeof body.error).toBe('string');
  } else {
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'status']);
    expect(body.status).toBe(status);
  }
}

/** A request with a raw path: fetch would normalise `..` and reject some encodings. */
function rawCall(
  base: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('abuse resistance over real HTTP', () => {
  let dir: string;
  let app: TestServer | undefined;
  const start = async (env: Record<string, string> = {}) => {
    app = await startServer({ configPath: join(dir, 'state', 'milady.json'), env });
    return app;
  };

  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await removeDir(dir);
  });

  describe('DNS rebinding', () => {
    it('without API keys, answers only requests addressed to a loopback name', async () => {
      const { url } = await start();
      const port = new URL(url).port;
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `[::1]:${port}`]) {
        expect((await rawCall(url, '/api/connectors', { host })).status).toBe(200);
      }
      for (const [path, surface] of [
        ['/api/connectors', 'eliza'],
        ['/ilert/api/connectors', 'ilert'],
      ] as const) {
        const rebound = await rawCall(url, path, { host: `attacker.example:${port}` });
        expectShape({ status: rebound.status, json: JSON.parse(rebound.text), text: rebound.text, headers: new Headers() }, surface, 403);
        expect(rebound.text).toMatch(/only requests addressed to localhost or a loopback address/);
      }
    });

    it('with API keys, the key decides, whatever the Host', async () => {
      const { url } = await start({ SWITCHBOARD_API_KEYS: KEYS });
      expect((await rawCall(url, '/api/connectors', { host: 'switchboard.internal', ...bearer(READER_KEY) })).status).toBe(200);
    });
  });

  describe('limits', () => {
    it('answers a body over BODY_LIMIT with 413 in each surface shape', async () => {
      const { url } = await start({ BODY_LIMIT: '2048' });
      const big = JSON.stringify({ name: 'big', type: 'jira', config: { blob: 'x'.repeat(4096) }, params: { blob: 'x'.repeat(4096) } });
      expectShape(await call(url, 'POST', '/api/connectors', { body: big, headers: json }), 'eliza', 413);
      expectShape(await call(url, 'POST', '/ilert/api/connectors', { body: big, headers: json }), 'ilert', 413);
      expectShape(await call(url, 'PUT', '/ilert/api/connectors/some-id', { body: big, headers: json }), 'ilert', 413);
    });

    it('refuses a config nested deeper than MAX_CONFIG_DEPTH with a 400 naming the limit, even a hostile one', async () => {
      const { url, configPath } = await start({ MAX_CONFIG_DEPTH: '4' });
      const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
      expect((await call(url, 'POST', '/api/connectors', { body: `{"name":"ok","config":${nested(4)}}`, headers: json })).status).toBe(200);
      const tooDeep = await call(url, 'POST', '/api/connectors', { body: `{"name":"deep","config":${nested(5)}}`, headers: json });
      expectShape(tooDeep, 'eliza', 400);
      expect((tooDeep.json as { error: string }).error).toMatch(/more than 4 levels deep.*MAX_CONFIG_DEPTH/);
      // 400 000 brackets: parsed without recursion, refused before anything walks it.
      const hostile = `{"name":"deep","type":"jira","params":{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`;
      const ilert = await call(url, 'POST', '/ilert/api/connectors', { body: hostile, headers: json });
      expectShape(ilert, 'ilert', 400);
      expect((ilert.json as { message: string }).message).toMatch(/MAX_CONFIG_DEPTH/);
      expect(Object.keys((JSON.parse(await readFile(configPath, 'utf8')) as { connectors: object }).connectors)).toEqual(['ok']);
      expect((await call(url, 'GET', '/health')).status).toBe(200);
    });

    it('bounds name length by MAX_NAME_LENGTH (400 naming it), and long names up to it work in paths too', async () => {
      const { url } = await start({ MAX_NAME_LENGTH: '300' });
      const longest = `n${'é'.repeat(299)}`;
      expect((await call(url, 'POST', '/api/connectors', { json: { name: longest, config: {} } })).status).toBe(200);
      const tooLong = await call(url, 'POST', '/api/connectors', { json: { name: `${longest}x`, config: {} } });
      expectShape(tooLong, 'eliza', 400);
      expect((tooLong.json as { error: string }).error).toMatch(/limit of 300 characters \(MAX_NAME_LENGTH\)/);
      const ilertTooLong = await call(url, 'POST', '/ilert/api/connectors', { json: { name: 'x'.repeat(301), type: 'jira' } });
      expectShape(ilertTooLong, 'ilert', 400);
      // A name of the maximum length, percent-encoded (1800 characters), is found and deleted by path.
      const found = await call(url, 'GET', `/ilert/api/connectors/name/${encodeURIComponent(longest)}`);
      expect(found.status).toBe(200);
      const deleted = await call(url, 'DELETE', `/api/connectors/${encodeURIComponent(longest)}`);
      expect(deleted.json).toEqual({ connectors: {} });
    });

    it('refuses a creation past MAX_CONNECTORS with 409 on both surfaces; updates and deletes still work', async () => {
      const { url } = await start({ MAX_CONNECTORS: '2' });
      expect((await call(url, 'POST', '/api/connectors', { json: { name: 'one', config: {} } })).status).toBe(200);
      expect((await call(url, 'POST', '/ilert/api/connectors', { json: { name: 'two', type: 'jira' } })).status).toBe(201);
      const eliza = await call(url, 'POST', '/api/connectors', { json: { name: 'three', config: {} } });
      expectShape(eliza, 'eliza', 409);
      expect((eliza.json as { error: string }).error).toMatch(/maximum of 2 connectors \(MAX_CONNECTORS\)/);
      const ilert = await call(url, 'POST', '/ilert/api/connectors', { json: { name: 'three', type: 'jira' } });
      expectShape(ilert, 'ilert', 409);
      expect((ilert.json as { code: string }).code).toBe('LIMIT_EXCEEDED');
      expect((await call(url, 'POST', '/api/connectors', { json: { name: 'one', config: { changed: true } } })).status).toBe(200);
      expect((await call(url, 'POST', '/api/connectors', { json: { name: 'defaults', config: { dmPolicy: 'open' } } })).status).toBe(200);
      expect((await call(url, 'DELETE', '/api/connectors/one')).status).toBe(200);
      expect((await call(url, 'POST', '/api/connectors', { json: { name: 'three', config: {} } })).status).toBe(200);
    });

    it('answers a malformed or over-long URL in the surface shape, without echoing it', async () => {
      const { url } = await start();
      const bad = await rawCall(url, '/api/connectors/%C3%28PLANTED');
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text)).toEqual({ error: 'Malformed URL: a path segment is not valid percent-encoded UTF-8' });
      const badIlert = await rawCall(url, '/ilert/api/connectors/name/%E0%A4%A');
      expect(JSON.parse(badIlert.text)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
      const long = await rawCall(url, `/ilert/api/connectors/${'x'.repeat(4000)}`);
      expect(long.status).toBe(414);
      expect(JSON.parse(long.text)).toMatchObject({ status: 414, code: 'URI_TOO_LONG' });
      for (const answer of [bad, badIlert, long]) {
        expect(answer.text).not.toContain('PLANTED');
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
        expect(answer.headers['content-security-policy']).toBeDefined();
      }
    });

    it('does not quote a malformed body back (it may hold a secret)', async () => {
      const { url } = await start();
      const answer = await call(url, 'POST', '/api/connectors', { body: '{"name":"x","config":{"password": PLANTED-in-bad-json}}', headers: json });
      expectShape(answer, 'eliza', 400);
      expect(answer.text).toMatch(/Malformed JSON body/);
      expect(answer.text).not.toContain('PLANTED');
    });
  });

  describe('rate limits', () => {
    it('limits per API key id: 429 with Retry-After in each surface shape; another key is unaffected', async () => {
      const { url, logs } = await start({ SWITCHBOARD_API_KEYS: KEYS, RATE_LIMIT_PER_KEY: '3', RATE_LIMIT_PER_ADDRESS: '0' });
      for (let i = 0; i < 3; i++) {
        const ok = await call(url, 'GET', '/api/connectors', { headers: bearer(READER_KEY) });
        expect(ok.status).toBe(200);
        expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
      }
      const limited = await call(url, 'GET', '/ilert/api/connectors', { headers: bearer(READER_KEY) });
      expectShape(limited, 'ilert', 429);
      expect((limited.json as { message: string }).message).toMatch(/API key "reader".*at most 3 a minute/);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expectShape(await call(url, 'GET', '/api/connectors', { headers: { 'x-api-key': READER_KEY } }), 'eliza', 429);
      expect((await call(url, 'GET', '/api/connectors', { headers: bearer(WRITER_KEY) })).status).toBe(200);
      // Health is exempt; unauthenticated calls are not counted against a key.
      for (let i = 0; i < 5; i++) expect((await call(url, 'GET', '/health')).status).toBe(200);
      expect((await call(url, 'GET', '/ready')).status).toBe(200);
      expect((await call(url, 'GET', '/api/connectors')).status).toBe(401);
      const everything = logs.join('\n');
      expect(everything).toMatch(/"limiter":"key","keyId":"reader"/);
      for (const key of [READER_KEY, WRITER_KEY, AUDITOR_KEY]) expect(everything).not.toContain(key);
    });

    it('limits per client address, keys or not (so key guessing is bounded too)', async () => {
      const { url } = await start({ SWITCHBOARD_API_KEYS: KEYS, RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '4' });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(url, 'GET', '/api/connectors', { headers: bearer(`guess-${i}-0123456789abcdef`) })).status);
      statuses.push((await call(url, 'GET', '/api/connectors', { headers: bearer(READER_KEY) })).status);
      const limited = await call(url, 'GET', '/api/connectors', { headers: bearer(READER_KEY) });
      expect(statuses).toEqual([401, 401, 401, 200]);
      expectShape(limited, 'eliza', 429);
      expect((limited.json as { error: string }).error).toMatch(/from this address: at most 4 a minute/);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await call(url, 'GET', '/health')).status).toBe(200);
    });

    it('has the ilert defaults (120/min per key, 700/min per address) and 0 turns a limit off', () => {
      expect(loadEnv({}).rateLimit).toEqual({ perKey: 120, perAddress: 700 });
      expect(loadEnv({ RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0' }).rateLimit).toEqual({ perKey: 0, perAddress: 0 });
      expect(() => loadEnv({ RATE_LIMIT_PER_KEY: '-1' })).toThrow(/RATE_LIMIT_PER_KEY/);
    });

    it('with both limits off, many requests pass', async () => {
      const { url } = await start({ RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0' });
      const answers = await Promise.all(Array.from({ length: 50 }, () => call(url, 'GET', '/api/connectors')));
      expect(answers.every((a) => a.status === 200 && a.headers.get('x-ratelimit-limit') === null)).toBe(true);
    });
  });

  describe('security headers and CORS', () => {
    // Every header name helmet or the API set may send, so the comparison also sees one too many.
    const SECURITY_HEADER_NAMES = [
      'cache-control',
      'content-security-policy',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'origin-agent-cluster',
      'referrer-policy',
      'strict-transport-security',
      'x-content-type-options',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-frame-options',
      'x-permitted-cross-domain-policies',
      'x-powered-by',
      'x-xss-protection',
    ];
    const securityHeadersOf = (answer: { headers: Headers }) =>
      Object.fromEntries(SECURITY_HEADER_NAMES.filter((name) => answer.headers.has(name)).map((name) => [name, answer.headers.get(name)]));

    const API_HEADERS = {
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    };
    /** rawCall's answer with fetch's Headers, for securityHeadersOf. */
    const raw = async (url: string, path: string, headers: Record<string, string> = {}, method = 'GET') => {
      const answer = await rawCall(url, path, headers, method);
      return { status: answer.status, headers: new Headers(Object.entries(answer.headers).map(([name, value]) => [name, String(value)])) };
    };

    // Every way an answer leaves the server: the Eliza fast paths (which write their answers past
    // onSend and add the headers themselves) and their errors, Nest's routes, HEAD, the body parser,
    // the router's own errors, the Host check, the rate limit, 404s.
    it('sends the API security headers on every API answer, success or error, whoever gives it', async () => {
      const { url } = await start({ RATE_LIMIT_PER_ADDRESS: '14', BODY_LIMIT: '1024' });
      const port = new URL(url).port;
      const answers = [
        await call(url, 'GET', '/api/connectors'),
        await call(url, 'POST', '/api/connectors', { json: { name: 'telegram', config: { botToken: '123:PLANTED' } } }),
        await call(url, 'POST', '/api/connectors', { json: { name: 'telegram' } }),
        await call(url, 'POST', '/api/connectors', { body: '{', headers: json }),
        await call(url, 'POST', '/api/connectors', { body: '<name/>', headers: { 'content-type': 'application/xml' } }),
        await call(url, 'POST', '/api/connectors', { body: JSON.stringify({ name: 'big', config: { pad: 'x'.repeat(2048) } }), headers: json }),
        await call(url, 'HEAD', '/api/connectors'),
        await call(url, 'DELETE', '/api/connectors/absent'),
        await call(url, 'POST', '/ilert/api/connectors', { json: { name: 'jira-1', type: 'jira', params: {} } }),
        await call(url, 'GET', '/ilert/api/connectors/nope'),
        await call(url, 'GET', '/health'),
        await call(url, 'GET', '/no/such/route'),
        await call(url, 'GET', '/openapi.json'),
        await raw(url, '/api/connectors/%C3%28'),
        await raw(url, '/api/connectors', { host: `attacker.example:${port}` }),
        // Asterisk-form: Nest's adapter hands it to the not-found handler from an onRequest hook.
        await raw(url, '*', {}, 'OPTIONS'),
      ];
      for (let i = 0; i < 3; i++) answers.push(await call(url, 'GET', '/api/connector-types'));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 400, 415, 413, 200, 200, 201, 404, 200, 404, 200, 400, 403, 404, 200, 429, 429]);
      for (const answer of answers) expect(securityHeadersOf(answer)).toEqual(API_HEADERS);
    });

    it("sends them on the Eliza fast paths' refusals with API keys, and on their answers", async () => {
      const { url } = await start({ SWITCHBOARD_API_KEYS: KEYS });
      const answers = [
        await call(url, 'GET', '/api/connectors'),
        await call(url, 'POST', '/api/connectors', { json: { name: 'telegram', config: {} }, headers: bearer(READER_KEY) }),
        await call(url, 'GET', '/api/connectors', { headers: bearer(READER_KEY) }),
        await call(url, 'POST', '/api/connectors', { json: { name: 'telegram', config: {} }, headers: bearer(WRITER_KEY) }),
      ];
      expect(answers.map((a) => a.status)).toEqual([401, 403, 200, 200]);
      for (const answer of answers) expect(securityHeadersOf(answer)).toEqual(API_HEADERS);
    });

    it('sends helmet document headers on the docs page and its assets, with a CSP the page works under', async () => {
      const { url } = await start();
      const page = await call(url, 'GET', '/docs');
      expect(page.status).toBe(200);
      const assetPath = /<script[^>]*\bsrc="([^"]+)"/.exec(page.text)?.[1];
      expect(assetPath).toBeDefined();
      const asset = await call(url, 'GET', new URL(assetPath!, `${url}/docs`).pathname);
      expect(asset.status).toBe(200);
      for (const answer of [page, asset]) {
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('x-frame-options')).toBe('DENY');
        expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
        expect(answer.headers.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(answer.headers.get('cross-origin-resource-policy')).toBe('same-origin');
        expect(answer.headers.get('x-powered-by')).toBeNull();
        // Plain HTTP: RFC 6797 forbids HSTS here (the API answers' absence is checked above).
        expect(answer.headers.get('strict-transport-security')).toBeNull();
        const csp = answer.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toContain('unsafe-eval');
        expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      }
      // The docs page loads only same-origin scripts and styles (no inline script the CSP would block).
      expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      for (const [, src] of page.text.matchAll(/(?:src|href)="([^"]+)"/g)) {
        expect(src).not.toMatch(/^(https?:)?\/\//);
      }
      // A path that only starts like the docs page is an API path.
      expect((await call(url, 'GET', '/docsx')).headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    });

    it('has CORS off by default: no Access-Control-Allow-Origin for any origin', async () => {
      const { url } = await start();
      const answer = await call(url, 'GET', '/api/connectors', { headers: { origin: 'https://evil.example' } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await call(url, 'OPTIONS', '/api/connectors', {
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('allows exactly the origins in CORS_ORIGINS, with the API-key headers', async () => {
      const { url } = await start({ CORS_ORIGINS: 'https://ui.example.com, http://localhost:5173' });
      const preflight = await call(url, 'OPTIONS', '/ilert/api/connectors', {
        headers: { origin: 'https://ui.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://ui.example.com');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
      // The optimistic precondition works from a browser too: If-Match may be sent, ETag read.
      const conditional = await call(url, 'OPTIONS', '/ilert/api/connectors/some-id', {
        headers: { origin: 'https://ui.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'if-match,content-type' },
      });
      expect(conditional.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-match');
      // And ask for redacted answers whatever its key may, as the web console does.
      const redacting = await call(url, 'OPTIONS', '/ilert/api/connectors', {
        headers: { origin: 'https://ui.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': ILERT_REDACT_HEADER },
      });
      expect(redacting.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(ILERT_REDACT_HEADER);
      const allowed = await call(url, 'GET', '/api/connectors', { headers: { origin: 'http://localhost:5173' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(allowed.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('etag');
      const other = await call(url, 'GET', '/api/connectors', { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expect(() => loadEnv({ CORS_ORIGINS: 'https://ui.example.com/path' })).toThrow(/CORS_ORIGINS/);
      expect(loadEnv({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    });
  });

  describe('audit trail', () => {
    it('records every change with key id, connector, field paths and surface; readable with the audit permission only', async () => {
      const { url, logs, configPath } = await start({ SWITCHBOARD_API_KEYS: KEYS });
      const w = bearer(WRITER_KEY);
      await call(url, 'POST', '/api/connectors', {
        json: { name: 'telegram', config: { botToken: '123:PLANTED-audit-token', dmPolicy: 'pairing' } },
        headers: w,
      });
      await call(url, 'POST', '/api/connectors', {
        json: { name: 'telegram', config: { botToken: '****:****', dmPolicy: 'open', allowFrom: ['*'] } },
        headers: w,
      });
      const created = await call(url, 'POST', '/ilert/api/connectors', {
        json: { name: 'ops-jira', type: 'jira', params: { url: 'https://team.atlassian.net', password: 'PLANTED-audit-jira' } },
        headers: w,
      });
      const id = (created.json as { id: string }).id;
      await call(url, 'PUT', `/ilert/api/connectors/${id}`, {
        json: { name: 'ops-jira-2', type: 'jira', params: { url: 'https://team.atlassian.net', password: 'PLANTED-audit-jira-2' } },
        headers: w,
      });
      await call(url, 'DELETE', `/ilert/api/connectors/${id}`, { headers: w });
      await call(url, 'DELETE', '/api/connectors/not-there', { headers: w });

      expectShape(await call(url, 'GET', '/api/audit', { headers: bearer(READER_KEY) }), 'eliza', 403);
      expectShape(await call(url, 'GET', '/api/audit', { headers: w }), 'eliza', 403);
      expectShape(await call(url, 'GET', '/api/audit'), 'eliza', 401);
      expectShape(await call(url, 'GET', '/api/audit?limit=abc', { headers: bearer(AUDITOR_KEY) }), 'eliza', 400);
      expectShape(await call(url, 'GET', '/api/audit?limit=0', { headers: bearer(AUDITOR_KEY) }), 'eliza', 400);

      const answer = await call(url, 'GET', '/api/audit', { headers: bearer(AUDITOR_KEY) });
      expect(answer.status).toBe(200);
      const entries = (answer.json as { entries: Record<string, unknown>[] }).entries;
      expect(entries.map((e) => [e.actor, e.surface, e.action, (e.connector as { name: string }).name, e.fields])).toEqual([
        ['writer', 'ilert', 'delete', 'ops-jira-2', ['url', 'password']],
        ['writer', 'ilert', 'update', 'ops-jira-2', ['password']],
        ['writer', 'ilert', 'create', 'ops-jira', ['url', 'password']],
        ['writer', 'eliza', 'update', 'telegram', ['dmPolicy', 'allowFrom']],
        ['writer', 'eliza', 'create', 'telegram', ['botToken', 'dmPolicy']],
      ]);
      expect(entries[1]).toMatchObject({ previousName: 'ops-jira', connector: { id, type: 'jira' } });
      expect(Date.parse(entries[0].at as string)).not.toBeNaN();
      const limited = await call(url, 'GET', '/api/audit?limit=2', { headers: bearer(AUDITOR_KEY) });
      expect((limited.json as { entries: unknown[] }).entries).toEqual(entries.slice(0, 2));

      // One structured log line per change; the JSONL file beside the config file, 0600.
      const auditLines = logs.map((l) => JSON.parse(l) as { audit?: Record<string, unknown> }).filter((l) => l.audit);
      expect(auditLines.map((l) => l.audit?.action)).toEqual(['create', 'update', 'create', 'update', 'delete']);
      const file = join(dir, 'state', 'milady.audit.jsonl');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const fileEntries = (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown);
      expect(fileEntries).toEqual([...entries].reverse());
      for (const text of [answer.text, logs.join('\n'), await readFile(file, 'utf8')]) {
        expect(text).not.toContain('PLANTED');
        expect(text).not.toContain(WRITER_KEY);
      }

      // After a restart the trail is still there.
      await app?.stop();
      app = await startServer({ configPath, env: { SWITCHBOARD_API_KEYS: KEYS } });
      const again = await call(app.url, 'GET', '/api/audit', { headers: bearer(AUDITOR_KEY) });
      expect((again.json as { entries: unknown[] }).entries).toEqual(entries);
    });

    it('names the actor "anonymous" when no keys are configured (who may then read the trail)', async () => {
      const { url } = await start();
      await call(url, 'POST', '/api/connectors', { json: { name: 'x', config: { a: 1 } } });
      const answer = await call(url, 'GET', '/api/audit');
      expect((answer.json as { entries: { actor: string; surface: string }[] }).entries).toEqual([
        expect.objectContaining({ actor: 'anonymous', surface: 'eliza', action: 'create', fields: ['a'] }),
      ]);
    });
  });
});
