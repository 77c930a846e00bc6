import { appendFile, type FileHandle, open, rename, truncate } from 'node:fs/promises';
import type { AuditEntry } from '@switchboard/schemas';
import { countLines, linesBackwards } from './file-lines.js';

/** An entry and its position in the trail: the lines of `<file>.1` then of `<file>`, numbered from 1. */
export interface PositionedEntry {
  position: number;
  entry: AuditEntry;
}

export interface AuditFileOptions {
  /** Past this size the file is renamed to `<file>.1` (replacing an older one) and a new one begun. */
  maxBytes: number;
  warn?: (message: string) => void;
}

/** One of the two files: how many bytes of it are the trail's, and the position of its last line. */
interface Segment {
  path: string;
  bytes: number;
  last: number;
}

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

function parseEntry(line: string): AuditEntry | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return isAuditEntry(value) ? value : undefined;
  } catch {
    // A line cut short by a crash mid-append.
    return undefined;
  }
}

/**
 * The file store's audit trail on disk: an append-only JSONL file (mode 0600) and the one it was
 * last rotated to. Every line has a position — lines that do not parse keep theirs and are skipped
 * — so an entry's position, the cursor of GET /api/audit, is the same whether it is read from the
 * memory ring or from here, and stays the same while entries are appended. Appends and the start of
 * each read are serialised: a read sees whole lines only, and a rotation during a read does not
 * disturb it (it keeps the files it opened).
 */
export class AuditFile {
  private rotated: Segment | undefined;
  private current: Segment;
  /** Positions whose append failed: they have no line, and the numbering of the lines skips them. */
  private readonly missing = new Set<number>();
  /** The file ends with a line cut short: the next append ends it first, so that it stays one line. */
  private unterminated = false;
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly options: AuditFileOptions,
  ) {
    this.current = { path, bytes: 0, last: 0 };
  }

  /** Counts the lines of `<path>.1` and `<path>` (no entry is parsed) and narrows their mode to 0600. */
  static async open(path: string, options: AuditFileOptions): Promise<AuditFile> {
    const file = new AuditFile(path, options);
    let last = 0;
    for (const segmentPath of [`${path}.1`, path]) {
      const counted = await file.count(segmentPath);
      if (!counted) continue;
      last += counted.lines;
      const segment = { path: segmentPath, bytes: counted.bytes, last };
      if (segmentPath === path) {
        file.current = segment;
        file.unterminated = counted.unterminated;
      } else {
        file.rotated = segment;
      }
    }
    file.current.last = last;
    return file;
  }

  /** The position of the newest line on disk (0: none). */
  get lastPosition(): number {
    return this.current.last;
  }

  /** Appends a JSON line (with its `\n`) as the line at `position`; never rejects (it warns). */
  append(line: string, position: number): Promise<void> {
    this.queue = this.queue.then(() => this.write(line, position));
    return this.queue;
  }

  /** The entries at positions before `before`, newest first, read backwards from the files. */
  async *entriesBefore(before: number): AsyncGenerator<PositionedEntry> {
    const opening = this.queue.then(() => this.openSegments());
    this.queue = opening.then(() => undefined);
    const segments = await opening;
    try {
      for (const { handle, bytes, last } of segments) {
        let position = last;
        for await (const line of linesBackwards(handle, bytes)) {
          const at = position;
          position = this.previous(position);
          if (at >= before) continue;
          const entry = parseEntry(line);
          if (entry) yield { position: at, entry };
        }
      }
    } finally {
      await Promise.all(segments.map(({ handle }) => handle.close().catch(() => undefined)));
    }
  }

  private previous(position: number): number {
    let previous = position - 1;
    while (this.missing.has(previous)) previous--;
    return previous;
  }

  private warn(message: string): void {
    this.options.warn?.(message);
  }

  private async count(path: string): Promise<{ lines: number; bytes: number; unterminated: boolean } | undefined> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, 'r');
      const info = await handle.stat();
      // Written 0600; one found wider (copied, restored from a backup) is narrowed.
      if ((info.mode & 0o077) !== 0) await handle.chmod(0o600);
      return { ...(await countLines(handle, info.size)), bytes: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`audit log: cannot read ${path}: ${(error as Error).message}`);
      return undefined;
    } finally {
      await handle?.close();
    }
  }

  /** The files as they are now, newest first, opened (a file that cannot be is left out, with a warning). */
  private async openSegments(): Promise<{ handle: FileHandle; bytes: number; last: number }[]> {
    const opened: { handle: FileHandle; bytes: number; last: number }[] = [];
    for (const { path, bytes, last } of [this.current, this.rotated].filter((segment): segment is Segment => segment !== undefined)) {
      if (bytes === 0) continue;
      try {
        opened.push({ handle: await open(path, 'r'), bytes, last });
      } catch (error) {
        this.warn(`audit log: cannot read ${path}: ${(error as Error).message}`);
      }
    }
    return opened;
  }

  private async write(line: string, position: number): Promise<void> {
    try {
      if (this.current.bytes > 0 && this.current.bytes + Buffer.byteLength(line) > this.options.maxBytes) {
        await rename(this.path, `${this.path}.1`);
        this.rotated = { ...this.current, path: `${this.path}.1` };
        this.current = { path: this.path, bytes: 0, last: this.current.last };
        this.unterminated = false;
      }
      const text = this.unterminated ? `\n${line}` : line;
      await appendFile(this.path, text, { mode: 0o600 });
      this.current.bytes += Buffer.byteLength(text);
      this.current.last = position;
      this.unterminated = false;
    } catch (error) {
      this.missing.add(position);
      this.warn(`audit log: cannot append to ${this.path}: ${(error as Error).message}`);
      await this.cutBack();
    }
  }

  /** After a failed append: drops whatever part of the line reached the file, so the numbering of the lines holds. */
  private async cutBack(): Promise<void> {
    try {
      await truncate(this.path, this.current.bytes);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.warn(`audit log: cannot cut a partly appended line off ${this.path}; entries may be listed out of place: ${(error as Error).message}`);
    }
  }
}
