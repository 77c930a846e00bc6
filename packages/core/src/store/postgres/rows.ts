import type pg from 'pg';
import type { ConnectorRecord } from '../../registry/connector-record.js';
import type { ExternalChange, StoreSnapshot } from '../connector-store.js';
import type { ChangeNotice } from './change-notice.js';

/** The columns every read selects, in the shape `recordOf` expects. */
export const RECORD_COLUMNS = 'id, type, name, config, created_at, updated_at, version, seq';

export interface ConnectorRow {
  id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  version: number;
  /** bigint: the driver hands it over as a string. */
  seq: string;
}

/** A row's config as served: its sealed secret values opened (encryption at rest). */
export type ConfigOpener = (row: ConnectorRow) => Record<string, unknown>;

const storedAsIs: ConfigOpener = (row) => row.config;

export interface ReservedRow {
  name: string;
  value: unknown;
}

/** A reserved entry's value as served: its sealed secret values opened. */
export type ReservedOpener = (row: ReservedRow) => unknown;

const valueAsIs: ReservedOpener = (row) => row.value;

/**
 * Timestamps are stored as timestamptz (microseconds) and written from the registry's ISO strings
 * (milliseconds, Z), so `toISOString()` gives back exactly the string that was written.
 */
export function recordOf(row: ConnectorRow, open: ConfigOpener = storedAsIs): ConnectorRecord {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    config: open(row),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    seq: Number(row.seq),
  };
}

/** Both tables as of one moment: a read-only repeatable-read transaction. */
export async function readSnapshot(client: pg.ClientBase, open: ConfigOpener = storedAsIs, openReserved: ReservedOpener = valueAsIs): Promise<StoreSnapshot> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const records = await client.query<ConnectorRow>(`SELECT ${RECORD_COLUMNS} FROM connectors ORDER BY seq`);
    const reserved = await client.query<ReservedRow>('SELECT name, value FROM connector_reserved ORDER BY name');
    await client.query('COMMIT');
    return { records: records.rows.map((row) => recordOf(row, open)), reserved: new Map(reserved.rows.map((row) => [row.name, openReserved(row)])) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * The current state of what some notifications name, read back from the tables: a record that is
 * gone by now comes back as a removal, whatever the notification said. Reading the latest state
 * (not replaying the notifications) is what makes late or repeated notifications harmless.
 * `known` may answer a notification without a read (the writer's own update: it knows the row).
 */
export async function readChanges(
  pool: pg.Pool,
  notices: readonly ChangeNotice[],
  known: (notice: ChangeNotice) => ConnectorRecord | undefined = () => undefined,
  open: ConfigOpener = storedAsIs,
  openReserved: ReservedOpener = valueAsIs,
): Promise<ExternalChange[]> {
  // Each thing once, at the place of its last notification: the order other writers committed in.
  const last = new Map<string, ChangeNotice>();
  for (const notice of notices) {
    const key = notice.op === 'reserved' ? `reserved:${notice.name}` : `record:${notice.id}`;
    last.delete(key);
    last.set(key, notice);
  }
  // Asked of every notification, not only the last of each thing: an answer is given once.
  const answered = new Map<ChangeNotice, ConnectorRecord>();
  for (const notice of notices) {
    const record = known(notice);
    if (record) answered.set(notice, record);
  }
  const ids = [...last.values()].flatMap((n) => (n.op === 'reserved' || answered.has(n) ? [] : [n.id]));
  const names = [...last.values()].flatMap((n) => (n.op === 'reserved' ? [n.name] : []));
  const [records, reserved] = await Promise.all([
    ids.length ? pool.query<ConnectorRow>(`SELECT ${RECORD_COLUMNS} FROM connectors WHERE id = ANY($1)`, [ids]) : undefined,
    names.length ? pool.query<ReservedRow>('SELECT name, value FROM connector_reserved WHERE name = ANY($1)', [names]) : undefined,
  ]);
  const recordById = new Map((records?.rows ?? []).map((row) => [row.id, recordOf(row, open)]));
  const valueByName = new Map((reserved?.rows ?? []).map((row) => [row.name, openReserved(row)]));
  return [...last.values()].map((notice): ExternalChange => {
    if (notice.op === 'reserved') return { kind: 'reserved', name: notice.name, value: valueByName.get(notice.name) };
    const record = answered.get(notice) ?? recordById.get(notice.id);
    return record ? { kind: 'upsert', record } : { kind: 'remove', id: notice.id };
  });
}
