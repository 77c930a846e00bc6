import type pg from 'pg';
import { GroupInsert } from '../store/postgres/group-insert.js';
import type { AuditEntry } from './audit-log.js';
import { type AuditPage, type AuditQuery, positionOf, type SharedAuditStorage } from './audit-query.js';
import { createPool } from '../store/postgres/pool.js';

export interface PostgresAuditOptions {
  /** Entries older than this many days are deleted (and not listed); 0: kept however old. */
  retentionDays?: number;
  /** Past this many entries the oldest are deleted; 0: no cap. */
  maxEntries?: number;
  /** How often each instance prunes (default hourly); also once at start. */
  pruneIntervalMs?: number;
  warn?: (message: string) => void;
}

const DAY_MS = 86_400_000;

/**
 * Inserts the entries a `source` yields (jsonb `entry`, ordered by `n`), the columns read off each
 * entry: declared once for this storage's own inserts and the connector store's write batch.
 */
export function insertAuditEntries(source: string): string {
  return `INSERT INTO audit_entries (at, actor, action, connector_name, previous_name, entry)
          SELECT (entry->>'at')::timestamptz, entry->>'actor', entry->>'action', entry->'connector'->>'name', entry->>'previousName', entry
            FROM ${source} ORDER BY n`;
}
const HOUR_MS = 3_600_000;

/**
 * The audit trail of every instance in PostgreSQL (`audit_entries`, migration 4). Entries are
 * written as they are recorded, those recorded while an insert is in flight together in the next
 * one (one statement), so a burst of writes costs few round trips; each `append` resolves once its
 * entry is committed, so any instance lists it from then on. Uses a small pool of its own: the
 * connector store's pool is busy with write batches.
 */
export class PostgresAuditStorage implements SharedAuditStorage {
  private readonly pool: pg.Pool;
  private readonly inserts = new GroupInsert<AuditEntry, void>(async (entries) => {
    await this.insert(entries);
    return entries.map(() => undefined);
  });
  private timer: NodeJS.Timeout | undefined;
  private pruning: Promise<unknown> = Promise.resolve();

  constructor(
    url: string,
    private readonly options: PostgresAuditOptions = {},
  ) {
    this.pool = createPool({ connectionString: url, max: 2, application_name: 'switchboard-audit', connectionTimeoutMillis: 10_000 }, () =>
      this.warn('audit log: a pooled PostgreSQL connection failed'),
    );
  }

  readonly description = 'PostgreSQL table audit_entries';
  /** Opened on the connector store's database (see createServer): a write batch adds its entries in its own commit. */
  readonly keptInCommit = true;

  /** Prunes now and then every interval (the tables must exist: the connector store migrates at load). */
  start(): void {
    if (this.timer) return;
    const prune = () => {
      this.pruning = this.prune().catch((error: unknown) => this.warn(`audit log: cannot prune ${this.description}: ${(error as Error).message}`));
    };
    prune();
    this.timer = setInterval(prune, this.options.pruneIntervalMs ?? HOUR_MS);
    this.timer.unref();
  }

  append(entry: AuditEntry): Promise<void> {
    return this.inserts.add(entry);
  }

  async query(query: AuditQuery): Promise<AuditPage> {
    const before = positionOf(query.cursor);
    const { rows } = await this.pool.query<{ id: string; entry: AuditEntry }>(
      `SELECT id, entry FROM audit_entries
        WHERE ($1::bigint IS NULL OR id < $1)
          AND ($2::text IS NULL OR connector_name = $2 OR previous_name = $2)
          AND ($3::text IS NULL OR actor = $3)
          AND ($4::text IS NULL OR action = $4)
          AND ($5::timestamptz IS NULL OR at >= $5)
          AND ($6::timestamptz IS NULL OR at <= $6)
          AND ($7::timestamptz IS NULL OR at >= $7)
        ORDER BY id DESC
        LIMIT $8`,
      [
        before ?? null,
        query.connector ?? null,
        query.keyId ?? null,
        query.action ?? null,
        query.from ?? null,
        query.to ?? null,
        this.oldestKept(),
        query.limit + 1,
      ],
    );
    const page = rows.slice(0, query.limit);
    return {
      entries: page.map((row) => row.entry),
      ...(rows.length > query.limit && { nextCursor: page[page.length - 1].id }),
    };
  }

  /** Deletes what is past the retention (age, then count); resolves with how many entries went. */
  async prune(): Promise<number> {
    let deleted = 0;
    const oldest = this.oldestKept();
    if (oldest) deleted += (await this.pool.query('DELETE FROM audit_entries WHERE at < $1', [oldest])).rowCount ?? 0;
    const max = this.options.maxEntries ?? 0;
    if (max > 0) {
      const over = await this.pool.query('DELETE FROM audit_entries WHERE id <= (SELECT id FROM audit_entries ORDER BY id DESC OFFSET $1 LIMIT 1)', [max]);
      deleted += over.rowCount ?? 0;
    }
    return deleted;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.inserts.drained();
    await this.pruning;
    await this.pool.end();
  }

  /** One statement for the batch; ids follow the order the entries were recorded in. */
  private async insert(entries: readonly AuditEntry[]): Promise<void> {
    await this.pool.query(insertAuditEntries('unnest($1::jsonb[]) WITH ORDINALITY AS e(entry, n)'), [entries.map((e) => JSON.stringify(e))]);
  }

  private oldestKept(): Date | null {
    const days = this.options.retentionDays ?? 0;
    return days > 0 ? new Date(Date.now() - days * DAY_MS) : null;
  }

  private warn(message: string): void {
    this.options.warn?.(message);
  }
}
