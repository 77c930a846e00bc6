import { randomBytes } from 'node:crypto';
import { appendFile, chmod, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../store/file/atomic-write.js';
import {
  DEFAULT_REVISION_RETENTION,
  type HistoryHeads,
  type HistoryStore,
  type NewEvent,
  type NewRevision,
  type RevisionResealing,
  type StoredRevision,
} from './history-store.js';

export interface FileHistoryStoreOptions {
  /** Revisions kept per connector name (REVISION_RETENTION). */
  retention?: number;
  /** The fingerprint key derived from the encryption key; without it a random key is kept in `keyFile`. */
  derivedKey?: Buffer;
  /** Where the random fingerprint key is kept (mode 0600). */
  keyFile: string;
  warn?: (message: string) => void;
}

/**
 * A line recording an event id that made no revision (a connection test), so ids are never issued
 * twice across restarts: a client resuming after a test's id must not take a later change's for it.
 */
interface IssuedId {
  issued: number;
}

function isIssuedId(value: unknown): value is IssuedId {
  return typeof value === 'object' && value !== null && Number.isSafeInteger((value as Partial<IssuedId>).issued);
}

function isStoredRevision(value: unknown): value is StoredRevision {
  const entry = value as Partial<StoredRevision> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    Number.isSafeInteger(entry.revision) &&
    typeof entry.at === 'string' &&
    typeof entry.connector === 'object' &&
    entry.connector !== null &&
    typeof entry.connector.name === 'string' &&
    Array.isArray(entry.fields)
  );
}

/**
 * Revisions in a JSONL file beside the config file (never in it: the runtime's schema is strict),
 * mode 0600, appended after each durable write. Dropped revisions (past the retention) are removed
 * by rewriting the file atomically once they make up most of it. Only one Switchboard writes it: the
 * config file's lock keeps a second one out. Event ids count on from the newest one the file
 * records (a revision, or a connection test's id line).
 */
export class FileHistoryStore implements HistoryStore {
  private readonly byName = new Map<string, StoredRevision[]>();
  private lastId = 0;
  private live = 0;
  private dropped = 0;
  /** The file ends with a line cut short (a crash, a full disk): the next append ends it first, or the two would make one unreadable line. */
  private unterminated = false;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    readonly fingerprintKey: Buffer,
    private readonly retention: number,
    private readonly warn: (message: string) => void,
  ) {}

  get description(): string {
    return `file ${this.path}`;
  }

  static async open(path: string, options: FileHistoryStoreOptions): Promise<FileHistoryStore> {
    const warn = options.warn ?? (() => undefined);
    const key = options.derivedKey ?? (await keyFromFile(options.keyFile, warn));
    const store = new FileHistoryStore(path, key, Math.max(1, options.retention ?? DEFAULT_REVISION_RETENTION), warn);
    let text = '';
    try {
      text = await readFile(path, 'utf8');
      await chmod(path, 0o600);
    } catch (error) {
      // Unreadable history must not keep the connectors from being served: start without it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`revision history: cannot read ${path}: ${(error as Error).message}`);
    }
    store.unterminated = text !== '' && !text.endsWith('\n');
    for (const line of text.split('\n')) {
      const entry = parseLine(line);
      if (!entry) continue;
      if (!('issued' in entry)) store.keep(entry);
      else {
        store.lastId = Math.max(store.lastId, entry.issued);
        store.dropped++;
      }
    }
    return store;
  }

  async append(revision: NewRevision): Promise<number> {
    const stored: StoredRevision = { revision: ++this.lastId, ...revision };
    this.keep(stored);
    const line = `${JSON.stringify(stored)}\n`;
    this.writing = this.writing.then(() => this.write(line));
    await this.writing;
    return stored.revision;
  }

  async announce(_event: NewEvent): Promise<number> {
    const issued: IssuedId = { issued: ++this.lastId };
    // Only the newest id line matters: the others count towards the next compaction, as dropped revisions do.
    this.dropped++;
    this.writing = this.writing.then(() => this.write(`${JSON.stringify(issued)}\n`));
    await this.writing;
    return issued.issued;
  }

  newestEventId(): Promise<number> {
    return Promise.resolve(this.lastId);
  }

  heads(): Promise<HistoryHeads> {
    const lists = [...this.byName.values()];
    const oldestAt = lists.reduce<string | undefined>((oldest, list) => (oldest === undefined || list[0].at < oldest ? list[0].at : oldest), undefined);
    return Promise.resolve({ newest: lists.map((list) => list[list.length - 1]), oldestAt });
  }

  list(name: string): Promise<StoredRevision[]> {
    return Promise.resolve([...(this.byName.get(name) ?? [])].reverse());
  }

  get(name: string, revision: number): Promise<StoredRevision | undefined> {
    return Promise.resolve(this.byName.get(name)?.find((entry) => entry.revision === revision));
  }

  close(): Promise<void> {
    return this.writing;
  }

  private keep(entry: StoredRevision): void {
    this.lastId = Math.max(this.lastId, entry.revision);
    const list = this.byName.get(entry.connector.name) ?? [];
    list.push(entry);
    this.byName.set(entry.connector.name, list);
    this.live++;
    while (list.length > this.retention) {
      list.shift();
      this.live--;
      this.dropped++;
    }
  }

  private async write(line: string): Promise<void> {
    try {
      if (this.dropped > Math.max(100, this.live)) {
        const all = [...this.byName.values()].flat().sort((a, b) => a.revision - b.revision);
        const lines = all.map((entry) => `${JSON.stringify(entry)}\n`);
        // Test id lines are dropped with the compaction, but the newest id must outlive it.
        if ((all.at(-1)?.revision ?? 0) < this.lastId) lines.push(`${JSON.stringify({ issued: this.lastId } satisfies IssuedId)}\n`);
        await writeFileAtomic(this.path, lines.join(''));
        this.dropped = 0;
        this.unterminated = false;
        return;
      }
      await appendFile(this.path, this.unterminated ? `\n${line}` : line, { mode: 0o600 });
      this.unterminated = false;
    } catch (error) {
      // Part of the line may have gone in (a full disk): ending it costs at most a blank line.
      this.unterminated = true;
      this.warn(`revision history: cannot write ${this.path}: ${(error as Error).message}`);
    }
  }
}

/**
 * Seals the config of every revision in the file afresh (`reseal`: undefined when it cannot be opened,
 * then kept as it is), every line kept, and replaces the file atomically (temp file fsynced, mode
 * 0600): the temp file holds what the file will, sealed. Only under the config file's lock (no
 * Switchboard appends meanwhile).
 */
export async function resealRevisionFile(path: string, reseal: (revision: StoredRevision) => { config: unknown } | undefined): Promise<RevisionResealing> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { resealed: 0, unopenable: 0 };
    throw error;
  }
  const result: RevisionResealing = { resealed: 0, unopenable: 0 };
  const lines = text.split('\n').map((line) => {
    const entry = parseLine(line);
    if (!entry || 'issued' in entry || entry.config === undefined) return line;
    const sealed = reseal(entry);
    if (!sealed) {
      result.unopenable++;
      return line;
    }
    result.resealed++;
    return JSON.stringify({ ...entry, config: sealed.config });
  });
  // writeFileAtomic keeps the mode of an existing file: the history's is 0600 whoever made it.
  await chmod(path, 0o600);
  await writeFileAtomic(path, lines.join('\n'));
  return result;
}

/** A line of the file: a revision, the id of an event that kept no revision, or (blank, torn, unknown) undefined. */
function parseLine(line: string): StoredRevision | IssuedId | undefined {
  if (line.trim() === '') return undefined;
  try {
    const entry: unknown = JSON.parse(line);
    return isStoredRevision(entry) || isIssuedId(entry) ? entry : undefined;
  } catch {
    return undefined; // cut short by a crash mid-append: kept as it is, skipped when read
  }
}

/**
 * The random fingerprint key kept beside the store, made on first use (mode 0600). A folder that
 * cannot take it (read-only, full) does not stop boot: a key for this run only, and a warning.
 */
async function keyFromFile(path: string, warn: (message: string) => void): Promise<Buffer> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    if (/^[A-Za-z0-9_-]{43}$/.test(text)) {
      await chmod(path, 0o600);
      return Buffer.from(text, 'base64url');
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`revision history: cannot read ${path}: ${(error as Error).message}`);
  }
  const key = randomBytes(32);
  try {
    await writeFileAtomic(path, `${key.toString('base64url')}\n`);
  } catch (error) {
    warn(`revision history: cannot keep the fingerprint key in ${path} (${(error as Error).message}); fingerprints of this run will not match later ones`);
  }
  return key;
}
