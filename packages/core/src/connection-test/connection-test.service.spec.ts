// The connection test service over real stores (the Eliza file, PostgreSQL) and a real local
// platform server: kept results, what drops them, restarts, the schedule.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type * as published from '@switchboard/schemas';
import { CONNECTION_TEST_STATUSES, type ConnectionTestResult, defineConnector, Secret } from '@switchboard/sdk';
import { NetworkPolicy } from '@switchboard/sdk/connection-test';
import { IsOptional, IsString } from 'class-validator';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../audit/audit-log.js';
import { ConnectorService } from '../connectors/connector.service.js';
import { ConnectorRegistry } from '../registry/connector-registry.js';
import { PluginCatalog } from '../registry/plugin-catalog.js';
import { ElizaFileStore } from '../store/file/eliza-file-store.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { createTestDatabase, describePostgres, eventually, type TestDatabase } from '../store/postgres/test-database.test-utils.js';
import { ConnectionTestService, type ConnectionTestLog } from './connection-test.service.js';
import { FileTestResultStore } from './file-test-result-store.js';
import { PostgresTestResultStore } from './postgres-test-result-store.js';
import type { KeptTestResult, TestResultStore } from './test-result-store.js';

class DemoConfig {
  @Secret() @IsOptional() @IsString() token?: string;
  @IsOptional() @IsString() baseUrl?: string;
  @IsOptional() @IsString() note?: string;
}
const demo = defineConnector({
  type: 'demo',
  displayName: 'Demo',
  config: DemoConfig,
  test: { baseUrlField: 'baseUrl', path: '/me', headers: { Authorization: 'Bearer {token}' }, identity: { path: 'name', prefix: '@' } },
});
const GOOD = 'PLANTED-good-token';

/** The platform: accepts GOOD until told to refuse everything. Under /slow/ it holds each answer a while, counting the requests in flight. */
let platform: Server;
let platformUrl = '';
let refuseAll = false;
const slow = { held: 0, mostHeld: 0, seen: 0 };
beforeAll(async () => {
  platform = createServer((request, response) => {
    const accepted = !refuseAll && request.headers.authorization === `Bearer ${GOOD}`;
    const answer = () =>
      response.writeHead(accepted ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(accepted ? { name: 'demo-bot' } : { error: 'no' }));
    if (!request.url?.startsWith('/slow/')) return answer();
    slow.seen += 1;
    slow.mostHeld = Math.max(slow.mostHeld, ++slow.held);
    setTimeout(() => {
      slow.held -= 1;
      answer();
    }, 100);
  });
  await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
  platformUrl = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`;
});
afterAll(async () => {
  platform.closeAllConnections();
  await new Promise((resolve) => platform.close(resolve));
});

const settings = () => ({ policy: NetworkPolicy.create({ allowedOrigins: [platformUrl] }), timeoutMs: 2000 });
const quiet: ConnectionTestLog = { info: () => undefined, warn: () => undefined };

// The sdk declares the result it builds (it cannot depend on @switchboard/schemas, which is generated
// from it); the published type must be the same shape: this stops compiling (`pnpm lint`) otherwise.
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const resultShapesAgree: SameShape<ConnectionTestResult, published.ConnectionTestResult> = true;
const statusesAgree: SameShape<(typeof CONNECTION_TEST_STATUSES)[number], published.ConnectionTestStatus> = true;
void [resultShapesAgree, statusesAgree];

describe('FileTestResultStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-results-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const kept = (id: string): KeptTestResult => ({
    connectorId: id,
    connectorVersion: 2,
    result: { ok: true, status: 'ok', message: 'fine', identity: '@x', checkedAt: new Date(0).toISOString(), durationMs: 5 },
  });

  it('keeps results across reopening, in a 0600 file written atomically', async () => {
    const path = join(dir, 'milady.tests.json');
    const store = await FileTestResultStore.open(path);
    await store.put(kept('a'));
    await store.put(kept('b'));
    await store.drop(['a', 'missing']);
    await store.close();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).sort()).toEqual(['milady.tests.json']);
    // What a writer that crashed mid-write leaves is not read (the config file's store removes it when it takes the lock).
    await writeFile(join(dir, '.milady.tests.json.4242.1.tmp'), '{"partial');
    const reopened = await FileTestResultStore.open(path);
    expect(await reopened.all()).toEqual([kept('b')]);
    expect(await reopened.get('b')).toEqual(kept('b'));
  });

  it('starts empty, with a warning, from a damaged file, and skips entries it does not recognise', async () => {
    const path = join(dir, 'milady.tests.json');
    await writeFile(path, '{ not json');
    const warnings: string[] = [];
    expect(await (await FileTestResultStore.open(path, (w) => warnings.push(w))).all()).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('is not valid JSON')]);
    await writeFile(path, JSON.stringify({ version: 1, results: { a: kept('a'), b: { connectorId: 'b', result: { status: 'great' } } } }));
    expect(await (await FileTestResultStore.open(path)).all()).toEqual([kept('a')]);
  });
});

describe('ConnectionTestService (Eliza file store)', () => {
  let dir: string;
  let configPath: string;
  let registry: ConnectorRegistry;
  let connectors: ConnectorService;
  let results: TestResultStore;
  let tests: ConnectionTestService;
  let warnings: string[];

  const open = async () => {
    registry = await ConnectorRegistry.open(new ElizaFileStore(configPath), new PluginCatalog([demo]));
    connectors = new ConnectorService(registry, { audit: AuditLog.inMemory() });
    results = await FileTestResultStore.open(join(dir, 'milady.tests.json'));
    warnings = [];
    tests = new ConnectionTestService(connectors, { settings: settings(), results, log: { ...quiet, warn: (_data, message) => warnings.push(message) } });
    await tests.start();
  };
  const close = async () => {
    await tests.close();
    await registry.close();
  };
  const actor = { keyId: 'ops', surface: 'eliza' as const };

  beforeEach(async () => {
    refuseAll = false;
    dir = await mkdtemp(join(tmpdir(), 'switchboard-tests-'));
    configPath = join(dir, 'milady.json');
    await open();
  });
  afterEach(async () => {
    await close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the result of a stored config, across a restart, and audits the test', async () => {
    await connectors.putByName('demo', { token: GOOD, baseUrl: platformUrl });
    const result = await tests.testByName('demo', actor);
    expect(result).toMatchObject({ ok: true, status: 'ok', identity: '@demo-bot' });
    expect(await tests.lastByName('demo')).toEqual(result);
    expect(connectors.audit.recent(1)).toEqual([
      expect.objectContaining({
        actor: 'ops',
        surface: 'eliza',
        action: 'test',
        outcome: 'ok',
        fields: [],
        connector: expect.objectContaining({ name: 'demo' }),
      }),
    ]);
    await close();
    await open();
    expect(await tests.lastByName('demo')).toEqual(result);
    expect(await readFile(configPath, 'utf8')).not.toContain('demo-bot');
    expect(await readFile(join(dir, 'milady.tests.json'), 'utf8')).not.toContain(GOOD);
  });

  it('keeps it through other changes and renames, drops it when a secret or the base URL changes, or the connector goes', async () => {
    await connectors.putByName('demo', { token: GOOD, baseUrl: platformUrl });
    await tests.testByName('demo', actor);
    await connectors.putByName('demo', { token: '****', baseUrl: platformUrl, note: 'changed' });
    await eventually(async () => expect((await results.get(registry.getByName('demo')!.id))?.connectorVersion).toBe(2));
    // The renewed version makes the result survive a restart too.
    await close();
    await open();
    await expect(tests.lastByName('demo')).resolves.toMatchObject({ ok: true });
    const id = registry.getByName('demo')!.id;
    await connectors.update(id, { name: 'renamed', config: { token: '****', baseUrl: platformUrl, note: 'changed' } });
    await eventually(() => expect(tests.lastByName('renamed')).resolves.toMatchObject({ ok: true }));
    await connectors.putByName('renamed', { token: '****', baseUrl: `${platformUrl}/v2` });
    await eventually(() => expect(tests.lastByName('renamed')).rejects.toMatchObject({ status: 404 }));

    await tests.testByName('renamed', actor);
    await connectors.putByName('renamed', { token: 'PLANTED-other', baseUrl: `${platformUrl}/v2` });
    await eventually(() => expect(tests.lastByName('renamed')).rejects.toMatchObject({ status: 404 }));

    await tests.testByName('renamed', actor);
    await connectors.removeByName('renamed');
    await eventually(async () => expect(await results.get(id)).toBeUndefined());
  });

  it('drops at start a result of a version it did not see (changed while stopped)', async () => {
    await connectors.putByName('demo', { token: GOOD, baseUrl: platformUrl });
    await tests.testByName('demo', actor);
    const id = registry.getByName('demo')!.id;
    await results.put({ ...(await results.get(id))!, connectorVersion: 99 });
    await close();
    await open();
    await expect(tests.lastByName('demo')).rejects.toMatchObject({ status: 404 });
  });

  it('tests every connector four at a time', async () => {
    const count = 10;
    for (let i = 0; i < count; i++) await connectors.create({ name: `demo-${i}`, type: 'demo', config: { token: GOOD, baseUrl: `${platformUrl}/slow` } });
    const summary = await tests.testAll(actor);
    expect(summary).toMatchObject({ total: count, ok: count });
    expect(slow.seen).toBe(count);
    // Each answer is held 100 ms: without the bound all ten would be in flight at once.
    expect(slow.mostHeld).toBe(4);
  });

  it('re-tests on a schedule, and logs and audits only the outcomes that changed', async () => {
    await connectors.putByName('demo', { token: GOOD, baseUrl: platformUrl });
    await tests.testAll(actor);
    const audited = connectors.audit.recent().length;
    tests.schedule(40);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(connectors.audit.recent().length).toBe(audited);
    refuseAll = true;
    await eventually(() =>
      expect(connectors.audit.recent(1)[0]).toMatchObject({ actor: 'system', surface: 'internal', action: 'test', outcome: 'auth_failed' }),
    );
    expect(warnings).toContainEqual('connection test of "demo" changed: ok -> auth_failed');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(connectors.audit.recent().length).toBe(audited + 1);
  });
});

describePostgres('ConnectionTestService (PostgreSQL)', () => {
  let db: TestDatabase;
  let registry: ConnectorRegistry;
  let connectors: ConnectorService;
  const actor = { keyId: 'ops', surface: 'ilert' as const };

  const open = async () => {
    registry = await ConnectorRegistry.open(new PostgresStore(db.url), new PluginCatalog([demo]));
    connectors = new ConnectorService(registry);
    const tests = new ConnectionTestService(connectors, { settings: settings(), results: new PostgresTestResultStore(db.url) });
    await tests.start();
    return tests;
  };

  beforeAll(async () => {
    refuseAll = false;
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('keeps results in their table, across a restart; a row goes with its connector', async () => {
    let tests = await open();
    const record = await connectors.create({ name: 'demo-pg', type: 'demo', config: { token: GOOD, baseUrl: platformUrl } });
    const result = await tests.testById(record.id, actor);
    expect(result).toMatchObject({ ok: true, identity: '@demo-bot' });
    await tests.close();
    await registry.close();

    tests = await open();
    expect(await tests.lastByName('demo-pg')).toEqual(result);
    const rows = await db.query<{ result: unknown }>('SELECT result FROM connection_test_results');
    expect(JSON.stringify(rows.rows)).not.toContain(GOOD);
    await connectors.remove(record.id);
    expect((await db.query('SELECT 1 FROM connection_test_results')).rowCount).toBe(0);
    // A result for a connector that no longer exists is not kept (no error either).
    const orphans = new PostgresTestResultStore(db.url);
    await orphans.put({ connectorId: record.id, connectorVersion: 1, result });
    await orphans.close();
    expect((await db.query('SELECT 1 FROM connection_test_results')).rowCount).toBe(0);
    await tests.close();
    await registry.close();
  });
});
