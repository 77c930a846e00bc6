// The web console's files at /ui/ (a stand-in build in a temporary folder, so this does not depend on
// apps/web) and GET /api/whoami, which the console reads to disable what its key may not do.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

const INDEX =
  '<!doctype html><html lang="en"><head><title>Switchboard</title><script type="module" src="/ui/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;
const CONSOLE_CSP =
  "default-src 'none';base-uri 'none';connect-src 'self';form-action 'self';frame-ancestors 'none';img-src 'self' data:;manifest-src 'self';object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self'";

describe('web console files at /ui/', () => {
  let dir: string;
  let server: TestServer;

  beforeAll(async () => {
    dir = await tempDir();
    const web = join(dir, 'web');
    await mkdir(join(web, 'assets'), { recursive: true });
    await writeFile(join(web, 'index.html'), INDEX);
    await writeFile(join(web, 'assets', 'index-abc123.js'), SCRIPT);
    server = await startServer({ configPath: join(dir, 'milady.json'), webConsoleDir: web, env: { ILERT_API_PREFIX: '/ilert-v2' } });
  });

  afterAll(async () => {
    await server?.stop();
    await removeDir(dir);
  });

  it('serves index.html at /ui/ and every client route, revalidated on each load, under a CSP without inline scripts', async () => {
    for (const path of ['/ui/', '/ui/new', '/ui/connectors/telegram', '/ui/audit?x=1']) {
      const page = await call(server.url, 'GET', path);
      expect({ path, status: page.status, body: page.text }).toEqual({ path, status: 200, body: INDEX });
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('redirects /ui to /ui/', async () => {
    const answer = await fetch(`${server.url}/ui`, { redirect: 'manual' });
    expect(answer.status).toBe(301);
    expect(answer.headers.get('location')).toBe('/ui/');
  });

  it('caches hashed assets for a year, gzipped when asked', async () => {
    const asset = await fetch(`${server.url}/ui/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe(SCRIPT);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('content-encoding')).toBe('gzip');
  });

  it('answers a missing asset with 404, not the page', async () => {
    for (const path of ['/ui/assets/index-old.js', '/ui/favicon.ico', '/ui/../package.json', '/ui/%2e%2e/package.json']) {
      const answer = await call(server.url, 'GET', path);
      expect({ path, status: answer.status, html: answer.text.includes('<html') }).toEqual({ path, status: 404, html: false });
    }
  });

  it('tells the console where the ilert surface is', async () => {
    const answer = await call(server.url, 'GET', '/ui/config.json');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ilertPrefix: '/ilert-v2' });
    expect(answer.headers.get('cache-control')).toBe('no-cache');
  });

  it('keeps API answers under the API headers', async () => {
    const answer = await call(server.url, 'GET', '/api/connectors');
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect((await call(server.url, 'GET', '/uix')).headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

describe('web console not built', () => {
  it('starts anyway, logs it, and answers /ui/ with 404 and how to build it', async () => {
    const dir = await tempDir();
    const server = await startServer({ configPath: join(dir, 'milady.json'), webConsoleDir: join(dir, 'missing') });
    try {
      const answer = await call(server.url, 'GET', '/ui/');
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ error: expect.stringContaining('pnpm build') });
      expect((await call(server.url, 'GET', '/health')).status).toBe(200);
      expect(server.logs.some((line) => line.includes('web console not built'))).toBe(true);
    } finally {
      await server.stop();
      await removeDir(dir);
    }
  });
});

describe('GET /api/whoami', () => {
  const ADMIN = 'whoami-admin-0123456789abcdef';
  const VIEWER = 'whoami-viewer-0123456789abcdef';

  it('answers the key id and permissions of the key presented; 401 without one', async () => {
    const dir = await tempDir();
    const server = await startServer({
      configPath: join(dir, 'milady.json'),
      env: { SWITCHBOARD_API_KEYS: `admin:${ADMIN}:read,write,reveal,audit;viewer:${VIEWER}:read` },
    });
    try {
      expect((await call(server.url, 'GET', '/api/whoami', { headers: { authorization: `Bearer ${ADMIN}` } })).json).toEqual({
        keyId: 'admin',
        permissions: ['read', 'write', 'reveal', 'audit'],
        keysRequired: true,
      });
      expect((await call(server.url, 'GET', '/api/whoami', { headers: { 'x-api-key': VIEWER } })).json).toEqual({
        keyId: 'viewer',
        permissions: ['read'],
        keysRequired: true,
      });
      const anonymous = await call(server.url, 'GET', '/api/whoami');
      expect(anonymous.status).toBe(401);
      expect(anonymous.json).toEqual({ error: expect.any(String) });
      expect((await call(server.url, 'GET', '/api/whoami', { headers: { authorization: 'Bearer wrong-key-0123456789abcdef' } })).status).toBe(401);
    } finally {
      await server.stop();
      await removeDir(dir);
    }
  });

  it('answers anonymous with read, write and audit on a keyless service', async () => {
    const dir = await tempDir();
    const server = await startServer({ configPath: join(dir, 'milady.json') });
    try {
      const answer = await call(server.url, 'GET', '/api/whoami');
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ keyId: 'anonymous', permissions: ['read', 'write', 'audit'], keysRequired: false });
      expect(answer.headers.get('cache-control')).toBe('no-store');
    } finally {
      await server.stop();
      await removeDir(dir);
    }
  });
});
