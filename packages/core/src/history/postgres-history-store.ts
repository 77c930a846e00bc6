import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { EVENT_CHANNEL, MAX_PAYLOAD_BYTES } from '../store/postgres/change-notice.js';
import type { ChangeEvent } from './change-event.js';
import { DEFAULT_REVISION_RETENTION, type HistoryStore, type NewEvent, type NewRevision, type StoredRevision } from './history-store.js';

export interface PostgresHistoryStoreOptions {
  /** Revisions kept per connector name (REVISION_RETENTION). */
  retention?: number;
  /** The fingerprint key derived from the encryption key; without it one random key is kept in the database for every instance. */
  derivedKey?: Buffer;
  warn?: (message: string) => void;
}

interface Row {
  id: string;
  connector_name: string;
  connector_id: string | null;
  connector_type: string | null;
  action: StoredRevision['action'];
  key_id: string;
  at: Date;
  fields: string[];
  fields_omitted: number | null;
  fingerprints: Record<string, string>;
  restored_from: string | null;
  config: unknown;
}

const COLUMNS = 'id, connector_name, connector_id, connector_type, action, key_id, at, fields, fields_omitted, fingerprints, restored_from, config';

/**
 * Revisions in PostgreSQL (`connector_revisions`, migration 5), shared by every instance; the row id
 * is the event id, and the insert announces the event on EVENT_CHANNEL in the same statement, so
 * every instance's feed hears it. Uses a small pool of its own, like the test results.
 */
export class PostgresHistoryStore implements HistoryStore {
  readonly description = 'PostgreSQL table connector_revisions';

  private constructor(
    private readonly pool: pg.Pool,
    readonly fingerprintKey: Buffer,
    private readonly retention: number,
    /** Marks this instance's events: it publishes its own at once and ignores their notification. */
    readonly origin: string,
  ) {}

  /** Call after the connector store has migrated the database. */
  static async open(url: string, options: PostgresHistoryStoreOptions = {}): Promise<PostgresHistoryStore> {
    const warn = options.warn ?? (() => undefined);
    const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'switchboard-history', connectionTimeoutMillis: 10_000 });
    pool.on('error', () => warn('revision history: a pooled PostgreSQL connection failed'));
    try {
      const key = options.derivedKey ?? (await sharedKey(pool));
      return new PostgresHistoryStore(pool, key, Math.max(1, options.retention ?? DEFAULT_REVISION_RETENTION), randomBytes(12).toString('base64url'));
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async append(revision: NewRevision, event: Omit<NewEvent, 'revision'>, number?: number): Promise<number> {
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH added AS (
         INSERT INTO connector_revisions (id, connector_name, connector_id, connector_type, action, key_id, at, fields, fields_omitted, fingerprints, restored_from, config)
         VALUES (COALESCE($13::bigint, nextval('connector_revisions_id_seq')), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id
       )
       SELECT id, pg_notify('${EVENT_CHANNEL}', (jsonb_set($12::jsonb, '{id}', to_jsonb(id)) || jsonb_build_object('revision', id))::text) FROM added`,
      [
        revision.connector.name,
        revision.connector.id,
        revision.connector.type,
        revision.action,
        revision.keyId,
        revision.at,
        JSON.stringify(revision.fields),
        revision.fieldsOmitted ?? null,
        JSON.stringify(revision.fingerprints),
        revision.restoredFrom ?? null,
        revision.config === undefined ? null : JSON.stringify(revision.config),
        this.payload(event),
        number ?? null,
      ],
    );
    const id = Number(rows[0].id);
    await this.pool.query(
      `DELETE FROM connector_revisions WHERE connector_name = $1 AND id < (
         SELECT min(id) FROM (SELECT id FROM connector_revisions WHERE connector_name = $1 ORDER BY id DESC LIMIT $2) AS kept)`,
      [revision.connector.name, this.retention],
    );
    return id;
  }

  async announce(event: NewEvent): Promise<number> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id, pg_notify('${EVENT_CHANNEL}', jsonb_set($1::jsonb, '{id}', to_jsonb(id))::text)
         FROM (SELECT nextval('connector_revisions_id_seq') AS id) AS next`,
      [this.payload(event)],
    );
    return Number(rows[0].id);
  }

  async list(name: string): Promise<StoredRevision[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM connector_revisions WHERE connector_name = $1 ORDER BY id DESC`, [name]);
    return rows.map(revisionOf);
  }

  async get(name: string, revision: number): Promise<StoredRevision | undefined> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM connector_revisions WHERE connector_name = $1 AND id = $2`, [name, revision]);
    return rows.length > 0 ? revisionOf(rows[0]) : undefined;
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /** The event as announced, with this instance as its origin; changed paths are left out past the notification's size limit. */
  private payload(event: Omit<ChangeEvent, 'id'>): string {
    const full = JSON.stringify({ id: 0, ...event, origin: this.origin });
    if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES - 100) return full;
    return JSON.stringify({ id: 0, ...event, fields: [], fieldsOmitted: event.fields.length + (event.fieldsOmitted ?? 0), origin: this.origin });
  }
}

function revisionOf(row: Row): StoredRevision {
  return {
    revision: Number(row.id),
    at: row.at.toISOString(),
    action: row.action,
    connector: { id: row.connector_id, name: row.connector_name, type: row.connector_type },
    keyId: row.key_id,
    fields: row.fields,
    ...(row.fields_omitted !== null && { fieldsOmitted: row.fields_omitted }),
    fingerprints: row.fingerprints,
    ...(row.restored_from !== null && { restoredFrom: Number(row.restored_from) }),
    ...(row.config !== null && { config: row.config }),
  };
}

/** One random key for every instance, made by whichever asks first. */
async function sharedKey(pool: pg.Pool): Promise<Buffer> {
  await pool.query(`INSERT INTO switchboard_keys (name, value) VALUES ('revision-fingerprints', $1) ON CONFLICT (name) DO NOTHING`, [
    randomBytes(32).toString('base64url'),
  ]);
  const { rows } = await pool.query<{ value: string }>(`SELECT value FROM switchboard_keys WHERE name = 'revision-fingerprints'`);
  return Buffer.from(rows[0].value, 'base64url');
}
