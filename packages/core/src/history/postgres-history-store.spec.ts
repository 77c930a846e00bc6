import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../store/postgres/test-database.test-utils.js';
import { EVENT_CHANNEL } from '../store/postgres/change-notice.js';
import type { NewEvent, NewRevision } from './history-store.js';
import { PostgresHistoryStore } from './postgres-history-store.js';

function revision(name: string, i: number): NewRevision {
  return {
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    action: 'update',
    connector: { id: `id-${name}`, name, type: 'telegram' },
    keyId: 'test',
    fields: [`field${i}`],
    fingerprints: { botToken: `fp${i}` },
    config: { allowFrom: [`user${i}`] },
  };
}

function eventOf(r: NewRevision): Omit<NewEvent, 'revision'> {
  return { action: 'updated', at: r.at, connector: r.connector, fields: r.fields, keyId: r.keyId };
}

describePostgres('PostgresHistoryStore: appends grouped into one statement each burst', () => {
  let db: TestDatabase;
  let history: PostgresHistoryStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = new PostgresStore(db.url);
    await store.migrate();
    await store.close();
    history = await PostgresHistoryStore.open(db.url, { retention: 5, trimDelayMs: 20 });
  });

  afterAll(async () => {
    await history?.close();
    await db?.drop();
  });

  it('answers every concurrent append with its own revision, keeps each one as sent and the retention per name', async () => {
    const sent = Array.from({ length: 40 }, (_, i) => revision(i % 2 === 0 ? 'even' : 'odd', i));
    const numbers = await Promise.all(sent.map((r) => history.append(r, eventOf(r))));
    expect(new Set(numbers).size).toBe(40);
    // Numbers follow the order the appends were made in (one sequence, drawn in batch order).
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
    for (const name of ['even', 'odd']) {
      const kept = await history.list(name);
      expect(kept).toHaveLength(5);
      const expected = sent
        .map((r, i) => ({ r, n: numbers[i] }))
        .filter(({ r }) => r.connector.name === name)
        .slice(-5)
        .reverse();
      expect(kept.map((k) => k.revision)).toEqual(expected.map(({ n }) => n));
      expect(kept.map((k) => k.config)).toEqual(expected.map(({ r }) => r.config));
      expect(kept.map((k) => k.fingerprints)).toEqual(expected.map(({ r }) => r.fingerprints));
    }
  });

  it('keeps a revision number the connector store drew, and announces each revision on the event channel', async () => {
    const listener = await db.connect();
    const heard: unknown[] = [];
    listener.on('notification', (message) => heard.push(JSON.parse(message.payload ?? 'null')));
    await listener.query(`LISTEN ${EVENT_CHANNEL}`);
    const drawn = Number((await db.query<{ id: string }>(`SELECT nextval('connector_revisions_id_seq') AS id`)).rows[0].id);
    const r = revision('drawn', 1);
    await expect(history.append(r, eventOf(r), drawn)).resolves.toBe(drawn);
    expect((await history.get('drawn', drawn))?.fields).toEqual(['field1']);
    for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toEqual([expect.objectContaining({ id: drawn, revision: drawn, connector: r.connector })]);
  });

  it('serves only the retention of revisions a write batch kept in its own commit, and trims the rest when asked', async () => {
    // As a write batch keeps them: straight into the table, no retention applied.
    const insertRevision = (r: NewRevision) =>
      db.query(
        `INSERT INTO connector_revisions (connector_name, connector_id, connector_type, action, key_id, at, fields, fingerprints, config)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          r.connector.name,
          r.connector.id,
          r.connector.type,
          r.action,
          r.keyId,
          r.at,
          JSON.stringify(r.fields),
          JSON.stringify(r.fingerprints),
          JSON.stringify(r.config),
        ],
      );
    const keptByBatch = async (name: string, count: number) => {
      for (let i = 0; i < count; i++) await insertRevision(revision(name, i));
    };
    await keptByBatch('batched', 8);
    // Names at and under the retention, trimmed in the same delete, lose nothing.
    await keptByBatch('exactly-kept', 5);
    await keptByBatch('few', 3);
    const stored = async (name = 'batched') =>
      Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM connector_revisions WHERE connector_name = $1`, [name])).rows[0].n);
    expect(await stored()).toBe(8);
    const listed = await history.list('batched');
    expect(listed.map((k) => k.fields)).toEqual([7, 6, 5, 4, 3].map((i) => [`field${i}`]));
    const oldest = Math.min(...listed.map((k) => k.revision));
    // Past the retention already, though still stored until trimmed.
    await expect(history.get('batched', oldest - 1)).resolves.toBeUndefined();
    await expect(history.get('batched', oldest)).resolves.toMatchObject({ fields: ['field3'] });

    await Promise.all(['batched', 'exactly-kept', 'few'].map((name) => history.trim(name)));
    expect([await stored(), await stored('exactly-kept'), await stored('few')]).toEqual([5, 5, 3]);
    expect((await history.list('batched')).map((k) => k.revision)).toEqual(listed.map((k) => k.revision));
  });
});
