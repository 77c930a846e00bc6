import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { StoreUnavailableError } from '../../errors.js';
import { MIGRATIONS } from './migrations.js';
import { PostgresStore } from './postgres-store.js';
import { createTestDatabase, describePostgres, type TestDatabase } from './test-database.test-utils.js';

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

describePostgres('PostgreSQL migrations', () => {
  let db: TestDatabase;
  const stores: PostgresStore[] = [];
  const open = (url = db.url) => {
    const store = new PostgresStore(url, { connectTimeoutMs: 3000 });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await db?.drop();
  });

  it('creates the schema in an empty database at load, then finds nothing left to do', async () => {
    const first = open();
    expect(await first.load(() => 'x')).toEqual({ records: [], reserved: new Map() });
    const { rows } = await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    expect(tables.rows.map((row) => row.table_name)).toEqual([
      'audit_entries',
      'connection_test_results',
      'connector_reserved',
      'connector_revisions',
      'connectors',
      'schema_migrations',
      'switchboard_keys',
    ]);

    expect(await open().migrate()).toEqual({ applied: [], current: LATEST });
    await open().load(() => 'x');
    expect((await db.query('SELECT * FROM schema_migrations')).rowCount).toBe(MIGRATIONS.length);
  });

  it('lets several instances boot on a fresh database at once: one migrates, the others wait', async () => {
    const fresh = await createTestDatabase();
    try {
      const booting = [0, 1, 2, 3].map(() => open(fresh.url));
      const results = await Promise.all(booting.map((store) => store.migrate()));
      expect(results.filter((r) => r.applied.length > 0)).toEqual([{ applied: MIGRATIONS.map((m) => m.version), current: LATEST }]);
      expect(results.filter((r) => r.applied.length === 0)).toHaveLength(3);
      const snapshots = await Promise.all(booting.map((store) => store.load(() => 'x')));
      for (const snapshot of snapshots) expect(snapshot.records).toEqual([]);
      expect((await fresh.query('SELECT * FROM schema_migrations')).rowCount).toBe(MIGRATIONS.length);
    } finally {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await fresh.drop();
    }
  });

  it('refuses a database whose schema is newer than this version knows', async () => {
    const fresh = await createTestDatabase();
    try {
      await open(fresh.url).migrate();
      await fresh.query(`INSERT INTO schema_migrations (version, name) VALUES (${LATEST + 1}, 'from the future')`);
      const error = await open(fresh.url)
        .load(() => 'x')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(new RegExp(`schema is at version ${LATEST + 1}, newer than this Switchboard knows \\(${LATEST}\\)`));
    } finally {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await fresh.drop();
    }
  });

  it('fails boot with one line that never shows the password', async () => {
    const password = 'PLANTED-pg-password-4711';
    const missing = new URL(db.url);
    missing.password = password;
    missing.pathname = '/sb_test_does_not_exist';
    const refused = new URL(missing);
    refused.port = '1';

    const cases: [string, RegExp][] = [
      [missing.toString(), /: database "sb_test_does_not_exist" does not exist$/],
      [refused.toString(), /: connect ECONNREFUSED 127\.0\.0\.1:1$/],
    ];
    for (const [url, reason] of cases) {
      const store = open(url);
      expect(store.description).not.toContain(password);
      const error = await store.load(() => 'x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      const message = (error as Error).message;
      expect(message).toMatch(/^cannot use PostgreSQL at postgres:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/sb_test_does_not_exist: \S/);
      expect(message).toMatch(reason);
      expect(message).not.toContain(password);
      expect(message).not.toContain('\n');
    }
  });
});
