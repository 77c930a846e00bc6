import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { EVENT_CHANNEL, MAX_PAYLOAD_BYTES } from '../store/postgres/change-notice.js';
import { GroupInsert } from '../store/postgres/group-insert.js';
import type { ChangeEvent } from './change-event.js';
import { DEFAULT_REVISION_RETENTION, type HistoryStore, type NewEvent, type NewRevision, type StoredRevision } from './history-store.js';
import { createPool } from '../store/postgres/pool.js';
import { ANNOUNCEMENT_HEAD, announceRevision, REVISION_COLUMNS, REVISION_RECORD, revisionRecord } from './revision-rows.js';

/**
 * Revisions a write batch keeps are trimmed to the retention this long after, the names of every
 * write meanwhile in one delete: trimming after each batch was a second commit (and WAL flush) for
 * every one. Those past the retention are hidden from the first moment (list, get).
 */
const TRIM_DELAY_MS = 1000;

export interface PostgresHistoryStoreOptions {
  /** Revisions kept per connector name (REVISION_RETENTION). */
  retention?: number;
  /** Tests: how long names wait to be trimmed together (default TRIM_DELAY_MS). */
  trimDelayMs?: number;
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
  /** The event as announced (see announcement). */
  payload: string;
  /** Drawn by the write's own statement (see write-batch.ts), or none: the sequence's next. */
  number: number | undefined;
}

const COLUMNS = `id, ${REVISION_COLUMNS}`;

/**
 * Revisions in PostgreSQL (`connector_revisions`, migration 5), shared by every instance; the row id
 * is the event id, and the insert announces the event on EVENT_CHANNEL in the same statement, so
 * every instance's feed hears it. Uses a small pool of its own, like the test results.
 */
export class PostgresHistoryStore implements HistoryStore {
  readonly description = 'PostgreSQL table connector_revisions';
  private readonly appends = new GroupInsert<QueuedRevision, number>((batch) => this.insert(batch));
  /** Names to trim at the next trim, which runs TRIM_DELAY_MS after the first of them came. */
  private dueTrim: { names: Set<string>; done: Promise<void>; timer: NodeJS.Timeout; skip: () => void } | undefined;
  private trimming: Promise<void> = Promise.resolve();
  private closing = false;

  private constructor(
    private readonly pool: pg.Pool,
    readonly fingerprintKey: Buffer,
    private readonly retention: number,
    /** How long names wait to be trimmed together (see trim). */
    private readonly trimDelayMs: number,
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
      const retention = Math.max(1, options.retention ?? DEFAULT_REVISION_RETENTION);
      return new PostgresHistoryStore(pool, key, retention, options.trimDelayMs ?? TRIM_DELAY_MS, randomBytes(12).toString('base64url'));
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  append(revision: NewRevision, event: Omit<NewEvent, 'revision'>, number?: number): Promise<number> {
    return this.appends.add({ revision, payload: this.announcement(event), number });
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
           FROM (SELECT * FROM jsonb_to_recordset($1::jsonb) AS u(${REVISION_RECORD}, payload text, number bigint, n integer) ORDER BY n) AS i
       ), added AS (
         INSERT INTO connector_revisions (id, ${REVISION_COLUMNS})
         SELECT id, ${REVISION_COLUMNS} FROM input RETURNING id
       )
       SELECT id, ${announceRevision('payload', 'id')} FROM input ORDER BY n`,
      [JSON.stringify(batch.map((queued, n) => ({ ...revisionRecord(queued.revision), payload: queued.payload, number: queued.number ?? null, n })))],
    );
    await this.dropBeyondRetention(revisions.map((r) => r.connector.name));
    return rows.map((row) => Number(row.id));
  }

  /**
   * Applies the retention to names whose revisions the connector store kept in its own commit (see
   * write-batch.ts). Off the write's path: names that come in while one delete runs go in the next.
   */
  trim(name: string): Promise<void> {
    // A write answered while the service shuts down: its revisions are trimmed at the next write of the name.
    if (this.closing) return Promise.resolve();
    if (!this.dueTrim) {
      const names = new Set<string>();
      let timer!: NodeJS.Timeout;
      let skip!: () => void;
      const done = new Promise<void>((resolve, reject) => {
        skip = resolve;
        timer = setTimeout(() => {
          this.dueTrim = undefined;
          // One at a time, so a slow delete never has another over the same rows beside it.
          this.trimming = this.trimming.then(() => this.dropBeyondRetention([...names])).then(resolve, reject);
        }, this.trimDelayMs);
      });
      this.dueTrim = { names, done, timer, skip };
    }
    this.dueTrim.names.add(name);
    return this.dueTrim.done;
  }

  /**
   * Deletes, for each name, the revisions older than its newest `retention`. The oldest one kept is
   * found once per name (a lateral lookup down the name's index), then everything below it goes: a
   * bound computed per row instead re-read the name's newest revisions for each of its rows, and
   * cost PostgreSQL as much as the writes themselves (bench/FINDINGS.md).
   */
  private async dropBeyondRetention(names: readonly string[]): Promise<void> {
    await this.pool.query(
      `DELETE FROM connector_revisions r
        USING (SELECT n.name, oldest_kept.id
                 FROM (SELECT DISTINCT unnest($1::text[]) AS name) AS n
                 CROSS JOIN LATERAL (SELECT id FROM connector_revisions WHERE connector_name = n.name ORDER BY id DESC OFFSET $2 - 1 LIMIT 1) AS oldest_kept
              ) AS bound
        WHERE r.connector_name = bound.name AND r.id < bound.id`,
      [names, this.retention],
    );
  }

  async announce(event: NewEvent): Promise<number> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id, pg_notify('${EVENT_CHANNEL}', jsonb_set($1::jsonb, '{id}', to_jsonb(id))::text)
         FROM (SELECT nextval('connector_revisions_id_seq') AS id) AS next`,
      [this.announcement(event)],
    );
    return Number(rows[0].id);
  }

  async newestEventId(): Promise<number> {
    // The sequence's own value (NULL before its first draw): ids of tests and of rolled-back writes
    // are in no table. A drawn id whose write never committed makes a resume after the newest real
    // event a reset, which is safe; the reset carries the id, so it happens once.
    const { rows } = await this.pool.query<{ id: string }>(`SELECT COALESCE(pg_sequence_last_value('connector_revisions_id_seq'), 0) AS id`);
    return Number(rows[0].id);
  }

  async list(name: string): Promise<StoredRevision[]> {
    // Limited here too: revisions a write kept in its own commit are trimmed a moment after it (see trim).
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM connector_revisions WHERE connector_name = $1 ORDER BY id DESC LIMIT $2`, [
      name,
      this.retention,
    ]);
    return rows.map(revisionOf);
  }

  async get(name: string, revision: number): Promise<StoredRevision | undefined> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM (SELECT ${COLUMNS} FROM connector_revisions WHERE connector_name = $1 ORDER BY id DESC LIMIT $3) AS kept WHERE id = $2`,
      [name, revision, this.retention],
    );
    return rows.length > 0 ? revisionOf(rows[0]) : undefined;
  }

  async close(): Promise<void> {
    this.closing = true;
    // A trim not begun yet is left to the names' next writes: past the retention, revisions stay hidden meanwhile.
    if (this.dueTrim) {
      clearTimeout(this.dueTrim.timer);
      this.dueTrim.skip();
      this.dueTrim = undefined;
    }
    await this.appends.drained();
    await this.trimming.catch(() => undefined);
    await this.pool.end();
  }

  /** The event as announced, with this instance as its origin; changed paths are left out past the notification's size limit. */
  announcement(event: Omit<ChangeEvent, 'id'>): string {
    const full = withHead({ ...event, origin: this.origin });
    if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES - 100) return full;
    return withHead({ ...event, fields: [], fieldsOmitted: event.fields.length + (event.fieldsOmitted ?? 0), origin: this.origin });
  }
}

/** An event's JSON text after ANNOUNCEMENT_HEAD, which announceRevision splices the revision number into. */
function withHead(event: Omit<ChangeEvent, 'id'> & { origin: string }): string {
  return ANNOUNCEMENT_HEAD + JSON.stringify(event).slice(1);
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
