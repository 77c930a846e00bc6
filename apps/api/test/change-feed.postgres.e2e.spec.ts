import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { createTestDatabase, describePostgres, type TestDatabase } from '../../../packages/core/src/store/postgres/test-database.test-utils.js';
import { loadEnv } from '../src/env.js';
import { createServer, type Server } from '../src/server.js';
import { dataOf, type EventStream, openEventStream } from './support/event-stream.js';
import { call, removeDir, tempDir } from './support/test-server.js';

const TOKEN_A = '313131:PLANTED-feed-token-A';
const TOKEN_B = '424242:PLANTED-feed-token-B';

interface Revision {
  revision: number;
  action: string;
  fingerprints: Record<string, string>;
  restoredFrom?: number;
}

describePostgres('change feed and revisions with two instances on one PostgreSQL (real HTTP)', () => {
  let db: TestDatabase;
  let dir: string;
  const servers: Server[] = [];
  const urls: string[] = [];
  const logs: string[] = [];
  const transcript: string[] = [];
  const streams: EventStream[] = [];

  const subscribe = async (base: string, headers: Record<string, string> = {}) => {
    const stream = await openEventStream(base, headers);
    expect(stream.status).toBe(200);
    streams.push(stream);
    return stream;
  };
  const post = (base: string, config: Record<string, unknown>, name = 'telegram') =>
    call(base, 'POST', '/api/connectors', { json: { name, config } }, transcript);
  const revisions = async (base: string, name = 'telegram') => {
    const answer = await call(base, 'GET', `/api/connectors/${name}/revisions`, {}, transcript);
    expect(answer.status).toBe(200);
    return (answer.json as { revisions: Revision[] }).revisions;
  };

  const startInstance = async (name: string) => {
    const env = loadEnv({
      PORT: '0',
      DATABASE_URL: db.url,
      ELIZA_CONFIG_PATH: join(dir, `${name}.json`),
      LOG_LEVEL: 'info',
      EVENTS_HEARTBEAT_MS: '300',
      REVISION_RETENTION: '4',
    });
    const server = await createServer(env, { plugins: [], logDestination: { write: (line: string) => void logs.push(line) } });
    servers.push(server);
    return server.listen();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await tempDir();
    for (const name of ['a', 'b']) urls.push(await startInstance(name));
  });

  afterAll(async () => {
    for (const stream of streams) {
      transcript.push(stream.raw());
      stream.close();
    }
    await Promise.all(servers.map((server) => server.close()));
    // No secret in any answer, event or log line.
    const everything = [...transcript, ...logs].join('\n');
    await db?.drop();
    await removeDir(dir);
    expect(everything).not.toContain('PLANTED-feed');
  });

  it("delivers each instance's changes to a subscriber of the other within a second, names only", async () => {
    const [a, b] = urls;
    const onA = await subscribe(a);
    const onB = await subscribe(b);

    const sent = performance.now();
    expect((await post(a, { botToken: TOKEN_A, allowFrom: ['alice'] })).status).toBe(200);
    const seenOnB = await onB.next((e) => e.event === 'created', 1000);
    expect(seenOnB.at - sent).toBeLessThan(1000);
    expect(dataOf(seenOnB)).toMatchObject({
      action: 'created',
      connector: { name: 'telegram' },
      keyId: 'anonymous',
      fields: expect.arrayContaining(['botToken', 'allowFrom']),
    });
    const seenOnA = await onA.next((e) => e.event === 'created', 1000);
    expect(seenOnA.id).toBe(seenOnB.id);

    // The other way round; the registry of the subscriber's instance already holds the change.
    const again = performance.now();
    expect((await post(b, { botToken: TOKEN_B, allowFrom: ['alice', 'carol'] })).status).toBe(200);
    const updateOnA = await onA.next((e) => e.event === 'updated', 1000);
    expect(updateOnA.at - again).toBeLessThan(1000);
    expect(dataOf(updateOnA).fields).toEqual(['botToken', 'allowFrom']);
    expect(Number(updateOnA.id)).toBeGreaterThan(Number(seenOnA.id));
    const listed = await call(a, 'GET', '/api/connectors', {}, transcript);
    expect((listed.json as { connectors: { telegram: { allowFrom: string[] } } }).connectors.telegram.allowFrom).toEqual(['alice', 'carol']);
    await onB.next((e) => e.event === 'updated', 1000);

    const deleted = performance.now();
    expect((await call(a, 'DELETE', '/api/connectors/telegram', {}, transcript)).status).toBe(200);
    const deleteOnB = await onB.next((e) => e.event === 'deleted', 1000);
    expect(deleteOnB.at - deleted).toBeLessThan(1000);
    // Each event once per subscriber.
    expect(onB.received.filter((e) => e.event).map((e) => e.event)).toEqual(['created', 'updated', 'deleted']);

    // Heartbeats keep idle streams open.
    await onA.next((e) => e.comment === 'heartbeat', 1000);

    // Ids mean the same on every instance: resume on B after an id A announced.
    const resumed = await subscribe(b, { 'last-event-id': seenOnA.id! });
    await resumed.next((e) => e.event === 'deleted', 1000);
    expect(resumed.received.filter((e) => e.event).map((e) => e.event)).toEqual(['updated', 'deleted']);
  });

  it('keeps revisions in the database: listed and restored from any instance, with retention', async () => {
    const [a, b] = urls;
    await post(a, { botToken: TOKEN_A, allowFrom: ['x'] }, 'slack-like');
    await post(a, { botToken: TOKEN_B, allowFrom: ['x'] }, 'slack-like');
    const listed = await revisions(b, 'slack-like');
    expect(listed.map((r) => r.action)).toEqual(['update', 'create']);
    const [toB, first] = listed;
    expect(first.fingerprints.botToken).toMatch(/^[0-9a-f]{32}$/);
    expect(toB.fingerprints.botToken).not.toBe(first.fingerprints.botToken);

    const restored = await call(b, 'POST', `/api/connectors/slack-like/revisions/${first.revision}/restore`, {}, transcript);
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({ action: 'update', restoredFrom: first.revision });
    // The same fingerprint as the first: the token is back (both instances share one fingerprint key).
    expect((restored.json as Revision).fingerprints.botToken).toBe(first.fingerprints.botToken);
    const { rows } = await db.query<{ config: Record<string, unknown> }>(`SELECT config FROM connectors WHERE name = 'slack-like'`);
    expect(rows[0].config.botToken).toBe(TOKEN_A);

    for (let i = 0; i < 5; i++) await post(i % 2 ? a : b, { botToken: TOKEN_A, allowFrom: [`u${i}`] }, 'slack-like');
    expect(await revisions(a, 'slack-like')).toHaveLength(4);

    // A connection test on one instance is announced on the other, with an id from the same sequence.
    const onB = await subscribe(b);
    expect((await call(a, 'POST', '/api/connectors/slack-like/test', {}, transcript)).status).toBe(200);
    const tested = await onB.next((e) => e.event === 'tested', 1000);
    expect(dataOf(tested)).toMatchObject({ connector: { name: 'slack-like' }, outcome: 'not_supported', fields: [] });
    expect(Number(tested.id)).toBeGreaterThan((await revisions(b, 'slack-like'))[0].revision);
  });

  it('on an instance started after the events, resets a client that missed some and not one that is up to date', async () => {
    const [a] = urls;
    const onA = await subscribe(a);
    await post(a, { botToken: TOKEN_A, allowFrom: ['before'] }, 'restart');
    const seen = await onA.next((e) => e.event === 'created', 1000);
    await post(a, { botToken: TOKEN_A, allowFrom: ['before', 'missed'] }, 'restart');
    const newest = await onA.next((e) => e.event === 'updated', 1000);
    // Where a load balancer sends a client after a restart: an instance that has heard nothing yet.
    const fresh = await startInstance('fresh');

    const missed = await subscribe(fresh, { 'last-event-id': seen.id! });
    expect(await missed.next((e) => e.event !== undefined, 1000)).toMatchObject({ event: 'reset', id: newest.id });
    const upToDate = await subscribe(fresh, { 'last-event-id': newest.id! });
    await post(a, { botToken: TOKEN_B, allowFrom: ['after'] }, 'restart');
    const next = await upToDate.next((e) => e.event !== undefined, 1000);
    expect(next.event).toBe('updated');
    expect(Number(next.id)).toBeGreaterThan(Number(newest.id));
  });
  it('tells its subscribers to reload when it stopped hearing the other instances for a while, then follows them again', async () => {
    const [a, b] = urls;
    const onA = await subscribe(a);
    // Every instance's listening connection dropped (a failover, a proxy timeout): events sent
    // meanwhile are gone for good, so a subscriber must hear that it may have missed some.
    const { rows } = await db.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND application_name = 'switchboard-listener'`,
      [db.name],
    );
    expect(rows.length).toBeGreaterThan(0);
    const reset = await onA.next((e) => e.event !== undefined, 5000);
    expect(reset).toMatchObject({ event: 'reset' });
    // The reset comes once A listens again: B's changes reach A's subscriber after it.
    expect((await post(b, { botToken: TOKEN_B, allowFrom: ['after the gap'] }, 'gap')).status).toBe(200);
    const created = await onA.next((e) => e.event === 'created' && (dataOf(e).connector as { name: string }).name === 'gap', 5000);
    expect(onA.received.indexOf(created)).toBeGreaterThan(onA.received.indexOf(reset));
  });
});
