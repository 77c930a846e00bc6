import type { AuditAction, AuditEntry, AuditPage } from '@switchboard/schemas';

export { AUDIT_ACTIONS, type AuditPage } from '@switchboard/schemas';

/** Which entries GET /api/audit lists: every filter given must match; newest first. */
export interface AuditQuery {
  /** The connector's name (an entry of a rename matches its old name too). */
  connector?: string;
  /** The actor: an API key id, `anonymous`, `system` or `file`. */
  keyId?: string;
  action?: AuditAction;
  /** ISO timestamps, inclusive. */
  from?: string;
  to?: string;
  /** From `nextCursor` of the previous page: the entries older than its last one. */
  cursor?: string;
  /** Entries per page. */
  limit: number;
}

/**
 * A cursor is the position of the last entry of a page in the log's own order (with the file store
 * the entry's line in `.audit.jsonl.1` then `.audit.jsonl`, see AuditFile; the row id with
 * PostgreSQL), as a decimal string: a page is the entries before it. Positions only grow, so entries recorded while a client pages never shift its pages.
 */
export function positionOf(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  return /^[1-9]\d{0,15}$/.test(cursor) ? Number(cursor) : Number.NaN;
}

/** Whether an entry passes the filters of a query (not its cursor). */
export function matchesQuery(entry: AuditEntry, query: AuditQuery): boolean {
  if (query.connector !== undefined && entry.connector.name !== query.connector && entry.previousName !== query.connector) return false;
  if (query.keyId !== undefined && entry.actor !== query.keyId) return false;
  if (query.action !== undefined && entry.action !== query.action) return false;
  const at = Date.parse(entry.at);
  if (query.from !== undefined && !(at >= Date.parse(query.from))) return false;
  if (query.to !== undefined && !(at <= Date.parse(query.to))) return false;
  return true;
}

/** Where entries are kept for a log shared by several instances (PostgreSQL). */
export interface SharedAuditStorage {
  readonly description: string;
  /** Resolves once the entry is stored; rejects when it could not be. */
  append(entry: AuditEntry): Promise<void>;
  /**
   * True when the connector store may write the entries of its changes into this storage in the
   * changes' own commits (PostgreSQL: the same database; see RevisionSlot.record).
   */
  readonly keptInCommit?: boolean;
  query(query: AuditQuery): Promise<AuditPage>;
  close(): Promise<void>;
}
