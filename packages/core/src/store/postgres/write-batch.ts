import type pg from 'pg';
import { ConflictError, InvalidInputError, SwitchboardError } from '../../errors.js';
import type { ConnectorRecord } from '../../registry/connector-record.js';
import type { ChangeRecord, Transaction } from '../../registry/transaction.js';
import { insertAuditEntries } from '../../audit/postgres-audit-storage.js';
import { announceRevision, REVISION_COLUMNS, REVISION_RECORD, revisionRecord } from '../../history/revision-rows.js';
import { CHANGE_CHANNEL, type ChangeNotice, encodeNotices } from './change-notice.js';
import { reasonOf } from './database-url.js';
import { connectionLost } from './pool.js';

/** A database failure that is not the client's doing: answered 503, the batch was not applied. */
export class StoreWriteError extends SwitchboardError {
  constructor(message: string) {
    super(503, 'SERVICE_UNAVAILABLE', message);
  }
}

/** The connection was found lost before the batch statement went out: nothing ran, another connection may take it. */
export class BatchNotSentError extends StoreWriteError {
  constructor() {
    super('The connector store could not save the change (the connection to PostgreSQL was lost before it was sent); nothing was changed');
  }
}

/** Everything one commit writes, fixed when the commit starts. */
export interface BatchPlan {
  /** Records the batch changes, with the version each change was made over (optimistic concurrency). */
  updates: { record: ConnectorRecord; expected: ConnectorRecord }[];
  /** Records the batch creates, in creation order: the shared sequence numbers them in this order. */
  inserts: ConnectorRecord[];
  removals: ConnectorRecord[];
  reserved: [string, unknown][];
  /** Revision numbers the batch's changes want (Transaction.revisionsWanted), drawn in the statement. */
  revisions?: number;
  /** What its changes write down (Transaction.changeRecords): kept in the same statement, numbered by the revisions drawn. */
  records?: { position: number; record: ChangeRecord }[];
}

/**
 * Must run before the commit's first await: `tx.committed` reads the registry's live state, which
 * may take other instances' changes while the commit is in flight, and the versions compared must
 * be the ones the batch's operations saw.
 */
export function planBatch(tx: Transaction): BatchPlan {
  const updates: BatchPlan['updates'] = [];
  const inserts: ConnectorRecord[] = [];
  for (const record of tx.upserts) {
    const expected = tx.committed(record.id);
    if (expected) updates.push({ record, expected });
    else inserts.push(record);
  }
  // Ordered by id so that two instances updating the same rows tend to lock them in one order.
  updates.sort((a, b) => (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0));
  return { updates, inserts, removals: tx.removals, reserved: [...tx.reservedUpdates], revisions: tx.revisionsWanted, records: tx.changeRecords };
}

/**
 * The whole batch in one statement, so a commit costs one round trip whatever its size: data-
 * modifying CTEs write every row (an update applies only over the version the batch read), queue
 * the notifications naming every change (as few as fit a payload; sent by PostgreSQL only if the
 * statement commits), keep each change's revision and audit entry and announce its event (so a
 * committed change always has them, and costs one commit, not three), and the final
 * select raises SW409 (migration 2) when any update or insert did not apply, undoing everything.
 * The name check is deferrable, so it runs at the end of the statement: names may be swapped or
 * reused within a batch.
 */
const BATCH_SQL = `
WITH updated AS (
  UPDATE connectors AS c
     SET type = u.type, name = u.name, config = u.config, created_at = u.created_at, updated_at = u.updated_at, version = u.version
    FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::timestamptz[], $7::integer[], $8::integer[])
         AS u(id, type, name, config, created_at, updated_at, version, expected)
   WHERE c.id = u.id AND c.version = u.expected
  RETURNING c.id
), inserted AS (
  INSERT INTO connectors (id, type, name, config, created_at, updated_at, version)
  SELECT id, type, name, config, created_at, updated_at, version
    FROM unnest($9::text[], $10::text[], $11::text[], $12::jsonb[], $13::timestamptz[], $14::timestamptz[], $15::integer[])
         WITH ORDINALITY AS i(id, type, name, config, created_at, updated_at, version, n)
   ORDER BY n
  -- Only a copy reuses ids: another writer already holding this one is a lost race.
  ON CONFLICT (id) DO NOTHING
  RETURNING id, seq
), removed AS (
  DELETE FROM connectors WHERE id = ANY($16::text[]) RETURNING id
), reserved_set AS (
  INSERT INTO connector_reserved (name, value) SELECT name, value FROM unnest($17::text[], $18::jsonb[]) AS r(name, value)
  ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value
  RETURNING name
), reserved_removed AS (
  DELETE FROM connector_reserved WHERE name = ANY($19::text[]) RETURNING name
), revision_ids AS MATERIALIZED (
  -- Drawn only once every row is written, hence locked (the filter reads the writes first): a
  -- writer of the same connector on another instance waits for that lock, so it draws larger
  -- numbers. Revision order is then the order PostgreSQL applied the writes in, which a number
  -- drawn after the commit (when the history keeps the revision) would not be.
  SELECT nextval('connector_revisions_id_seq') AS id FROM generate_series(1, $22::integer)
   WHERE (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted) + (SELECT count(*) FROM removed)
       + (SELECT count(*) FROM reserved_set) + (SELECT count(*) FROM reserved_removed) >= 0
), numbered AS MATERIALIZED (
  SELECT id, row_number() OVER (ORDER BY id) AS position FROM revision_ids
), records AS MATERIALIZED (
  SELECT numbered.id, r.*
    FROM jsonb_to_recordset($23::jsonb) AS r(position integer, ${REVISION_RECORD}, announcement text, audit jsonb)
    JOIN numbered USING (position)
), revisions_kept AS (
  INSERT INTO connector_revisions (id, ${REVISION_COLUMNS}) SELECT id, ${REVISION_COLUMNS} FROM records
), audited AS (
  ${insertAuditEntries(`(SELECT audit || jsonb_build_object('revision', id) AS entry, position AS n FROM records) AS a`)}
), announced AS MATERIALIZED (
  SELECT ${announceRevision('announcement', 'id')} FROM records ORDER BY position
), lost AS (
  -- NOT EXISTS, an anti-join whatever the size: NOT IN may be planned as a scan per row (a copy writes every record in one batch).
  SELECT w.name FROM unnest($1::text[], $20::text[]) AS w(id, name) WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.id = w.id)
  UNION ALL
  SELECT w.name FROM unnest($9::text[], $11::text[]) AS w(id, name) WHERE NOT EXISTS (SELECT 1 FROM inserted i WHERE i.id = w.id)
), notified AS MATERIALIZED (
  SELECT pg_notify('${CHANGE_CHANNEL}', payload) FROM unnest($21::text[]) WITH ORDINALITY AS p(payload, n) ORDER BY n
)
SELECT switchboard_assert_applied(ARRAY(SELECT name FROM lost)) AS applied,
       (SELECT count(*) FROM notified) + (SELECT count(*) FROM announced) AS notified,
       (SELECT json_object_agg(id, seq) FROM inserted) AS seqs,
       ARRAY(SELECT id FROM revision_ids ORDER BY id) AS revisions`;

/** Named: each pooled connection parses and plans the statement once. */
const BATCH_STATEMENT = 'switchboard_write_batch';

/** Columns of records, as parallel arrays for unnest. */
/** A record's config as stored (its secrets sealed when encryption is on). */
export type StoredConfig = (record: ConnectorRecord) => unknown;
/** A reserved entry's value as stored (sealed the same way). */
export type StoredReserved = (name: string, value: unknown) => unknown;

function columns(records: readonly ConnectorRecord[], stored: StoredConfig): unknown[] {
  return [
    records.map((r) => r.id),
    records.map((r) => r.type),
    records.map((r) => r.name),
    records.map((r) => JSON.stringify(stored(r))),
    records.map((r) => r.createdAt),
    records.map((r) => r.updatedAt),
    records.map((r) => r.version),
  ];
}

function parameters(plan: BatchPlan, origin: string, stored: StoredConfig, storedReserved: StoredReserved): unknown[] {
  const updated = plan.updates.map((u) => u.record);
  const reservedSet = plan.reserved.filter(([, value]) => value !== undefined);
  const records = plan.records ?? [];
  const notices: ChangeNotice[] = [
    ...plan.removals.map((record): ChangeNotice => ({ op: 'remove', id: record.id })),
    ...[...updated, ...plan.inserts].map((record): ChangeNotice => ({ op: 'upsert', id: record.id, origin, version: record.version })),
    ...plan.reserved.map(([name]): ChangeNotice => ({ op: 'reserved', name })),
  ];
  return [
    ...columns(updated, stored),
    plan.updates.map((u) => u.expected.version),
    ...columns(plan.inserts, stored),
    plan.removals.map((record) => record.id),
    reservedSet.map(([name]) => name),
    reservedSet.map(([name, value]) => JSON.stringify(storedReserved(name, value))),
    plan.reserved.filter(([, value]) => value === undefined).map(([name]) => name),
    plan.updates.map((u) => u.expected.name),
    encodeNotices(notices),
    plan.revisions ?? 0,
    JSON.stringify(
      records.map(({ position, record }) => ({
        position,
        ...revisionRecord(record.revision.row),
        announcement: record.revision.announcement,
        audit: record.audit,
      })),
    ),
  ];
}

/** Connections already told to plan the batch statement once (see planOnce). */
const planningOnce = new WeakSet<pg.ClientBase>();

/**
 * PostgreSQL re-plans a prepared statement at every execution as long as it judges custom plans
 * worth it, and it does for the batch statement, where planning it once saves PostgreSQL's CPU on
 * every write (bench/FINDINGS.md). The generic plan
 * suits it: its joins are chosen from the table's statistics (a scan while the table is small, index
 * lookups once it is large; re-planned when the statistics change) and its anti-joins hash whatever
 * the batch size; a bulk batch brings the statistics up to date at once (BULK_ROWS). The setting
 * lasts for the session, so it also applies to the reads that later use this pooled connection,
 * which generic plans serve as well. `plan_cache_mode` exists since PostgreSQL 12; an older server
 * refuses it and keeps re-planning.
 */
async function planOnce(client: pg.ClientBase): Promise<void> {
  planningOnce.add(client);
  await client.query('SET plan_cache_mode = force_generic_plan').catch(() => undefined);
  // A batch updates a few rows, mostly cached: at the default cost of a random page (made for
  // spinning disks) the generic plan scans a table of a thousand rows to update a dozen; the cost
  // usual for SSDs makes it look each row up by its key.
  await client.query('SET random_page_cost = 1.1').catch(() => undefined);
}

/**
 * A batch that adds or removes this many rows (a copy, an import) is followed by ANALYZE: plans made
 * from the old statistics (a scan of what was a small table) would otherwise serve until autovacuum
 * gets to it, up to a minute later; on a large table such a plan is slow (bench/FINDINGS.md).
 */
const BULK_ROWS = 1000;

/** Deadlock victim or serialization failure: nothing was applied, the same batch may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/**
 * Writes one batch atomically. `origin` marks this instance's notifications (see ChangeNotice).
 * Resolves with the sequence numbers of the created records and the revision numbers drawn (ascending).
 */
export async function writeBatch(
  client: pg.ClientBase,
  plan: BatchPlan,
  origin: string,
  stored: StoredConfig = (record) => record.config,
  storedReserved: StoredReserved = (_name, value) => value,
): Promise<{ seqs: Map<string, number>; revisions: number[] }> {
  const values = parameters(plan, origin, stored, storedReserved);
  if (!planningOnce.has(client)) await planOnce(client);
  for (let attempt = 1; ; attempt++) {
    try {
      if (connectionLost(client)) throw new BatchNotSentError();
      const { rows } = await client.query<{ seqs: Record<string, string | number> | null; revisions: (string | number)[] }>({
        name: BATCH_STATEMENT,
        text: BATCH_SQL,
        values,
      });
      // Committed already: statistics that cannot be gathered now will be by autovacuum.
      if (plan.inserts.length + plan.removals.length >= BULK_ROWS) await client.query('ANALYZE connectors').catch(() => undefined);
      return {
        seqs: new Map(Object.entries(rows[0]?.seqs ?? {}).map(([id, seq]) => [id, Number(seq)])),
        revisions: (rows[0]?.revisions ?? []).map(Number),
      };
    } catch (error) {
      if (attempt < ATTEMPTS && RETRYABLE.has((error as PgError)?.code ?? '')) continue;
      throw translate(error, plan);
    }
  }
}

function changedElsewhere(name: string): ConflictError {
  return new ConflictError(`Connector "${name}" was changed by another writer; reload and retry`, name);
}

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** Database errors become the domain's: 409 for a lost race, 400 for a value PostgreSQL refuses, 503 otherwise. */
function translate(error: unknown, plan: BatchPlan): Error {
  if (error instanceof SwitchboardError) return error;
  const { code, constraint, detail } = (error ?? {}) as PgError;
  if (code === 'SW409' && detail) return changedElsewhere(detail);
  if (code === '23505' && constraint === 'connectors_name_key') {
    const name = /^Key \(name\)=\((.*)\) already exists\.?$/s.exec(detail ?? '')?.[1];
    return new ConflictError(name === undefined ? 'A connector with that name already exists' : `A connector named "${name}" already exists`, name);
  }
  if (typeof code === 'string' && RETRYABLE.has(code)) return new ConflictError('Connectors were changed by another writer at the same moment; retry');
  // Data exceptions (such as \u0000, which jsonb cannot hold): the message names the problem, not the value.
  if (typeof code === 'string' && code.startsWith('22')) {
    return new InvalidInputError(`The config of ${refusedValueOwner(plan)} cannot be stored: ${(error as Error).message}`);
  }
  // PostgreSQL answered with an error: the statement, hence the batch, was not applied. Without an
  // answer (a lost connection) nobody knows whether it committed.
  const answered = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  return new StoreWriteError(
    answered
      ? `The connector store could not save the change (PostgreSQL error ${code}); nothing was changed`
      : `The connector store did not confirm the change (${reasonOf(error)}); it may or may not have been saved, reload and check`,
  );
}

/** Which connector of the batch holds the value PostgreSQL refused: the one whose JSON carries a NUL, the only one, or "a connector". */
function refusedValueOwner(plan: BatchPlan): string {
  const records = [...plan.updates.map((u) => u.record), ...plan.inserts];
  const holder = records.find((record) => JSON.stringify(record.config).includes('\\u0000')) ?? (records.length === 1 ? records[0] : undefined);
  if (holder) return `connector "${holder.name}"`;
  return plan.reserved.length > 0 && records.length === 0 ? 'a reserved entry' : 'a connector';
}
