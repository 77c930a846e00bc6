import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { ConflictError } from '../../errors.js';
import type pg from 'pg';
import type { ConnectorRecord } from '../../registry/connector-record.js';
import { PostgresStore } from './postgres-store.js';
import { createTestDatabase, describePostgres, eventually, type TestDatabase } from './test-database.test-utils.js';
import type { ChangeRecord } from '../../registry/transaction.js';
import { EVENT_CHANNEL } from './change-notice.js';
import { type BatchPlan, writeBatch } from './write-batch.js';

const AT = '2026-11-01T12:00:00.000Z';
const record = (i: number, version: number): ConnectorRecord =>
  Object.freeze({ id: `id-${i}`, type: 'note', name: `note-${i}`, config: { i, version }, createdAt: AT, updatedAt: AT, version, seq: 0 });
const plan = (parts: Partial<BatchPlan>): BatchPlan => ({ updates: [], inserts: [], removals: [], reserved: [], ...parts });

/** The change record of one write of `r` (what ConnectorService prepares inside the write). */
const changeRecord = (r: ConnectorRecord): ChangeRecord => {
  const connector = { id: r.id, name: r.name, type: r.type };
  const event = { action: 'updated' as const, at: AT, connector, fields: ['version'], keyId: 'ops' };
  return {
    revision: {
      row: { at: AT, action: 'update', connector, keyId: 'ops', fields: ['version'], fingerprints: {}, config: r.config },
      event,
      announcement: JSON.stringify({ id: 0, ...event, origin: 'elsewhere' }),
    },
    audit: { at: AT, actor: 'ops', surface: 'eliza', action: 'update', connector, fields: ['version'] },
  };
};

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

  it("keeps each change's revision and audit entry in the write's own commit, numbered by the revisions it draws, and none when the write does not apply", async () => {
    const listener = await db.connect();
    const heard: string[] = [];
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    await listener.query(`LISTEN ${EVENT_CHANNEL}`);
    try {
      const [a, b] = [record(9001, 1), record(9002, 1)];
      await writeBatch(client, plan({ inserts: [a, b] }), 'origin');
      const [a2, b2] = [record(9001, 2), record(9002, 2)];
      // Three revisions drawn; the second change's operation failed after reserving one (no record).
      const written = await writeBatch(
        client,
        plan({
          updates: [
            { record: a2, expected: a },
            { record: b2, expected: b },
          ],
          revisions: 3,
          records: [
            { position: 1, record: changeRecord(a2) },
            { position: 3, record: changeRecord(b2) },
          ],
        }),
        'origin',
      );
      expect(written.revisions).toHaveLength(3);
      const [first, , third] = written.revisions;
      const revisions = await db.query<{ id: string; connector_name: string; config: unknown }>(
        `SELECT id, connector_name, config FROM connector_revisions WHERE connector_name LIKE 'note-900%' ORDER BY id`,
      );
      expect(revisions.rows).toEqual([
        { id: String(first), connector_name: 'note-9001', config: a2.config },
        { id: String(third), connector_name: 'note-9002', config: b2.config },
      ]);
      const audit = await db.query<{ connector_name: string; actor: string; revision: number }>(
        `SELECT connector_name, actor, (entry->>'revision')::int AS revision FROM audit_entries WHERE connector_name LIKE 'note-900%' ORDER BY id`,
      );
      expect(audit.rows).toEqual([
        { connector_name: 'note-9001', actor: 'ops', revision: first },
        { connector_name: 'note-9002', actor: 'ops', revision: third },
      ]);
      await eventually(() => expect(heard.map((payload) => (JSON.parse(payload) as { id: number; revision: number }).revision)).toEqual([first, third]));
      expect(heard.map((payload) => (JSON.parse(payload) as { id: number }).id)).toEqual([first, third]);

      // A lost race (an update over a version no longer stored) undoes the whole statement: no revision, no audit entry.
      const stale = record(9001, 3);
      await expect(
        writeBatch(
          client,
          plan({ updates: [{ record: stale, expected: a }], revisions: 1, records: [{ position: 1, record: changeRecord(stale) }] }),
          'origin',
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      const counts = await db.query<{ revisions: string; audit: string }>(
        `SELECT (SELECT count(*) FROM connector_revisions WHERE connector_name LIKE 'note-900%') AS revisions,
                (SELECT count(*) FROM audit_entries WHERE connector_name LIKE 'note-900%') AS audit`,
      );
      expect(counts.rows[0]).toEqual({ revisions: '2', audit: '2' });
    } finally {
      await listener.end();
    }
  });
});
