import type { AuditEntry, AuditSurface } from '@switchboard/schemas';
import { AuditFile, type PositionedEntry } from './audit-file.js';
import { type AuditPage, type AuditQuery, matchesQuery, positionOf, type SharedAuditStorage } from './audit-query.js';

// The entry's shape is published (@switchboard/schemas, GET /api/audit): one declaration.
export type { AuditAction, AuditEntry, AuditSurface } from '@switchboard/schemas';

/** Who asks for a change: the API key id (`anonymous` when no keys are configured) and the surface. */
export interface AuditActor {
  keyId: string;
  surface: AuditSurface;
}

/** In-process callers that name no actor (the CLI's copy, tests). */
export const INTERNAL_ACTOR: Readonly<AuditActor> = Object.freeze({ keyId: 'system', surface: 'internal' });

export interface AuditLogOptions {
  /** Entries kept in memory for GET /api/audit (a ring: the oldest go first). */
  capacity?: number;
  /** JSONL file the entries are appended to (mode 0600), reloaded at start so they survive a restart. */
  file?: string;
  /** Past this size the file is renamed to `<file>.1` (replacing an older one) and a new one begun. */
  maxFileBytes?: number;
  /** The structured log line of each entry. */
  log?: (entry: AuditEntry) => void;
  /** Problems writing or reading the file; they never fail the change itself, which is already durable. */
  warn?: (message: string) => void;
  /** Entries older than this many days are not listed (nor loaded from the file); 0 or absent: kept. */
  retentionDays?: number;
  /** Only the newest this many entries are listed (the file store; PostgreSQL deletes the others); 0 or absent: no cap. */
  maxEntries?: number;
  /**
   * Where entries are kept for every instance (PostgreSQL): entries go there instead of the file,
   * and queries are answered from there; the ring keeps this instance's own for `recent`.
   */
  shared?: SharedAuditStorage;
}

export const DEFAULT_AUDIT_CAPACITY = 1000;
const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * The audit trail: a bounded ring of recent entries in memory, a structured log line per entry, and
 * either an append-only JSONL file beside the config file (file store) or a table shared by every
 * instance (PostgreSQL). `query` filters and pages whichever holds the entries.
 */
export class AuditLog {
  /** The newest entries with their positions (1, 2, ... in the order recorded, those of the file first): the cursors of their pages. */
  private readonly ring: (PositionedEntry | undefined)[];
  private next = 0;
  private count = 0;
  /** The position of the newest entry. */
  private total = 0;
  private trail: AuditFile | undefined;
  private appending: Promise<void> = Promise.resolve();

  private constructor(private readonly options: AuditLogOptions) {
    this.ring = new Array<PositionedEntry | undefined>(Math.max(1, options.capacity ?? DEFAULT_AUDIT_CAPACITY));
  }

  /** An audit log; with a file, the newest entries of the file (and of its rotated `.1`) are loaded. */
  static async open(options: AuditLogOptions = {}): Promise<AuditLog> {
    const log = new AuditLog(options);
    if (options.file) await log.load(options.file);
    return log;
  }

  /** An in-memory audit log (no file). */
  static inMemory(options: Omit<AuditLogOptions, 'file'> = {}): AuditLog {
    return new AuditLog(options);
  }

  get capacity(): number {
    return this.ring.length;
  }

  /** True when entries are kept for every instance (PostgreSQL). */
  get shared(): boolean {
    return this.options.shared !== undefined;
  }

  get file(): string | undefined {
    return this.options.file;
  }

  /** Where the entries are kept, for logs. */
  get description(): string {
    return this.options.shared?.description ?? (this.options.file ? `file ${this.options.file}` : 'memory');
  }

  /** Keeps, logs and appends an entry; resolves once it is in the file or the shared storage. Never rejects. */
  record(entry: AuditEntry): Promise<void> {
    this.remember(entry);
    this.options.log?.(entry);
    const shared = this.options.shared;
    if (shared) {
      const stored = shared.append(entry).catch((error: unknown) => {
        this.options.warn?.(`audit log: cannot store an entry in ${shared.description}: ${(error as Error).message}`);
      });
      this.appending = this.appending.then(() => stored);
      return stored;
    }
    if (!this.trail) return Promise.resolve();
    this.appending = this.trail.append(`${JSON.stringify(entry)}\n`, this.total);
    return this.appending;
  }

  /** An entry the connector store already kept with its change, in the same commit (see SharedAuditStorage.keptInCommit): remembered and logged only. */
  recorded(entry: AuditEntry): void {
    this.remember(entry);
    this.options.log?.(entry);
  }

  /** True when the connector store may keep the entries of its changes in their own commits: the shared storage is its database. */
  get keptInCommit(): boolean {
    return this.options.shared?.keptInCommit === true;
  }

  /** The newest entries first, at most `limit`. */
  recent(limit: number = this.capacity): AuditEntry[] {
    const out: AuditEntry[] = [];
    for (const { entry } of this.newestInRing()) {
      if (out.length === limit) break;
      out.push(entry);
    }
    return out;
  }

  /**
   * The entries a query asks for, newest first: from the shared storage when there is one, else
   * from the ring and, once the ring has dropped older entries, from the file (read backwards, past
   * the ring's oldest entry, until the page is full or the file begins).
   */
  async query(query: AuditQuery): Promise<AuditPage> {
    if (this.options.shared) return this.options.shared.query(query);
    const before = positionOf(query.cursor) ?? Number.POSITIVE_INFINITY;
    const entries: AuditEntry[] = [];
    let last = 0;
    // True once the page is full and one more entry matches: then there is a next page.
    const take = ({ entry, position }: PositionedEntry): boolean => {
      if (position >= before || !this.listable(entry, position, query)) return false;
      if (entries.length === query.limit) return true;
      entries.push(entry);
      last = position;
      return false;
    };
    let oldestInRing = Number.POSITIVE_INFINITY;
    for (const kept of this.newestInRing()) {
      oldestInRing = kept.position;
      if (take(kept)) return { entries, nextCursor: String(last) };
    }
    // A ring not full holds every listable entry of the file (see load).
    if (this.trail && this.count === this.capacity) {
      for await (const kept of this.trail.entriesBefore(Math.min(before, oldestInRing))) {
        if (kept.position <= this.floor()) break;
        if (take(kept)) return { entries, nextCursor: String(last) };
      }
    }
    return { entries };
  }

  /** Waits for pending appends (shutdown). */
  flush(): Promise<void> {
    return this.appending;
  }

  /** Waits for pending appends and lets go of the shared storage. */
  async close(): Promise<void> {
    await this.appending;
    await this.options.shared?.close();
  }

  /** The time (ms) before which entries are past retention, or undefined when they are all kept. */
  private oldestKept(): number | undefined {
    const days = this.options.retentionDays ?? 0;
    return days > 0 ? Date.now() - days * 86_400_000 : undefined;
  }

  /** The position at and below which entries are past the maximum count (0: none). */
  private floor(): number {
    const max = this.options.maxEntries ?? 0;
    return max > 0 ? Math.max(0, this.total - max) : 0;
  }

  /** Whether an entry is within retention and passes the filters of a query (not its cursor). */
  private listable(entry: AuditEntry, position: number, query?: AuditQuery): boolean {
    const oldest = this.oldestKept();
    if (position <= this.floor() || (oldest !== undefined && Date.parse(entry.at) < oldest)) return false;
    return query === undefined || matchesQuery(entry, query);
  }

  private *newestInRing(): Generator<PositionedEntry> {
    for (let i = 1; i <= this.count; i++) yield this.ring[(this.next - i + this.ring.length) % this.ring.length] as PositionedEntry;
  }

  private remember(entry: AuditEntry, position = this.total + 1): void {
    this.total = Math.max(this.total, position);
    this.ring[this.next] = { entry, position };
    this.next = (this.next + 1) % this.ring.length;
    this.count = Math.min(this.count + 1, this.ring.length);
  }

  /** Numbers the file's lines and fills the ring with its newest listable entries (reading backwards: only those). */
  private async load(file: string): Promise<void> {
    const trail = await AuditFile.open(file, { maxBytes: this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, warn: this.options.warn });
    this.trail = trail;
    this.total = trail.lastPosition;
    const newest: PositionedEntry[] = [];
    for await (const kept of trail.entriesBefore(Number.POSITIVE_INFINITY)) {
      if (kept.position <= this.floor() || newest.length === this.capacity) break;
      if (this.listable(kept.entry, kept.position)) newest.push(kept);
    }
    for (const { entry, position } of newest.reverse()) this.remember(entry, position);
  }
}
