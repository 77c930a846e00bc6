import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { EVENT_CHANNEL, MAX_PAYLOAD_BYTES } from '../store/postgres/change-notice.js';
import { GroupInsert } from '../store/postgres/group-insert.js';
import type { ChangeEvent } from './change-event.js';
import { DEFAULT_REVISION_RETENTION, type HistoryStore, type NewEvent, type NewRevision, type StoredRevision } from './history-store.js';
import { createPool } from '../store/postgres/pool.js';

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

interface QueuedRevision {
  revision: NewRevision;
  /** The event as announced (see payload). */
  payload: string;
  /** Drawn by the write's own statement (see write-batch.ts), or none: the sequence's next. */
  number: number | undefined;
}

const COLUMNS = 'id, connector_name, connector_id, connector_type, action, key_id, at, fields, fields_omitted, fingerprints, restored_from, config';

/**
 * Revisions in PostgreSQL (`connector_revisions`, migration 5), shared by every instance; the row id
 * is the event id, and the insert announces the event on EVENT_CHANNEL in the same statement, so
 * every instance's feed hears it. Uses a small pool of its own, like the test results.
 */
export class PostgresHistoryStore implements HistoryStore {
  readonly description = 'PostgreSQL table connector_revisions';
  private readonly appends = new GroupInsert<QueuedRevision, number>((batch) => this.insert(batch));

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
    const pool = createPool({ connectionString: url, max: 2, application_name: 'switchboard-history', connectionTimeoutMillis: 10_000 }, () =>
      warn('revision history: a pooled PostgreSQL connection failed'),
    );
    try {
      const key = options.derivedKey ?? (await sharedKey(pool));
      return new PostgresHistoryStore(pool, key, Math.max(1, options.retention ?? DEFAULT_REVISION_RETENTION), randomBytes(12).toString('base64url'));
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  append(revision: NewRevision, event: Omit<NewEvent, 'revision'>, number?: number): Promise<number> {
    return this.appends.add({ revision, payload: this.payload(event), number });
  }

  /**
   * Every revision of the batch in one statement, each announced on EVENT_CHANNEL (sent at commit),
   * then the retention applied once per name: one commit for a burst of writes, not two a write.
   */
  private async insert(batch: readonly QueuedRevision[]): Promise<number[]> {
    const revisions = batch.map((queued) => queued.revision);
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH input AS MATERIALIZED (
         SELECT COALESCE(i.number, nextval('connector_revisions_id_seq')) AS id, i.*
           FROM (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::jsonb[],
                                      $8::integer[], $9::jsonb[], $10::bigint[], $11::jsonb[], $12::jsonb[], $13::bigint[])
                   WITH ORDINALITY AS u(connector_name, connector_id, connector_type, action, key_id, at, fields,
                                        fields_omitted, fingerprints, restored_from, config, payload, number, n)
                  ORDER BY n) AS i
       ), added AS (
         INSERT INTO connector_revisions (${COLUMNS})
         SELECT ${COLUMNS} FROM input RETURNING id
       )
       SELECT id, pg_notify('${EVENT_CHANNEL}', (jsonb_set(payload, '{id}', to_jsonb(id)) || jsonb_build_object('revision', id))::text)
         FROM input ORDER BY n`,
      [
        revisions.map((r) => r.connector.name),
        revisions.map((r) => r.connector.id),
        revisions.map((r) => r.connector.type),
        revisions.map((r) => r.action),
        revisions.map((r) => r.keyId),
        revisions.map((r) => r.at),
        revisions.map((r) => JSON.stringify(r.fields)),
        revisions.map((r) => r.fieldsOmitted ?? null),
        revisions.map((r) => JSON.stringify(r.fingerprints)),
        revisions.map((r) => r.restoredFrom ?? null),
        revisions.map((r) => (r.config === undefined ? null : JSON.stringify(r.config))),
        batch.map((queued) => queued.payload),
        batch.map((queued) => queued.number ?? null),
      ],
    );
    await this.pool.query(
      `DELETE FROM connector_revisions r USING (SELECT DISTINCT unnest($1::text[]) AS name) AS n
        WHERE r.connector_name = n.name
          AND r.id < (SELECT min(id) FROM (SELECT id FROM connector_revisions WHERE connector_name = n.name ORDER BY id DESC LIMIT $2) AS kept)`,
      [revisions.map((r) => r.connector.name), this.retention],
    );
    return rows.map((row) => Number(row.id));
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

  async close(): Promise<void> {
    await this.appends.drained();
    await this.pool.end();
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
