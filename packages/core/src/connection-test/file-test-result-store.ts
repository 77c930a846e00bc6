import { chmod, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../store/file/atomic-write.js';
import { isKeptTestResult, type KeptTestResult, type TestResultStore } from './test-result-store.js';

interface ResultsFile {
  version: 1;
  results: Record<string, KeptTestResult>;
}

/**
 * The last test results in a JSON file of their own beside the config file (never in it: the
 * runtime's schema is strict), replaced atomically on every change, mode 0600. Only one Switchboard
 * writes it: the config file's lock keeps a second one out. The results are few and small, so the
 * whole file is rewritten each time; writes are queued one after another.
 */
export class FileTestResultStore implements TestResultStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly results: Map<string, KeptTestResult>,
  ) {}

  get description(): string {
    return `file ${this.path}`;
  }

  /**
   * Reads the file; a missing one is empty, a damaged one is reported through `warn` and started
   * afresh (results are re-made by testing). Temp files a crashed writer left beside it are removed
   * by the config file's store when it takes the lock (files-beside-config.ts).
   */
  static async open(path: string, warn: (message: string) => void = () => undefined): Promise<FileTestResultStore> {
    const results = new Map<string, KeptTestResult>();
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
      await chmod(path, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        warn(`connection test results: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as Partial<ResultsFile>;
        for (const kept of Object.values(parsed.results ?? {})) if (isKeptTestResult(kept)) results.set(kept.connectorId, kept);
      } catch {
        warn(`connection test results: ${path} is not valid JSON; starting without kept results`);
      }
    }
    return new FileTestResultStore(path, results);
  }

  async all(): Promise<KeptTestResult[]> {
    return [...this.results.values()];
  }

  async get(connectorId: string): Promise<KeptTestResult | undefined> {
    return this.results.get(connectorId);
  }

  put(kept: KeptTestResult): Promise<void> {
    this.results.set(kept.connectorId, kept);
    return this.persist();
  }

  drop(connectorIds: readonly string[]): Promise<void> {
    let changed = false;
    for (const id of connectorIds) changed = this.results.delete(id) || changed;
    return changed ? this.persist() : Promise.resolve();
  }

  close(): Promise<void> {
    return this.writing;
  }

  /** Writes the state as it is when the write starts: a burst of changes costs one write per queued turn. */
  private persist(): Promise<void> {
    const write = this.writing.then(() => {
      const file: ResultsFile = { version: 1, results: Object.fromEntries(this.results) };
      return writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`);
    });
    this.writing = write.catch(() => undefined);
    return write;
  }
}
