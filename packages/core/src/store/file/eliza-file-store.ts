import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SecretFields } from '@switchboard/sdk';
import { ConflictError, StoreUnavailableError, SwitchboardError } from '../../errors.js';
import type { ConnectorRecord } from '../../registry/connector-record.js';
import type { Transaction } from '../../registry/transaction.js';
import type { ConnectorStore, ExternalChange, StoreReadiness, StoreSnapshot, TypeResolver } from '../connector-store.js';
import { backupPath, removeLeftoverTemps, writeFileAtomic } from './atomic-write.js';
import { type CommitPlan, type PlannedEntry, planCommit } from './commit-plan.js';
import { atomicallyWrittenFiles, filesBesideConfig } from './files-beside-config.js';
import {
  type ConnectorMaps,
  connectorMapKey,
  connectorMapsOf,
  type Document,
  EMPTY_VIEW,
  type FileView,
  identityOf,
  LEGACY_METADATA_KEY,
  parseDocument,
  renderDocument,
  sameConnectors,
  serialise,
  UnreadableFileError,
  viewOf,
} from './eliza-document.js';
import { filesProviding, INCLUDE_KEY, resolveIncludes } from './include-resolver.js';
import { namesLoadedOtherwise } from './runtime-agreement.js';
import { checkFile, type Fingerprint, fingerprintWritten, readWithFingerprint } from './file-fingerprint.js';
import { FileLock } from './file-lock.js';
import { FileWatcher } from './file-watcher.js';
import { entryHash, entryHasher, readMetadataFile, renderMetadataFile, type StoredMetadata } from './metadata-file.js';
import { isSealedWith, openConfig, sealConfig } from '../sealing/sealed-config.js';
import { RecordSealer, type SealingOptions } from '../sealing/record-sealer.js';
import { CipherError, type SecretKeyRing } from '../sealing/secret-cipher.js';
import { sealedBackup } from './sealed-backup.js';
import { WriteHealth } from './write-health.js';
import { sealedLookalikeRefusal } from '../sealing/sealed-lookalike.js';

export { idFromName } from './eliza-document.js';
export { metadataFilePath } from './metadata-file.js';

export interface StoreLog {
  info(message: string): void;
  warn(message: string): void;
}

/** `keys`, `secretsFor`: encryption at rest (see SealingOptions). */
export interface ElizaFileStoreOptions extends SealingOptions {
  /** Hears what an operator should know: a stale lock taken over, outside edits, overridden edits. Nowhere by default. */
  log?: StoreLog;
  /** Outside-edit detection: how long events gather before a look, and the safety-net poll. */
  watch?: { debounceMs?: number; pollMs?: number };
  /** After a failed write (disk full, read-only), how often to check whether the file can be written again. */
  probeIntervalMs?: number;
}

/** The config file cannot be used right now (edited outside into something that does not parse): nothing was written. */
export class ConfigFileUnavailableError extends SwitchboardError {
  constructor(message: string) {
    super(503, 'SERVICE_UNAVAILABLE', message);
  }
}

const SILENT: StoreLog = { info: () => undefined, warn: () => undefined };
// A writer caught mid-write (the runtime writes in place) is usually done within these pauses.
const REREAD_PAUSES_MS = [20, 50, 100];

/**
 * The embedded default store: the Eliza runtime's own config file. `connectors` stays exactly
 * `name -> config`, readable by the runtime unchanged, and the file gets no key of its own (the
 * runtime's schema refuses unknown top-level keys): ids, types and timestamps live in the metadata
 * file beside it (metadata-file.ts); every other key of the file is kept as it was read.
 *
 * Write order: the config file, then the metadata file, each atomically. The config file is the
 * truth (it is what the runtime loads); a crash between the two leaves metadata of the state before,
 * which a read reconciles by name and content hash (eliza-document.ts `viewOf`): an entry without
 * metadata gets fresh metadata, metadata of a vanished entry is dropped, a changed entry gets a new
 * version, an entry renamed keeps its id.
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
  /** The same for the reserved entries: name -> the value served and the value as stored. */
  private storedReserved = new Map<string, { value: unknown; stored: unknown }>();
  private readonly lock: FileLock;
  private readonly metadataPath: string;
  /** The files the config file includes, as last read: an edit of one is an outside edit too. */
  private includedFiles = new Map<string, Fingerprint | undefined>();
  /** Their content as last read: what a write is checked against (see mapsAfterWrite). */
  private includedTexts = new Map<string, string>();
  private readonly log: StoreLog;
  private readonly keys: SecretKeyRing;
  private readonly sealer: RecordSealer;
  private closing: Promise<void> | undefined;
  private readonly health: WriteHealth;

  constructor(
    readonly path: string,
    private readonly options: ElizaFileStoreOptions = {},
  ) {
    const beside = filesBesideConfig(path);
    this.lock = new FileLock(beside.lock);
    this.metadataPath = beside.metadata;
    this.log = options.log ?? SILENT;
    this.sealer = new RecordSealer(options);
    this.keys = this.sealer.keys;
    this.health = new WriteHealth(path, { probeIntervalMs: options.probeIntervalMs, warn: (m) => this.log.warn(m), info: (m) => this.log.info(m) });
  }

  readiness(): StoreReadiness {
    return this.health.readiness;
  }

  readonly kind = 'Eliza config file';

  /** A value in this store's encrypted-secret format would be read back as ciphertext: refused. */
  refusal(config: Readonly<Record<string, unknown>>): string | undefined {
    return sealedLookalikeRefusal(config);
  }

  get description(): string {
    return `${this.kind} ${this.path}`;
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
      // Every file written beside this one is written under this lock: what a crash left of their writes goes now.
      const leftovers = (await Promise.all(atomicallyWrittenFiles(this.path).map(removeLeftoverTemps))).flat();
      if (leftovers.length > 0) this.log.info(`removed ${leftovers.length} temp file(s) an interrupted write left beside ${this.path}`);
      const read = await this.readAtBoot();
      const metadata = await readMetadataFile(this.metadataPath);
      if (read) {
        const { document, fingerprint } = read;
        // Matching entries to their metadata, checking the metadata file and rewriting it when stale each need every entry's hash: taken once.
        const hash = entryHasher();
        this.view = await this.viewOf(document, fingerprint, undefined, 0, metadata, hash);
        this.known = fingerprint;
        if (Object.hasOwn(document, LEGACY_METADATA_KEY)) await this.migrateLegacyMetadata();
        else if (!(await this.metadataDescribesView(metadata, hash))) await this.writeMetadata(this.view, hash);
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
      this.storedReserved = new Map();
      const entries = new Map(
        [...view.entries.keys()].map((name): [string, PlannedEntry] => {
          if (view.included.has(name)) return [name, { stored: view.entries.get(name) }];
          const record = view.records.get(name);
          if (record) return [name, { record }];
          return [name, view.reserved.has(name) ? { reserved: view.reserved.get(name) } : { stored: view.entries.get(name) }];
        }),
      );
      await this.write(view, { records: new Map(view.records), reserved: new Map(view.reserved), entries, removedNames: new Set() });
      return view.records.size;
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.watcher?.stop();
      this.health.stop();
      await this.queue;
      await this.lock.release();
    })();
    return this.closing;
  }

  private async commitNow(tx: Transaction, seenGeneration: number): Promise<void> {
    const { view: current, changed } = await this.currentView(tx.upserts.reduce((max, r) => Math.max(max, r.seq), 0));
    const fromInclude = this.includedNameTouched(current, tx);
    if (fromInclude) {
      // Refused as a whole: the registry must hold the file as it is now, outside edits included.
      if (changed || seenGeneration !== this.generation) this.tell({ kind: 'reload', snapshot: snapshotOf(current) });
      this.view = current;
      throw fromInclude;
    }
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

  /**
   * The refusal of a batch that writes or deletes a connector (or `defaults`) the runtime loads from
   * an included file: Switchboard never edits included files nor inlines them, and a change made
   * only in this file would not be what the runtime loads.
   */
  private includedNameTouched(current: FileView, tx: Transaction): ConflictError | undefined {
    if (current.included.size === 0) return undefined;
    const names = [
      ...tx.upserts.flatMap((record) => [record.name, tx.committed(record.id)?.name]),
      ...tx.removals.map((record) => record.name),
      ...tx.reservedUpdates.keys(),
    ];
    for (const name of names) {
      const files = name === undefined ? undefined : current.included.get(name);
      if (files) {
        return new ConflictError(
          `Connector "${name}" comes from ${files.join(', ')} (a ${INCLUDE_KEY} of ${this.path}); Switchboard does not edit included files: change or remove it there`,
          name,
        );
      }
    }
    return undefined;
  }

  private async write(current: FileView, plan: Pick<CommitPlan, 'records' | 'reserved' | 'entries' | 'removedNames'>): Promise<void> {
    const entries = new Map<string, unknown>();
    for (const [name, entry] of plan.entries) entries.set(name, this.storedEntry(name, entry));
    const document = renderDocument(current.document, entries, plan.removedNames, current.mapKey);
    const maps = await this.mapsAfterWrite(document, current, plan, entries);
    const bytes = Buffer.from(serialise(document));
    // A file system error (disk full, read-only) becomes a 507/503 and makes the store not ready.
    await this.health.write(bytes.length, () => writeFileAtomic(this.path, bytes, { backup: this.backupOf(current) }));
    this.view = { document, ...maps, records: plan.records, reserved: plan.reserved };
    this.contentIsOurs = true;
    // Durable already: a failing stat must not fail the batch; without a fingerprint the next check re-reads.
    this.known = await fingerprintWritten(this.path, bytes).catch(() => undefined);
    // Second, so the metadata never describes a state the config file does not hold yet.
    await this.writeMetadata(this.view).catch((error: Error) =>
      // The batch is durable where the runtime reads it; the next read reconciles, the next write retries.
      this.log.warn(`cannot write ${this.metadataPath} (${error.message}); the connectors are saved, their metadata is written again with the next change`),
    );
  }

  /**
   * The maps of the file as `document` would leave it. With includes, resolved again (with the
   * included files as last read, as the runtime will merge them) and checked against what the store
   * will serve: a write the runtime would load otherwise is refused (409) before anything is written.
   */
  private async mapsAfterWrite(
    document: Document,
    current: FileView,
    plan: Pick<CommitPlan, 'records' | 'reserved'>,
    entries: ReadonlyMap<string, unknown>,
  ): Promise<ConnectorMaps> {
    if (this.includedTexts.size === 0) return connectorMapsOf(document, undefined, this.path);
    const texts = this.includedTexts;
    let maps: ConnectorMaps;
    let files: string[];
    try {
      const resolved = await resolveIncludes(document, this.path, async (file) => texts.get(file) ?? readFile(file, 'utf8'));
      maps = connectorMapsOf(document, resolved, this.path);
      files = filesProviding(resolved.parts, [connectorMapKey(resolved.value)]);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      throw new ConflictError(`The Eliza runtime would not load ${this.path} after this change (${error.message}); nothing was written`);
    }
    const served = new Map<string, unknown>();
    for (const name of [...plan.records.keys(), ...plan.reserved.keys()]) {
      served.set(name, current.included.has(name) ? current.loaded.get(name) : entries.get(name));
    }
    const otherwise = namesLoadedOtherwise(maps.loaded, served);
    if (otherwise.length === 0) return maps;
    throw new ConflictError(
      `After this change the Eliza runtime would load ${otherwise.map((name) => `"${name}"`).join(', ')} otherwise than Switchboard lists, ` +
        `as it merges ${files.join(', ')} (a ${INCLUDE_KEY} of ${this.path}) into the connectors; nothing was written: make the change in those files`,
      otherwise[0],
    );
  }

  /** The metadata file := the records of `view`, each with the hash of its entry as the config file holds it. */
  private async writeMetadata(view: FileView, hash: (stored: unknown) => string = entryHash): Promise<void> {
    const entries: [string, StoredMetadata][] = [];
    for (const [name, record] of view.records) {
      entries.push([name, { ...identityOf(record)!, sha256: hash(view.loaded.get(name)) }]);
    }
    await writeFileAtomic(this.metadataPath, renderMetadataFile(entries));
  }

  /** True when the metadata file already says what writeMetadata(view) would (no write needed at load). */
  private async metadataDescribesView(metadata: ReadonlyMap<string, StoredMetadata>, hash: (stored: unknown) => string): Promise<boolean> {
    if (metadata.size !== this.view.records.size) return false;
    for (const [name, record] of this.view.records) {
      const stored = metadata.get(name);
      const meta = identityOf(record)!;
      if (
        !stored ||
        stored.sha256 !== hash(this.view.loaded.get(name)) ||
        (Object.keys(meta) as (keyof typeof meta)[]).some((key) => stored[key] !== meta[key])
      ) {
        return false;
      }
    }
    return true;
  }

  /**
   * A file written by an older Switchboard holds the metadata under a top-level key the runtime
   * refuses: move it to the metadata file (ids unchanged), then write the config file without it.
   * Metadata first here: a crash between leaves both saying the same, and the next load finishes.
   */
  private async migrateLegacyMetadata(): Promise<void> {
    await this.writeMetadata(this.view);
    const view = this.view;
    const entries = new Map([...view.entries].map(([name, stored]) => [name, { stored }] as const));
    await this.write(view, { records: new Map(view.records), reserved: new Map(view.reserved), entries, removedNames: new Set() });
    this.log.info(`moved Switchboard's metadata of ${view.records.size} connector(s) out of ${this.path} into ${this.metadataPath}`);
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
    if (check === 'unchanged' && !(await this.includedFileChanged())) return { view: this.view, changed: false };
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
        const view = await this.viewOf(parseDocument(read.text, this.path), read.fingerprint, this.view, seqFloor);
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

  /** Whether a file the config file includes changed since it was read (a stat each; nothing without includes). */
  private async includedFileChanged(): Promise<boolean> {
    for (const [file, known] of this.includedFiles) {
      const { check, known: now } = await checkFile(file, known).catch(() => ({ check: 'changed' as const, known }));
      this.includedFiles.set(file, now);
      if (check !== 'unchanged') return true;
    }
    return false;
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
          // Now, not at the next write: a connector added outside keeps the id and creation time it was served with, a removed one's metadata goes.
          await this.writeMetadata(view).catch((error: Error) =>
            this.log.warn(`cannot write ${this.metadataPath} (${error.message}); it is written again with the next change`),
          );
        }
      } catch (error) {
        // currentView has said what is wrong with the file; anything else (the folder vanished) is said here.
        if (!(error instanceof ConfigFileUnavailableError)) this.warnOnce(`cannot check ${this.path} for outside edits: ${(error as Error).message}`);
      }
    });
  }

  private async viewOf(
    document: Document,
    fingerprint: Fingerprint,
    prior: FileView | undefined,
    seqFloor: number,
    metadata?: ReadonlyMap<string, StoredMetadata>,
    hash?: (stored: unknown) => string,
  ): Promise<FileView> {
    const includedFiles = new Map<string, Fingerprint | undefined>();
    const includedTexts = new Map<string, string>();
    const resolved = await resolveIncludes(document, this.path, async (file) => {
      const read = await readWithFingerprint(file);
      if (!read) throw Object.assign(new Error(`${file} does not exist`), { code: 'ENOENT' });
      includedFiles.set(file, read.fingerprint);
      includedTexts.set(file, read.text);
      return read.text;
    });
    this.includedFiles = includedFiles;
    this.includedTexts = includedTexts;
    const view = viewOf(document, {
      resolved,
      path: this.path,
      resolveType: this.resolveType,
      modifiedAt: new Date(Number(fingerprint.mtimeNs / 1_000_000n)).toISOString(),
      open: (raw, name, type) => this.openStored(raw, name, type),
      openReserved: (raw, name) => this.openReserved(raw, name),
      prior,
      metadata,
      seqFloor,
      hash,
    });
    // Without a sealing key a record is written as its config (storedConfig): nothing to remember.
    const sealing = this.keys.sealing;
    if (!sealing) return view;
    for (const [name, record] of view.records) {
      if (this.stored.has(record) || view.included.has(name)) continue; // an included one is never written
      // Written back as read only if that is what sealing now would write (else: sealed at the next write).
      const raw = view.entries.get(name);
      if (isSealedWith(raw, this.secretsOf(record), sealing.keyId)) this.stored.set(record, raw);
    }
    for (const [name, value] of view.reserved) {
      const raw = view.entries.get(name);
      if (view.included.has(name) || !isSealedWith(raw, this.secretsOf({ type: name, name }), sealing.keyId)) continue;
      this.storedReserved.set(name, { value, stored: raw });
    }
    return view;
  }

  private openStored(raw: Record<string, unknown>, name: string, type: string): Record<string, unknown> {
    return this.opened(
      `connector "${name}"`,
      'the connector',
      (refused) => openConfig(raw, this.keys, { connector: name, secrets: this.secretsOf({ type, name }), refused }) as Record<string, unknown>,
    );
  }

  private openReserved(raw: unknown, name: string): unknown {
    return this.opened(`"${name}"`, `"${name}"`, (refused) => this.sealer.openReserved(name, raw, refused));
  }

  /** Opens what `subject` holds: a refused value stays in the file until `owner` is saved again; a key not configured makes the file unreadable. */
  private opened<T>(subject: string, owner: string, open: (refused: (field: string, reason: string) => void) => T): T {
    const refused = (field: string, reason: string) =>
      this.log.warn(`${this.path}: ${subject}: the encrypted value of ${field} is not served: ${reason}; it stays in the file until ${owner} is saved again`);
    try {
      return open(refused);
    } catch (error) {
      if (error instanceof CipherError) throw new UnreadableFileError(`${this.path}: ${subject}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  private storedEntry(name: string, entry: PlannedEntry): unknown {
    if ('record' in entry) return this.storedConfig(entry.record);
    return 'reserved' in entry ? this.storedReservedValue(name, entry.reserved) : entry.stored;
  }

  /** A reserved entry as stored: sealed like a record's config, and as read when the value is the one read (see viewOf). */
  private storedReservedValue(name: string, value: unknown): unknown {
    if (!this.keys.sealing) return value;
    const known = this.storedReserved.get(name);
    if (known && known.value === value) return known.stored;
    const stored = this.sealer.sealReserved(name, value);
    this.storedReserved.set(name, { value, stored });
    return stored;
  }

  private storedConfig(record: ConnectorRecord): unknown {
    const sealing = this.keys.sealing;
    if (!sealing) return record.config;
    let stored = this.stored.get(record);
    if (stored === undefined) {
      stored = sealConfig(record.config, this.secretsOf(record), sealing, record.name);
      this.stored.set(record, stored);
    }
    return stored;
  }

  /**
   * The backup gets the file's protection: with encryption on, content that holds secrets in clear
   * (written before encryption was turned on, or by someone else) is kept with them sealed, never as
   * it was. Content we wrote ourselves is already sealed: a link keeps it.
   */
  private backupOf(current: FileView): { synced: boolean } | { content: string } {
    if (!this.keys.sealing || this.contentIsOurs) return { synced: this.contentIsOurs };
    const sealed = sealedBackup(
      current,
      (record) => this.storedConfig(record),
      (name, value) => this.storedReservedValue(name, value),
    );
    return sealed === undefined ? { synced: false } : { content: serialise(sealed) };
  }

  /** Sealed: what redaction masks, so the rules of its type and of the connector its name names. */
  private secretsOf(record: Pick<ConnectorRecord, 'type' | 'name'>): SecretFields {
    return this.sealer.secretsOf(record);
  }

  /**
   * The file as boot reads it: parsed, with its fingerprint. The text goes out of reach here, once
   * parsed, rather than living on beside the parsed document for the rest of the load.
   */
  private async readAtBoot(): Promise<{ document: Document; fingerprint: Fingerprint } | undefined> {
    const read = await readWithFingerprint(this.path).catch((error: Error) => {
      throw new StoreUnavailableError(`cannot read ${this.path}: ${error.message}`);
    });
    return read && { document: await this.parseAtBoot(read.text), fingerprint: read.fingerprint };
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
    // Every reload of the file brings edits made outside Switchboard.
    this.onChange?.(change.kind === 'reload' ? { ...change, outside: true } : change);
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
