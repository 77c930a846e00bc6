import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { ConnectorService } from '../../connectors/connector.service.js';
import { entityTagOf, preconditionOf } from '../../connectors/entity-tag.js';
import { ConflictError, InvalidInputError, PreconditionFailedError } from '../../errors.js';
import type { ConnectorRecord } from '../../registry/connector-record.js';
import { StoreWriteError } from './write-batch.js';
import { ConnectorRegistry } from '../../registry/connector-registry.js';
import { PluginCatalog } from '../../registry/plugin-catalog.js';
import type { Transaction } from '../../registry/transaction.js';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { SecretCipher, SecretKeyRing } from '../sealing/secret-cipher.js';
import { PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
import { readChanges } from './rows.js';
import pg from 'pg';
import { createTestDatabase, describePostgres, eventually, type TestDatabase, waitForLockWaiters } from './test-database.test-utils.js';

interface Instance {
  store: PostgresStore;
  registry: ConnectorRegistry;
  service: ConnectorService;
  warnings: string[];
  /** Calls of store.commit: one per batch. */
  commits: number;
}

describePostgres('PostgresStore under ConnectorRegistry, two instances on one database', () => {
  let db: TestDatabase;
  let instances: Instance[] = [];

  /** `deaf`: never hears the other instance's notifications (they are late), so it only learns what it reads itself. */
  async function instance(sealing: Pick<PostgresStoreOptions, 'keys'> = {}, { deaf = false } = {}): Promise<Instance> {
    const warnings: string[] = [];
    const store = new PostgresStore(db.url, { warn: (message) => warnings.push(message), ...sealing });
    if (deaf) store.watch = () => undefined;
    const self = { store, warnings, commits: 0 } as Instance;
    // Counts batches; the real commit runs unchanged.
    const commit = store.commit.bind(store);
    store.commit = (tx: Transaction) => {
      self.commits++;
      return commit(tx);
    };
    self.registry = await ConnectorRegistry.open(store, new PluginCatalog([]));
    self.service = new ConnectorService(self.registry);
    instances.push(self);
    return self;
  }

  const names = (registry: ConnectorRegistry) => registry.list().map((record) => record.name);

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = new PostgresStore(db.url);
    await store.migrate();
    await store.close();
  });

  beforeEach(async () => {
    await db.query('TRUNCATE connectors, connector_reserved, connection_test_results');
  });

  afterEach(async () => {
    await Promise.all(instances.map((i) => i.registry.close()));
    instances = [];
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('stores every field exactly as the registry wrote it', async () => {
    const a = await instance();
    await a.service.putByName('telegram', { botToken: '123456:PLANTED-secret', nested: { list: [1, 'two', { three: true }], n: 0 } });
    await a.service.putByName('discord', { token: 'PLANTED-discord', allowBots: false });
    await a.service.putByName('defaults', { dmPolicy: 'pairing' });
    const telegram = a.registry.getByName('telegram')!;
    await a.service.update(telegram.id, { config: { botToken: '654321:PLANTED-other' } });

    const fresh = new PostgresStore(db.url);
    const snapshot = await fresh.load(() => 'x');
    await fresh.close();
    expect(snapshot.records).toEqual([...a.registry.list()]);
    expect(snapshot.reserved).toEqual(new Map([['defaults', { dmPolicy: 'pairing' }]]));
    const updated = snapshot.records.find((r) => r.name === 'telegram')!;
    expect(updated).toMatchObject({ version: 2, createdAt: telegram.createdAt, config: { botToken: '654321:PLANTED-other' } });
    expect(updated.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const { rows } = await db.query<{ type: string }>('SELECT pg_typeof(created_at)::text AS type FROM connectors LIMIT 1');
    expect(rows[0].type).toBe('timestamp with time zone');
  });

  it('shows a write made on one instance on the other: create, update, delete, reserved entries', async () => {
    const a = await instance();
    const b = await instance();

    await a.service.putByName('slack', { botToken: 'xoxb-1' });
    await eventually(() => expect(b.registry.getByName('slack')?.config).toEqual({ botToken: 'xoxb-1' }));
    const id = a.registry.getByName('slack')!.id;
    expect(b.registry.getById(id)).toEqual(a.registry.getById(id));

    await a.service.update(id, { config: { botToken: 'xoxb-2' } });
    await eventually(() => expect(b.registry.getById(id)).toMatchObject({ version: 2, config: { botToken: 'xoxb-2' } }));

    await b.service.putByName('defaults', { shared: true });
    await eventually(() => expect(a.registry.reservedEntries().get('defaults')).toEqual({ shared: true }));

    await b.service.removeByName('slack');
    await b.service.removeByName('defaults');
    await eventually(() => {
      expect(a.registry.getById(id)).toBeUndefined();
      expect(a.registry.reservedEntries().has('defaults')).toBe(false);
    });
    expect(a.warnings).toEqual([]);
  });

  /** Holds the row so that both updates have read its version before either can write: a real race, every run. */
  async function race<T>(id: string, writes: () => Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
    const locker = await db.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM connectors WHERE id = $1 FOR UPDATE', [id]);
    const racing = writes();
    await waitForLockWaiters(db, racing.length);
    await locker.query('ROLLBACK');
    return Promise.allSettled(racing);
  }

  it('runs the loser of two racing updates of one record again over the winner: the last writer wins, no version is lost', async () => {
    const a = await instance();
    const b = await instance();
    await a.service.putByName('jira', { apiToken: 'v1' });
    const id = a.registry.getByName('jira')!.id;
    await eventually(() => expect(b.registry.getById(id)?.version).toBe(1));

    const outcomes = await race(id, () => [a.service.update(id, { config: { apiToken: 'from-a' } }), b.service.update(id, { config: { apiToken: 'from-b' } })]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const [fromA, fromB] = outcomes.map((o) => (o as PromiseFulfilledResult<ConnectorRecord>).value);
    expect([fromA.version, fromB.version].sort()).toEqual([2, 3]);
    const last = fromA.version === 3 ? 'from-a' : 'from-b';
    const { rows } = await db.query<{ version: number; config: unknown }>('SELECT version, config FROM connectors WHERE id = $1', [id]);
    expect(rows).toEqual([{ version: 3, config: { apiToken: last } }]);
    for (const i of [a, b]) await eventually(() => expect(i.registry.getById(id)).toMatchObject({ version: 3, config: { apiToken: last } }));
  });

  it('with an If-Match precondition, lets exactly one of two racing updates win; the other fails with 412 once it has caught up', async () => {
    const a = await instance();
    const b = await instance();
    await a.service.putByName('jira', { apiToken: 'v1' });
    const id = a.registry.getByName('jira')!.id;
    await eventually(() => expect(b.registry.getById(id)?.version).toBe(1));
    const precondition = preconditionOf(entityTagOf(a.registry.getById(id)!));

    const outcomes = await race(id, () => [
      a.service.update(id, { config: { apiToken: 'from-a' } }, undefined, precondition),
      b.service.update(id, { config: { apiToken: 'from-b' } }, undefined, precondition),
    ]);
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(PreconditionFailedError);
    const winner = outcomes[0].status === 'fulfilled' ? 'from-a' : 'from-b';
    const { rows } = await db.query<{ version: number; config: unknown }>('SELECT version, config FROM connectors WHERE id = $1', [id]);
    expect(rows).toEqual([{ version: 2, config: { apiToken: winner } }]);
  });

  it('keeps names unique across instances: the same new name from both is created once and replaced by the other; a rename onto it is refused', async () => {
    const a = await instance();
    const b = await instance();
    const outcomes = await Promise.all([a.service.putByName('matrix', { token: 'a' }), b.service.putByName('matrix', { token: 'b' })]);
    expect(outcomes.map((o) => o.created).sort()).toEqual([false, true]);
    const last = outcomes[0].created ? 'b' : 'a';
    expect((await db.query('SELECT name, version, config FROM connectors')).rows).toEqual([{ name: 'matrix', version: 2, config: { token: last } }]);
    await eventually(() => expect(a.registry.getByName('matrix')).toEqual(b.registry.getByName('matrix')));

    await b.service.putByName('other', { token: 'o' });
    const other = b.registry.getByName('other')!;
    await a.service.putByName('taken', { token: 't' });
    await expect(b.service.update(other.id, { name: 'taken', config: { token: 'o' } })).rejects.toThrow(
      new ConflictError('A connector named "taken" already exists'),
    );
  });

  it('asks the database on a miss: a connector another instance has just created is found, replaced and deleted before its notification comes', async () => {
    const a = await instance();
    const b = await instance({}, { deaf: true });
    await a.service.putByName('jira', { apiToken: 'one' });
    const jira = a.registry.getByName('jira')!;
    expect(b.registry.getById(jira.id)).toBeUndefined();
    expect(await b.service.find({ id: jira.id })).toMatchObject({ name: 'jira', version: 1 });

    // Through the Eliza surface: a POST replaces it (not a second one, not a 409), a DELETE deletes it.
    await a.service.putByName('slack', { botToken: 'first' });
    expect((await b.service.putByName('slack', { botToken: 'second' })).created).toBe(false);
    await a.service.putByName('line', { token: 'l' });
    await b.service.removeByName('line');
    // Through the ilert surface: by id.
    await a.service.putByName('signal', { account: 's' });
    const signal = a.registry.getByName('signal')!;
    await expect(b.service.update(signal.id, { config: { account: 't' } })).resolves.toMatchObject({ version: 2 });
    await a.service.putByName('twitch', { token: 't' });
    expect(await b.service.remove(a.registry.getByName('twitch')!.id)).toBe(true);

    expect((await db.query('SELECT name, version, config FROM connectors ORDER BY seq')).rows).toEqual([
      { name: 'jira', version: 1, config: { apiToken: 'one' } },
      { name: 'slack', version: 2, config: { botToken: 'second' } },
      { name: 'signal', version: 2, config: { account: 't' } },
    ]);
  });

  it('commits writes queued together in one batch, numbering new records in creation order', async () => {
    const a = await instance();
    const b = await instance();
    await a.service.putByName('existing', { v: 0 });
    const existing = a.registry.getByName('existing')!;
    a.commits = 0;

    const writes = [
      ...Array.from({ length: 20 }, (_, i) => a.service.putByName(`bulk-${String(i).padStart(2, '0')}`, { i })),
      // Created and updated again in the same batch; an existing record updated twice in it.
      a.service.putByName('twice', { v: 1 }),
      a.service.putByName('twice', { v: 2 }),
      a.service.update(existing.id, { config: { v: 1 } }),
      a.service.update(existing.id, { config: { v: 2 } }),
    ];
    await Promise.all(writes);
    expect(a.commits).toBe(1);

    const { rows } = await db.query<{ name: string; seq: string; version: number }>('SELECT name, seq, version FROM connectors ORDER BY seq');
    expect(rows.map((r) => r.name)).toEqual(['existing', ...Array.from({ length: 20 }, (_, i) => `bulk-${String(i).padStart(2, '0')}`), 'twice']);
    expect(rows.find((r) => r.name === 'twice')?.version).toBe(2);
    expect(rows.find((r) => r.name === 'existing')?.version).toBe(3);
    // Memory holds the database's numbers, so both instances list in the same order.
    expect(a.registry.list().map((r) => r.seq)).toEqual(rows.map((r) => Number(r.seq)));
    await eventually(() => expect(names(b.registry)).toEqual(rows.map((r) => r.name)));
    expect(b.registry.getByName('twice')?.config).toEqual({ v: 2 });
  });

  it('when one write of a batch lost a race, the others are committed alone and the one that lost runs again over the winner', async () => {
    const a = await instance();
    await a.service.putByName('racy', { v: 1 });
    // Another writer moved the row on, without this instance hearing of it yet.
    await db.query(`UPDATE connectors SET version = 7 WHERE name = 'racy'`);
    a.commits = 0;

    const [innocent, racy] = await Promise.allSettled([a.service.putByName('innocent', { v: 1 }), a.service.putByName('racy', { v: 2 })]);
    expect(innocent.status).toBe('fulfilled');
    expect(racy.status).toBe('fulfilled');
    // The batch, the innocent write alone, then the write that lost, over the row as the other writer left it.
    expect(a.commits).toBe(3);
    expect((await db.query('SELECT name, config, version FROM connectors ORDER BY name')).rows).toEqual([
      { name: 'innocent', config: { v: 1 }, version: 1 },
      { name: 'racy', config: { v: 2 }, version: 8 },
    ]);
    expect(a.registry.getByName('innocent')?.config).toEqual({ v: 1 });
    expect(a.registry.getByName('racy')).toMatchObject({ config: { v: 2 }, version: 8 });
  });

  it('keeps what it committed while a reload was read: the reload does not take acknowledged writes back', async () => {
    // The read happens for real; only its hand-over waits until the writes below are committed.
    let opened!: () => void;
    const gate = new Promise<void>((resolve) => (opened = resolve));
    let read!: () => void;
    const snapshotRead = new Promise<void>((resolve) => (read = resolve));
    class HeldReloadStore extends PostgresStore {
      protected override async readReloadSnapshot() {
        const snapshot = await super.readReloadSnapshot();
        read();
        await gate;
        return snapshot;
      }
    }
    const seed = await instance();
    await seed.service.putByName('updated', { v: 1 });
    await seed.service.putByName('removed', { v: 1 });
    await seed.service.putByName('defaults', { v: 1 });
    const store = new HeldReloadStore(db.url);
    const registry = await ConnectorRegistry.open(store, new PluginCatalog([]));
    const service = new ConnectorService(registry);
    instances.push({ store, registry, service, warnings: [], commits: 0 });
    try {
      // The listener's first reload (at start) has read the table and waits to be handed over.
      await snapshotRead;
      await service.putByName('created', { v: 2 });
      await service.putByName('updated', { v: 2 });
      await service.putByName('defaults', { v: 2 });
      await service.removeByName('removed');
    } catch (error) {
      opened(); // a held reload would keep the registry from closing
      throw error;
    }
    const handedOver = new Promise<unknown>((resolve) => {
      const stop = registry.onChange(() => {
        stop();
        resolve({ names: names(registry), updated: registry.getByName('updated')?.config, defaults: registry.reservedEntries().get('defaults') });
      });
    });
    opened();
    expect(await handedOver).toEqual({ names: ['updated', 'created'], updated: { v: 2 }, defaults: { v: 2 } });
  });

  it('never hides its own committed writes behind a reload it read while committing them', async () => {
    const a = await instance();
    const cutListener = () =>
      db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'switchboard-listener' AND datname = current_database()`);
    const written = new Map<string, unknown>();
    // Each cut makes the listener reconnect and read everything again while the writes go on: a
    // snapshot read before a commit and handed over after it must not take the commit back.
    for (let round = 0; round < 60; round++) {
      if (round % 3 === 0) await cutListener();
      const writes: [string, Record<string, number>][] = Array.from({ length: 4 }, (_, i) => [`w-${i}`, { round, i }]);
      await Promise.all(writes.map(([name, config]) => a.service.putByName(name, config)));
      for (const [name, config] of writes) written.set(name, config);
      await new Promise((resolve) => setTimeout(resolve, round % 4));
      for (const [name, config] of written) expect({ round, name, config: a.registry.getByName(name)?.config }).toEqual({ round, name, config });
    }
  });

  it('swaps two names inside one batch', async () => {
    const a = await instance();
    const b = await instance();
    await a.service.putByName('left', { side: 'L' });
    await a.service.putByName('right', { side: 'R' });
    const left = a.registry.getByName('left')!.id;
    const right = a.registry.getByName('right')!.id;
    await Promise.all([
      a.service.update(left, { name: 'parked', config: { side: 'L' } }),
      a.service.update(right, { name: 'left', config: { side: 'R' } }),
      a.service.update(left, { name: 'right', config: { side: 'L' } }),
    ]);
    const { rows } = await db.query('SELECT id, name FROM connectors ORDER BY seq');
    expect(rows).toEqual([
      { id: left, name: 'right' },
      { id: right, name: 'left' },
    ]);
    await eventually(() => {
      expect(b.registry.getByName('left')?.id).toBe(right);
      expect(b.registry.getByName('right')?.id).toBe(left);
    });
  });

  it('lists records created alternately on both instances in one order everywhere', async () => {
    const a = await instance();
    const b = await instance();
    for (const [i, name] of ['a1', 'b1', 'a2', 'b2', 'a3'].entries()) await (i % 2 === 0 ? a : b).service.putByName(name, { name });
    const expected = ['a1', 'b1', 'a2', 'b2', 'a3'];
    for (const i of [a, b]) await eventually(() => expect(names(i.registry)).toEqual(expected));
    const fresh = await instance();
    expect(names(fresh.registry)).toEqual(expected);
  });

  it('catches up with a full reload after its listening connection was lost', async () => {
    const a = await instance();
    const b = await instance();
    await a.service.putByName('before', { v: 1 });
    await eventually(() => expect(b.registry.getByName('before')).toBeDefined());

    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'switchboard-listener'`, [db.name]);
    // Written while nobody listens: its notification is lost, the reload after reconnecting brings it.
    await a.service.putByName('while-away', { v: 1 });
    await a.service.removeByName('before');

    await eventually(() => {
      expect(b.registry.getByName('while-away')).toBeDefined();
      expect(b.registry.getByName('before')).toBeUndefined();
    });
    expect(b.warnings.some((w) => w.startsWith('PostgreSQL change listener:'))).toBe(true);
    // Listening again: later writes arrive as notifications.
    await a.service.putByName('after', { v: 1 });
    await eventually(() => expect(b.registry.getByName('after')).toBeDefined());
  });

  it('announces a batch too large for one notification in several, and the other instance sees all of it', async () => {
    const a = await instance();
    const b = await instance();
    await a.service.putByName('first', { v: 0 });
    a.commits = 0;
    const count = 300;
    await Promise.all(Array.from({ length: count }, (_, i) => a.service.putByName(`many-${i}`, { i })));
    expect(a.commits).toBe(1);
    await eventually(() => expect(b.registry.size).toBe(count + 1));
    expect(b.registry.getByName(`many-${count - 1}`)?.config).toEqual({ i: count - 1 });
  });

  it('reads everything again when a notification it cannot read arrives on the channel', async () => {
    const a = await instance();
    const b = await instance();
    await a.service.putByName('edited', { v: 1 });
    await eventually(() => expect(b.registry.getByName('edited')).toBeDefined());
    // Changed behind the instances' backs, then announced in a form no version reads.
    await db.query(`UPDATE connectors SET config = '{"v": 2}', version = version + 1 WHERE name = 'edited'`);
    await db.query(`NOTIFY switchboard_connectors, 'changed by hand'`);
    await eventually(() => {
      expect(b.registry.getByName('edited')?.config).toEqual({ v: 2 });
      expect(a.registry.getByName('edited')?.config).toEqual({ v: 2 });
    });
  });

  it('refuses a value PostgreSQL cannot store as a 400, naming the connector', async () => {
    const a = await instance();
    const error = await a.service.putByName('nul', { token: 'a\u0000b' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/^The config of connector "nul" cannot be stored: /);
    expect((error as Error).message).not.toContain('a\u0000b');
    expect(a.registry.getByName('nul')).toBeUndefined();
  });

  it('replaces a removed connector by a new one of the same name, and sets a reserved entry, in one batch', async () => {
    const a = await instance();
    const b = await instance();
    await a.service.putByName('reused', { v: 1 });
    const old = a.registry.getByName('reused')!;
    a.commits = 0;
    await Promise.all([a.service.removeByName('reused'), a.service.putByName('reused', { v: 2 }), a.service.putByName('defaults', { d: 1 })]);
    expect(a.commits).toBe(1);
    const fresh = a.registry.getByName('reused')!;
    expect(fresh.id).not.toBe(old.id);
    const { rows } = await db.query('SELECT id, config FROM connectors');
    expect(rows).toEqual([{ id: fresh.id, config: { v: 2 } }]);
    expect((await db.query('SELECT name, value FROM connector_reserved')).rows).toEqual([{ name: 'defaults', value: { d: 1 } }]);
    await eventually(() => {
      expect(b.registry.getByName('reused')).toEqual(fresh);
      expect(b.registry.getById(old.id)).toBeUndefined();
      expect(b.registry.reservedEntries().get('defaults')).toEqual({ d: 1 });
    });
  });

  it('answers a write whose statement PostgreSQL aborted with a 503 that says nothing was changed, and writes again after', async () => {
    const a = await instance();
    await a.service.putByName('held', { v: 1 });
    const locker = await db.connect();
    await locker.query('BEGIN');
    await locker.query(`SELECT 1 FROM connectors WHERE name = 'held' FOR UPDATE`);
    const write = a.service.putByName('held', { v: 2 }).catch((e: unknown) => e);
    await waitForLockWaiters(db, 1);
    const terminated = await db.query<{ pid: number }>(
      `SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'switchboard'`,
      [db.name],
    );
    await locker.query('ROLLBACK');
    const error = await write;
    // The write after this one must not be handed a pooled connection whose backend has not ended yet.
    await eventually(async () => {
      const { rows } = await db.query('SELECT pid FROM pg_stat_activity WHERE pid = ANY($1)', [terminated.rows.map((row) => row.pid)]);
      expect(rows).toEqual([]);
    });
    expect(error).toBeInstanceOf(StoreWriteError);
    expect((error as StoreWriteError).status).toBe(503);
    expect((error as Error).message).toBe('The connector store could not save the change (PostgreSQL error 57P01); nothing was changed');
    expect((await db.query(`SELECT config FROM connectors WHERE name = 'held'`)).rows).toEqual([{ config: { v: 1 } }]);
    expect(a.registry.getByName('held')?.config).toEqual({ v: 1 });
    await a.service.putByName('held', { v: 3 });
    expect((await db.query(`SELECT config FROM connectors WHERE name = 'held'`)).rows).toEqual([{ config: { v: 3 } }]);
  });

  it('sends a batch on another connection when the one it was handed turns out lost before the batch went, and says nothing was changed when that one is lost too', async () => {
    // Connections whose end the server has sent but nobody has read yet: the pool hands them out
    // as sound, and their end is read between two statements of the write (a restart, a terminate).
    let lostOnes = 0;
    class LosingStore extends PostgresStore {
      protected override async connect() {
        const client = await super.connect();
        if (lostOnes > 0) {
          lostOnes--;
          const ended = once(client, 'error');
          const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await db.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
          await ended;
        }
        return client;
      }
    }
    const store = new LosingStore(db.url);
    const registry = await ConnectorRegistry.open(store, new PluginCatalog([]));
    const service = new ConnectorService(registry);
    try {
      lostOnes = 1;
      await service.putByName('resent', { v: 1 });
      expect((await db.query(`SELECT config FROM connectors WHERE name = 'resent'`)).rows).toEqual([{ config: { v: 1 } }]);

      lostOnes = 2;
      const error = await service.putByName('resent', { v: 2 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreWriteError);
      expect((error as Error).message).toBe(
        'The connector store could not save the change (the connection to PostgreSQL was lost before it was sent); nothing was changed',
      );
      expect((await db.query(`SELECT config FROM connectors WHERE name = 'resent'`)).rows).toEqual([{ config: { v: 1 } }]);
      expect(registry.getByName('resent')?.config).toEqual({ v: 1 });
    } finally {
      await registry.close();
    }
  });

  it('runs a batch again when PostgreSQL picks it as a deadlock victim, and gives up after three attempts with a 409', async () => {
    const a = await instance();
    await a.service.putByName('contended', { v: 1 });
    // A real deadlock victim's error, raised by the database for the first `failures` statements
    // that write a row (a sequence is not rolled back with the statement, so it counts attempts).
    const failFirst = (failures: number) =>
      db.query(`
        CREATE SEQUENCE attempts;
        CREATE FUNCTION fail_as_deadlock_victim() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('attempts') <= ${failures} THEN RAISE EXCEPTION 'deadlock detected (injected)' USING ERRCODE = '40P01'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER deadlock_victim BEFORE UPDATE ON connectors FOR EACH ROW EXECUTE FUNCTION fail_as_deadlock_victim();`);
    const attempts = async () => Number((await db.query<{ last_value: string }>('SELECT last_value FROM attempts')).rows[0].last_value);
    const cleanUp = () =>
      db.query('DROP TRIGGER IF EXISTS deadlock_victim ON connectors; DROP FUNCTION IF EXISTS fail_as_deadlock_victim(); DROP SEQUENCE IF EXISTS attempts');
    try {
      await failFirst(1);
      await a.service.putByName('contended', { v: 2 });
      expect(await attempts()).toBe(2);
      expect((await db.query(`SELECT config, version FROM connectors WHERE name = 'contended'`)).rows).toEqual([{ config: { v: 2 }, version: 2 }]);
      await cleanUp();

      await failFirst(100);
      const error = await a.service.putByName('contended', { v: 3 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).message).toBe('Connectors were changed by another writer at the same moment; retry');
      expect(await attempts()).toBe(3);
      expect((await db.query(`SELECT config FROM connectors WHERE name = 'contended'`)).rows).toEqual([{ config: { v: 2 } }]);
      expect(a.registry.getByName('contended')?.config).toEqual({ v: 2 });
    } finally {
      await cleanUp();
    }
    await a.service.putByName('contended', { v: 4 });
    expect(a.registry.getByName('contended')?.config).toEqual({ v: 4 });
  });

  it('takes its own updates back from what it wrote, not from a read, and keeps nothing once their notifications came back', async () => {
    const a = await instance();
    const b = await instance();
    await a.service.putByName('busy', { n: 0 });
    const id = a.registry.getByName('busy')!.id;
    await Promise.all(Array.from({ length: 40 }, (_, n) => a.service.update(id, { config: { n: n + 1 } })));
    await eventually(() => expect(b.registry.getById(id)?.config).toEqual({ n: 40 }));
    await eventually(() => expect(a.store.ownWritesAwaitingNotice).toBe(0));
    expect(a.registry.getById(id)).toMatchObject({ version: 41, config: { n: 40 } });

    // readChanges asks `known` first: a row it answers for is not read (here it is not even in the table).
    const ghost = { ...a.registry.getById(id)!, id: 'not-in-the-table' };
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      const asked: string[] = [];
      const changes = await readChanges(
        pool,
        [
          { op: 'upsert', id: ghost.id },
          { op: 'upsert', id },
          { op: 'upsert', id: ghost.id },
        ],
        (notice) => {
          asked.push(notice.op === 'reserved' ? notice.name : notice.id);
          return notice.op === 'upsert' && notice.id === ghost.id ? ghost : undefined;
        },
      );
      expect(asked).toEqual([ghost.id, id, ghost.id]);
      expect(changes).toEqual([
        { kind: 'upsert', record: a.registry.getById(id) },
        { kind: 'upsert', record: ghost },
      ]);
    } finally {
      await pool.end();
    }
  });
  it("with an encryption key, stores secrets sealed and serves another instance's sealed writes opened", async () => {
    const keys = new SecretKeyRing(SecretCipher.fromBase64(randomBytes(32).toString('base64')));
    const a = await instance({ keys });
    const b = await instance({ keys });
    await a.service.putByName('telegram', { botToken: '123456:PLANTED-sealed', dmPolicy: 'pairing' });
    await eventually(() => expect(b.registry.getByName('telegram')?.config).toEqual({ botToken: '123456:PLANTED-sealed', dmPolicy: 'pairing' }));
    const { rows } = await db.query<{ config: string }>('SELECT config::text AS config FROM connectors');
    expect(rows).toHaveLength(1);
    expect(rows[0].config).not.toContain('PLANTED');
    expect(rows[0].config).toContain(`"enc:v2:${keys.sealing!.keyId}:`);
    expect(rows[0].config).toContain('"dmPolicy": "pairing"');
    // A third instance without the key cannot boot on it, and says why without a value.
    const keyless = new PostgresStore(db.url);
    try {
      await expect(keyless.load()).rejects.toThrow(/connector "telegram": .*encrypted with key .* but SWITCHBOARD_ENCRYPTION_KEY is not set/);
    } finally {
      await keyless.close();
    }
  });
});
