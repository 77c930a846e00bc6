import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { defineConnector, Secret } from '@switchboard/sdk';
import { IsOptional, IsString } from 'class-validator';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyRing, parseApiKeys } from '../auth/api-key-ring.js';
import { ConnectorService } from '../connectors/connector.service.js';
import { SwitchboardError } from '../errors.js';
import { registerJsonBodyParser } from '../http/json-body-parser.js';
import { ConnectorRegistry } from '../registry/connector-registry.js';
import { PluginCatalog } from '../registry/plugin-catalog.js';
import { ElizaFileStore } from '../store/file/eliza-file-store.js';
import { GUARDS_METADATA, INTERCEPTORS_METADATA } from '@nestjs/common/constants.js';
import { registerElizaFastPaths } from './eliza-fast-paths.js';
import { ElizaController } from './eliza.controller.js';
import { ElizaViewService } from './eliza-view.service.js';

class NoteConfig {
  @Secret()
  @IsOptional()
  @IsString()
  token?: string;
}
const note = defineConnector({ type: 'note', displayName: 'Note', config: NoteConfig });

const WRITER = 'writer-key-0123456789abcdef';
// What the host passes: the headers its onSend hook adds to every other answer.
const ANSWER_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
const READER = 'reader-key-0123456789abcdef';

/**
 * The fast paths on a bare Fastify server (no Nest): the routes they answer for are registered with
 * handlers that fail loudly, so an answer proves a hook gave it (by calling the controller's method).
 * Real HTTP, a real file store.
 */
describe('Eliza fast paths (real HTTP, real file store)', () => {
  let dir: string;
  let registry: ConnectorRegistry;
  let fastify: FastifyInstance;
  let url: string;
  const reachedHandlers: string[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-fast-paths-'));
    registry = await ConnectorRegistry.open(new ElizaFileStore(join(dir, 'milady.json')), new PluginCatalog([note]));
    const connectors = new ConnectorService(registry);
    const keys = new ApiKeyRing(parseApiKeys(`writer:${WRITER}:read,write;reader:${READER}:read`, 'test'));
    fastify = Fastify();
    registerJsonBodyParser(fastify, 64 * 1024);
    // What Nest's filter does for the real app: the domain error's status and message.
    fastify.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
      const status = error instanceof SwitchboardError ? error.status : (error.statusCode ?? 500);
      void reply.code(status).send({ error: error.message });
    });
    // A header an earlier hook set (as CORS or a rate limit would) goes out as that hook set it;
    // this one only on requests that ask for it, so that answers with and without hook headers alternate.
    fastify.addHook('onRequest', (request, reply, done) => {
      if (request.headers['x-hook-header'] !== undefined) void reply.header('cache-control', 'private, from-a-hook');
      done();
    });
    registerElizaFastPaths(fastify, { controller: new ElizaController(connectors, new ElizaViewService(connectors), ANSWER_HEADERS), keys });
    for (const method of ['GET', 'POST'] as const) {
      fastify.route({
        method,
        url: '/api/connectors',
        handler: async (request) => {
          reachedHandlers.push(`${request.method} ${request.url}`);
          throw new Error('the route handler was reached');
        },
      });
    }
    fastify.post('/api/other', async () => ({ routed: true }));
    url = await fastify.listen({ host: '127.0.0.1', port: 0 });
  });

  afterEach(async () => {
    await fastify.close();
    await registry.close();
    await rm(dir, { recursive: true, force: true });
    reachedHandlers.length = 0;
  });

  const post = (path: string, key: string | undefined, body: string) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) }, body });

  it('stores a POST and answers it, and the GET, with the redacted map before any route handler', async () => {
    const posted = await post('/api/connectors', WRITER, JSON.stringify({ name: ' note ', config: { token: 'PLANTED-fast-path-token' } }));
    expect(posted.status).toBe(200);
    expect(posted.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const postedText = await posted.text();
    expect(JSON.parse(postedText)).toEqual({ connectors: { note: { token: '****' } } });
    const read = await fetch(`${url}/api/connectors`, { headers: { authorization: `Bearer ${READER}` } });
    expect(await read.text()).toBe(postedText);
    for (const answer of [posted, read]) expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    // The answer's head is built once per body; a hook's header goes on that request's answer only.
    const cacheControls: (string | null)[] = [];
    for (const withHookHeader of [true, false, true, false]) {
      const answer = await fetch(`${url}/api/connectors`, { headers: { authorization: `Bearer ${READER}`, ...(withHookHeader && { 'x-hook-header': '1' }) } });
      expect(await answer.text()).toBe(postedText);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      cacheControls.push(answer.headers.get('cache-control'));
    }
    expect(cacheControls).toEqual(['private, from-a-hook', 'no-store', 'private, from-a-hook', 'no-store']);
    expect(JSON.parse(await readFile(join(dir, 'milady.json'), 'utf8')).connectors).toEqual({ note: { token: 'PLANTED-fast-path-token' } });
    const [entry] = registry.list();
    expect(entry).toMatchObject({ name: 'note', version: 1 });
    expect(reachedHandlers).toEqual([]);
  });

  it.each([
    ['without a key', undefined, 401],
    ['with a key lacking the write permission', READER, 403],
  ])('refuses a POST %s through the error handler, storing nothing', async (_case, key, status) => {
    const answer = await post('/api/connectors', key, JSON.stringify({ name: 'note', config: { token: 'PLANTED-refused' } }));
    expect(answer.status).toBe(status);
    expect(await answer.text()).not.toContain('PLANTED');
    expect(registry.size).toBe(0);
    expect(reachedHandlers).toEqual([]);
  });

  it.each([
    ['a body that is not an object', '[1]', /JSON object/],
    ['a missing name', '{"config":{}}', /Missing connector name/],
    ['a missing config', '{"name":"note"}', /Missing connector config/],
    ['a config the plugin refuses', '{"name":"note","config":{"token":12}}', /token/],
  ])('refuses %s with 400, storing nothing', async (_case, body, message) => {
    const answer = await post('/api/connectors', WRITER, body);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toMatch(message);
    expect(registry.size).toBe(0);
    expect(reachedHandlers).toEqual([]);
  });

  it('leaves every other route, and other methods of its own, to their handlers', async () => {
    const answer = await post('/api/other', WRITER, '{}');
    expect(await answer.json()).toEqual({ routed: true });
    // HEAD is Fastify's route derived from the GET: not a fast path, so the (failing) handler runs.
    const head = await fetch(`${url}/api/connectors`, { method: 'HEAD', headers: { authorization: `Bearer ${READER}` } });
    expect(head.status).toBe(500);
    expect(reachedHandlers).toEqual(['HEAD /api/connectors']);
  });

  it('refuses to start when the routes were declared before it (they would run without the fast paths)', async () => {
    const late = Fastify();
    late.get('/api/connectors', async () => ({ routed: true }));
    late.post('/api/connectors', async () => ({ routed: true }));
    const connectors = new ConnectorService(registry);
    registerElizaFastPaths(late, { controller: new ElizaController(connectors, new ElizaViewService(connectors), {}), keys: new ApiKeyRing([]) });
    await expect(late.ready()).rejects.toThrow('Eliza fast paths not attached to GET, POST /api/connectors');
    await late.close().catch(() => undefined);
  });

  it.each([
    // eslint-disable-next-line @typescript-eslint/unbound-method -- read for its Nest metadata, never called
    ['a guard on the GET method', GUARDS_METADATA, () => ElizaController.prototype.list],
    ['an interceptor on the controller', INTERCEPTORS_METADATA, () => ElizaController],
  ])('refuses to register when the controller gains an enhancer the fast paths do not apply (%s)', (_case, key, target) => {
    class ExtraEnhancer {}
    const previous: unknown = Reflect.getMetadata(key, target());
    Reflect.defineMetadata(key, [...((previous as unknown[] | undefined) ?? []), ExtraEnhancer], target());
    try {
      const connectors = new ConnectorService(registry);
      expect(() =>
        registerElizaFastPaths(Fastify(), { controller: new ElizaController(connectors, new ElizaViewService(connectors), {}), keys: new ApiKeyRing([]) }),
      ).toThrow(/has Nest enhancers its fast path .* does not apply/);
    } finally {
      if (previous === undefined) Reflect.deleteMetadata(key, target());
      else Reflect.defineMetadata(key, previous, target());
    }
  });
});
