import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type SecretFields, unionOfSecretFields } from '@switchboard/sdk';
import { StoreUnavailableError, SwitchboardError } from '../../errors.js';
import type { ConnectorRecord } from '../../registry/connector-record.js';
import type { Transaction } from '../../registry/transaction.js';
import type { ConnectorStore, ExternalChange, StoreSnapshot, TypeResolver } from '../connector-store.js';
import { backupPath, removeLeftoverTemps, writeFileAtomic } from './atomic-write.js';
import { type CommitPlan, planCommit } from './commit-plan.js';
import {
  type Document,
  EMPTY_VIEW,
  type FileView,
  parseDocument,
  renderDocument,
  sameConnectors,
  serialise,
  UnreadableFileError,
  viewOf,
} from './eliza-document.js';
import { checkFile, type Fingerprint, fingerprintWritten, readWithFingerprint } from './file-fingerprint.js';
import { FileLock } from './file-lock.js';
import { FileWatcher } from './file-watcher.js';
import { holdsSealed, isSealedWith, openConfig, sealConfig } from './sealed-config.js';
import { CipherError, SecretKeyRing } from './secret-cipher.js';

export { idFromName, METADATA_KEY } from './eliza-document.js';

export interface StoreLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface ElizaFileStoreOptions {
  /** Hears what an operator should know: a stale lock taken over, outside edits, overridden edits. Nowhere by default. */
  log?: StoreLog;
  /** Encryption at rest: seals secret values with `keys.sealing` (none: written in clear), opens values sealed with any of its keys. */
  keys?: SecretKeyRing;
  /** The declared secret fields of a record type, or of the plugin a connector name resolves to (sealed besides the key-name heuristics). */
  secretsFor?: (type: string) => SecretFields;
  /** Outside-edit detection: how long events gather before a look, and the safety-net poll. */
  watch?: { debounceMs?: number; pollMs?: number };
}

/** The config file cannot be used right now (edited outside into something that does not parse): nothing was written. */
export class ConfigFileUnavailableError extends SwitchboardError {
  constructor(message: string) {
    super(503, 'SERVICE_UNAVAILABLE', message);
  }
}

const NO_SECRETS: SecretFields = new Map();
const SILENT: StoreLog = { info: () => undefined, warn: () => undefined };
// A writer caught mid-write (the runtime writes in place) is usually done within these pauses.
const REREAD_PAUSES_MS = [20, 50, 100];

/**
 * The embedded default store: the Eliza runtime's own config file. `connectors` stays exactly
 * `name -> config`, readable by the runtime unchanged; ids, types and timestamps live under
 * `switchboard`; every other key of the file is kept as it was read.
 *
 * One Switchboard per file (a lock file). The runtime or a person may still edit the file: every
 * commit first checks whether the file changed since the store last read or wrote it, and if so
 * lays the batch over the file as it is now; a watcher brings such edits to readers in between.
 * Each replacement keeps the previous content as `<file>.bak`.
 */
export class ElizaFileStore implements ConnectorStore {
  /** The file as last read or written: what the registry was last told. */
  private view: FileView = EMPTY_VIEW;
  private known: Fingerprint | undefined;
  /** The file holds what we wrote with fsync, so a hard link makes a durable backup of it. */
  private contentIsOurs = false;
  private resolveType: TypeResolver = (name) => name;
  private onChange: ((change: ExternalChange) => void) | undefined;
  /** Counts what the registry was told outside a commit; a commit based on an older count is re-based. */
  private generation = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private refreshQueued = false;
  private watcher: FileWatcher | undefined;
  private lastProblem: string | undefined;
  /** Record -> its config as stored (sealed): an untouched record is written back without new encryption. */
  private stored = new WeakMap<ConnectorRecord, unknown>();
  private readonly lock: FileLock;
  private readonly log: StoreLog;
  private readonly keys: SecretKeyRing;
  private closing: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly options: ElizaFileStoreOptions = {},
  ) {
    this.lock = new FileLock(`${path}.lock`);
    this.log = options.log ?? SILENT;
    this.keys = options.keys ?? new SecretKeyRing(undefined);
  }

  get description(): string {
    return `Eliza config file ${this.path}`;
  }

  async load(resolveType: TypeResolver): Promise<StoreSnapshot> {
    this.resolveType = resolveType;
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new StoreUnavailableError(`cannot use the folder of ${this.path}: ${(error as Error).message}`);
    }
    await this.lock.acquire(this.path, (message) => this.log.warn(message));
    try {
      const leftovers = await removeLeftoverTemps(this.path);
      if (leftovers.length > 0) this.log.info(`removed ${leftovers.length} temp file(s) an interrupted write of ${this.path} left behind`);
      const read = await readWithFingerprint(this.path).catch((error: Error) => {
        throw new StoreUnavailableError(`cannot read ${this.path}: ${error.message}`);
      });
      if (read) {
        const document = await this.parseAtBoot(read.text);
        this.view = this.viewOf(document, read.fingerprint, undefined, 0);
        this.known = read.fingerprint;
      }
      return snapshotOf(this.view);
    } catch (error) {
      await this.lock.release();
      if (error instanceof UnreadableFileError) throw new StoreUnavailableError(`${error.message}; it was left untouched`);
      throw error;
    }
  }

  commit(tx: Transaction): Promise<void> {
    // Taken now, before waiting: the batch was computed against what the registry held at this moment.
    const seenGeneration = this.generation;
    return this.exclusive(() => this.commitNow(tx, seenGeneration));
  }

  watch(onChange: (change: ExternalChange) => void): void {
    this.onChange = onChange;
    if (this.watcher || this.closing) return;
    this.watcher = new FileWatcher(this.path, () => this.queueRefresh(), { ...this.options.watch, warn: (message) => this.log.warn(message) });
    this.watcher.start();
  }

  /** Writes every connector again, sealing each afresh with the current key (or in clear without one): key rotation. */
  rewriteAll(): Promise<number> {
    return this.exclusive(async () => {
      const { view } = await this.currentView();
      this.stored = new WeakMap();
      const entries = new Map([...view.entries.keys()].map((name) => {
        const record = view.records.get(name);
        return [name, record ? { record } : { stored: view.entries.get(name) }] as const;
      }));
      await this.write(view, { records: new Map(view.records), reserved: new Map(view.reserved), entries, removedNames: new Set() });
      return view.records.size;
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.watcher?.stop();
      await this.queue;
      await this.lock.release();
    })();
    return this.closing;
  }

  private async commitNow(tx: Transaction, seenGeneration: number): Promise<void> {
    const { view: current, changed } = await this.currentView(tx.upserts.reduce((max, r) => Math.max(max, r.seq), 0));
    const plan = planCommit(current, tx);
    for (const { name, outside } of plan.overridden) {
      // Names of the fields only: the values may be secrets.
      const what = outside ? 'changed in' : 'deleted from';
      const fields = outside ? ` The outside version had the fields: ${Object.keys(outside.config).join(', ') || '(none)'}` : '';
      this.log.warn(`connector "${name}" was ${what} ${this.path} outside Switchboard while an API write to it was pending; the API write wins.${fields}`);
    }
    const rebased = changed || seenGeneration !== this.generation;
    if (rebased) this.tell({ kind: 'reload', snapshot: plan.before });
    this.view = current;
    try {
      await this.write(current, plan);
    } catch (error) {
      // The registry keeps its state without this batch: make that the file's state, outside edits included.
      if (rebased) this.tell({ kind: 'reload', snapshot: snapshotOf(current) });
      throw error;
    }
  }

  private async write(current: FileView, plan: Pick<CommitPlan, 'records' | 'reserved' | 'entries' | 'removedNames'>): Promise<void> {
    const entries = new Map<string, unknown>();
    const records: ConnectorRecord[] = [];
    for (const [name, entry] of plan.entries) {
      if ('record' in entry) {
        entries.set(name, this.storedConfig(entry.record));
        records.push(entry.record);
      } else entries.set(name, entry.stored);
    }
    const document = renderDocument(current.document, entries, records, plan.removedNames);
    const bytes = Buffer.from(serialise(document));
    await writeFileAtomic(this.path, bytes, { backup: { synced: this.contentIsOurs } });
    this.view = { document, entries, records: plan.records, reserved: plan.reserved };
    this.contentIsOurs = true;
    // Durable already: a failing stat must not fail the batch; without a fingerprint the next check re-reads.
    this.known = await fingerprintWritten(this.path, bytes).catch(() => undefined);
  }

  /**
   * The file as it is now: the view already held when it did not change (a stat, and a compare only
   * when the stat cannot be trusted), else a fresh read laid over it. A file that does not parse (an
   * outside edit gone wrong, or a writer caught mid-write and still so after a few pauses) is a 503:
   * nothing may be written over it.
   */
  private async currentView(seqFloor = 0): Promise<{ view: FileView; changed: boolean }> {
    const { check, known } = await checkFile(this.path, this.known);
    this.known = known;
    if (check === 'unchanged') return { view: this.view, changed: false };
    let problem: UnreadableFileError | undefined;
    for (const pause of [0, ...REREAD_PAUSES_MS]) {
      if (pause > 0) await sleep(pause);
      const read = await readWithFingerprint(this.path);
      if (!read) {
        this.warnOnce(`${this.path} was deleted outside Switchboard; the next write recreates it from what Switchboard holds`);
        return { view: this.view, changed: false };
      }
      try {
        if (read.text.trim() === '' && Object.keys(this.view.document).length > 0) throw new UnreadableFileError(`${this.path} is empty`);
        const view = this.viewOf(parseDocument(read.text, this.path), read.fingerprint, this.view, seqFloor);
        this.known = read.fingerprint;
        this.contentIsOurs = false;
        this.lastProblem = undefined;
        return { view, changed: true };
      } catch (error) {
        if (!(error instanceof UnreadableFileError)) throw error;
        problem = error;
      }
    }
    this.warnOnce(`${problem!.message}: it was changed outside Switchboard and is left as it is; writes are refused until it is fixed`);
    throw new ConfigFileUnavailableError(
      'The Eliza config file was changed outside Switchboard and cannot be read now; nothing was saved. Fix the file and try again.',
    );
  }

  private queueRefresh(): void {
    if (this.refreshQueued || this.closing) return;
    this.refreshQueued = true;
    void this.exclusive(async () => {
      this.refreshQueued = false;
      if (this.closing) return;
      try {
        const previous = this.view;
        const { view, changed } = await this.currentView();
        if (!changed) return;
        this.view = view;
        if (!sameConnectors(previous, view)) {
          this.tell({ kind: 'reload', snapshot: snapshotOf(view) });
          this.log.info(`${this.path} was changed outside Switchboard: now serving its ${view.records.size} connector(s)`);
        }
      } catch (error) {
        // currentView has said what is wrong with the file; anything else (the folder vanished) is said here.
        if (!(error instanceof ConfigFileUnavailableError)) this.warnOnce(`cannot check ${this.path} for outside edits: ${(error as Error).message}`);
      }
    });
  }

  private viewOf(document: Document, fingerprint: Fingerprint, prior: FileView | undefined, seqFloor: number): FileView {
    const view = viewOf(document, {
      path: this.path,
      resolveType: this.resolveType,
      modifiedAt: new Date(Number(fingerprint.mtimeNs / 1_000_000n)).toISOString(),
      open: (raw, name) => this.openStored(raw, name),
      prior,
      seqFloor,
    });
    const sealing = this.keys.sealing;
    for (const [name, record] of view.records) {
      if (this.stored.has(record)) continue;
      const raw = view.entries.get(name);
      // Written back as read only if that is what sealing now would write (else: sealed at the next write).
      if (sealing ? isSealedWith(raw, this.secretsOf(record), sealing.keyId) : !holdsSealed(raw)) this.stored.set(record, raw);
    }
    return view;
  }

  private openStored(raw: Record<string, unknown>, name: string): Record<string, unknown> {
    try {
      return openConfig(raw, this.keys) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof CipherError) throw new UnreadableFileError(`${this.path}: connector "${name}": ${error.message}`, { cause: error });
      throw error;
    }
  }

  private storedConfig(record: ConnectorRecord): unknown {
    const sealing = this.keys.sealing;
    if (!sealing) return record.config;
    let stored = this.stored.get(record);
    if (stored === undefined) {
      stored = sealConfig(record.config, this.secretsOf(record), sealing);
      this.stored.set(record, stored);
    }
    return stored;
  }

  /** Sealed: what redaction masks, so the rules of its type and of the connector its name names. */
  private secretsOf(record: Pick<ConnectorRecord, 'type' | 'name'>): SecretFields {
    const secretsFor = this.options.secretsFor;
    return secretsFor ? unionOfSecretFields(secretsFor(record.type), secretsFor(record.name)) : NO_SECRETS;
  }

  /**
   * A file that does not parse stops boot. When the `.bak` beside it parses, the message says how to
   * get it back; an empty file with a good backup counts as damaged too (a torn in-place write).
   */
  private async parseAtBoot(text: string): Promise<Document> {
    try {
      if (text.trim() === '' && (await this.backupInfo())) throw new UnreadableFileError(`${this.path} is empty`);
      return parseDocument(text, this.path);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      const backup = await this.backupInfo();
      if (!backup) throw new StoreUnavailableError(`${error.message}; fix or move it, it was left untouched`);
      throw new StoreUnavailableError(
        `${error.message}; it was left untouched. The last good copy is ${backupPath(this.path)} (saved ${backup.savedAt}): ` +
          `check it, then run "switchboard restore-backup" (or copy it over ${this.path}), or fix the file`,
      );
    }
  }

  /** The backup, when it exists, parses and holds something. */
  private async backupInfo(): Promise<{ savedAt: string } | undefined> {
    const path = backupPath(this.path);
    try {
      const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
      if (text.trim() === '') return undefined;
      parseDocument(text, path);
      return { savedAt: info.mtime.toISOString() };
    } catch {
      return undefined;
    }
  }

  private tell(change: ExternalChange): void {
    this.generation++;
    this.onChange?.(change);
  }

  private warnOnce(message: string): void {
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    this.log.warn(message);
  }

  /** One file operation at a time: commits, outside-edit checks, rewrites. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function snapshotOf(view: FileView): StoreSnapshot {
  return { records: [...view.records.values()], reserved: new Map(view.reserved) };
}
