import { appendFile, chmod, readFile, rename, stat } from 'node:fs/promises';
import type { AuditEntry, AuditSurface } from '@switchboard/schemas';
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
  /**
   * Where entries are kept for every instance (PostgreSQL): entries go there instead of the file,
   * and queries are answered from there; the ring keeps this instance's own for `recent`.
   */
  shared?: SharedAuditStorage;
}

export const DEFAULT_AUDIT_CAPACITY = 1000;
const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

function isAuditEntry(value: unknown): value is AuditEntry {
  const entry = value as Partial<AuditEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.at === 'string' &&
    typeof entry.actor === 'string' &&
    typeof entry.action === 'string' &&
    typeof entry.connector === 'object' &&
    Array.isArray(entry.fields)
  );
}

/**
 * The audit trail: a bounded ring of recent entries in memory, a structured log line per entry, and
 * either an append-only JSONL file beside the config file (file store) or a table shared by every
 * instance (PostgreSQL). `query` filters and pages whichever holds the entries.
 */
export class AuditLog {
  private readonly ring: (AuditEntry | undefined)[];
  /** The position of each entry of the ring (1, 2, ... in the order recorded): the cursors of its pages. */
  private readonly positions: number[];
  private next = 0;
  private count = 0;
  private total = 0;
  private fileBytes = 0;
  private appending: Promise<void> = Promise.resolve();

  private constructor(private readonly options: AuditLogOptions) {
    this.ring = new Array<AuditEntry | undefined>(Math.max(1, options.capacity ?? DEFAULT_AUDIT_CAPACITY));
    this.positions = new Array<number>(this.ring.length).fill(0);
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
    const file = this.options.file;
    if (!file) return Promise.resolve();
    const line = `${JSON.stringify(entry)}\n`;
    this.appending = this.appending.then(() => this.append(file, line));
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
    for (let i = 1; i <= Math.min(limit, this.count); i++) {
      out.push(this.ring[(this.next - i + this.ring.length) % this.ring.length] as AuditEntry);
    }
    return out;
  }

  /**
   * The entries a query asks for, newest first: from the shared storage when there is one, else
   * from the ring (the newest `capacity` entries, those of the file included).
   */
  async query(query: AuditQuery): Promise<AuditPage> {
    if (this.options.shared) return this.options.shared.query(query);
    const before = positionOf(query.cursor) ?? Number.POSITIVE_INFINITY;
    const oldest = this.oldestKept();
    const entries: AuditEntry[] = [];
    let last = 0;
    for (let i = 1; i <= this.count; i++) {
      const slot = (this.next - i + this.ring.length) % this.ring.length;
      const entry = this.ring[slot] as AuditEntry;
      if (this.positions[slot] >= before || !matchesQuery(entry, query)) continue;
      if (oldest !== undefined && Date.parse(entry.at) < oldest) continue;
      if (entries.length === query.limit) return { entries, nextCursor: String(last) };
      entries.push(entry);
      last = this.positions[slot];
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

  private remember(entry: AuditEntry): void {
    this.positions[this.next] = ++this.total;
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.ring.length;
    this.count = Math.min(this.count + 1, this.ring.length);
  }

  private async append(file: string, line: string): Promise<void> {
    try {
      const bytes = Buffer.byteLength(line);
      if (this.fileBytes > 0 && this.fileBytes + bytes > (this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)) {
        await rename(file, `${file}.1`);
        this.fileBytes = 0;
      }
      await appendFile(file, line, { mode: 0o600 });
      this.fileBytes += bytes;
    } catch (error) {
      this.options.warn?.(`audit log: cannot append to ${file}: ${(error as Error).message}`);
    }
  }

  private async load(file: string): Promise<void> {
    const lines: string[] = [];
    for (const path of [`${file}.1`, file]) {
      let text: string;
      try {
        const info = await stat(path);
        // Written 0600; one found wider (copied, restored from a backup) is narrowed.
        if ((info.mode & 0o077) !== 0) await chmod(path, 0o600);
        if (path === file) this.fileBytes = info.size;
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.options.warn?.(`audit log: cannot read ${path}: ${(error as Error).message}`);
        continue;
      }
      lines.push(...text.split('\n'));
    }
    const oldest = this.oldestKept();
    for (const line of lines.slice(-(this.capacity + 1))) {
      if (line.trim() === '') continue;
      try {
        const entry: unknown = JSON.parse(line);
        if (isAuditEntry(entry) && (oldest === undefined || Date.parse(entry.at) >= oldest)) this.remember(entry);
      } catch {
        // A line cut short by a crash mid-append: skipped.
      }
    }
  }
}
