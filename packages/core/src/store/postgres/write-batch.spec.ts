import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type pg from 'pg';
import type { ConnectorRecord } from '../../registry/connector-record.js';
import { PostgresStore } from './postgres-store.js';
import { createTestDatabase, describePostgres, type TestDatabase } from './test-database.test-utils.js';
import { type BatchPlan, writeBatch } from './write-batch.js';

const AT = '2026-11-01T12:00:00.000Z';
const record = (i: number, version: number): ConnectorRecord =>
  Object.freeze({ id: `id-${i}`, type: 'note', name: `note-${i}`, config: { i, version }, createdAt: AT, updatedAt: AT, version, seq: 0 });
const plan = (parts: Partial<BatchPlan>): BatchPlan => ({ updates: [], inserts: [], removals: [], reserved: [], ...parts });

describePostgres('writeBatch on a real PostgreSQL', () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = new PostgresStore(db.url);
    await store.migrate();
    await store.close();
    client = await db.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('plans its statement once per connection, applies small and large batches under that plan, and analyzes after a bulk batch', async () => {
    const many = 3000;
    await writeBatch(client, plan({ inserts: [record(0, 1), record(1, 1)] }), 'origin');
    await writeBatch(client, plan({ updates: [{ record: record(0, 2), expected: record(0, 1) }] }), 'origin');
    const analyzed = async () =>
      (await db.query<{ at: Date | null }>(`SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relname = 'connectors'`)).rows[0]?.at;
    expect(await analyzed()).toBeNull();
    // Large batches (a copy, an import) under the plan made for small ones: every row applies.
    const inserts = Array.from({ length: many }, (_, i) => record(i + 2, 1));
    await writeBatch(client, plan({ inserts }), 'origin');
    // The plan was made for a table of two rows: the bulk batch has the statistics brought up to date.
    expect(await analyzed()).toBeInstanceOf(Date);
    await writeBatch(client, plan({ updates: inserts.map((r) => ({ record: { ...r, version: 2 }, expected: r })) }), 'origin');
    await writeBatch(client, plan({ removals: inserts.slice(0, many / 2) }), 'origin');

    const { rows } = await db.query<{ count: string; updated: string }>(
      `SELECT count(*) AS count, count(*) FILTER (WHERE version = 2) AS updated FROM connectors`,
    );
    expect(rows[0]).toEqual({ count: String(2 + many / 2), updated: String(1 + many / 2) });

    const setting = await client.query<{ mode: string }>(`SELECT current_setting('plan_cache_mode') AS mode`);
    expect(setting.rows[0]?.mode).toBe('force_generic_plan');
    const plans = await client.query<{ generic: string; custom: string }>(
      `SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE name = 'switchboard_write_batch'`,
    );
    expect(plans.rows).toEqual([{ generic: '5', custom: '0' }]);
  });
});
