import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ConflictError, InvalidInputError, StoreUnavailableError } from '../../errors.js';
import type { ConnectorRecord } from '../../registry/connector-record.js';
import type { Transaction } from '../../registry/transaction.js';
import type { ConnectorStore, ExternalChange, StoreSnapshot, TypeResolver } from '../connector-store.js';
import { ChangeListener } from './change-listener.js';
import type { ChangeNotice } from './change-notice.js';
import { reasonOf, redactDatabaseUrl, scrubDatabaseUrl } from './database-url.js';
import { type MigrationResult, runMigrations } from './migrate.js';
import { RecordSealer, type SealingOptions } from '../sealing/record-sealer.js';
import { sealedLookalikeRefusal } from '../sealing/sealed-lookalike.js';
import { CipherError } from '../sealing/secret-cipher.js';
import { type ConfigOpener, type ConnectorRow, RECORD_COLUMNS, readChanges, readSnapshot, recordOf, type ReservedOpener, type ReservedRow } from './rows.js';
import type { RevisionResealing } from '../../history/history-store.js';
import { RevisionSealer } from '../../history/revision-sealer.js';
import { BatchNotSentError, type BatchPlan, planBatch, StoreWriteError, writeBatch } from './write-batch.js';
import { createPool } from './pool.js';

/** What a key rotation sealed afresh (see rewriteAll). */
export interface RewriteResult {
  connectors: number;
  reserved: number;
  revisions: RevisionResealing;
}

export interface PostgresStoreOptions extends SealingOptions {
  /** Pooled connections at most (default 10); the change listener holds one more of its own. */
  maxConnections?: number;
  /** How long to wait for a connection, in milliseconds (default 10000), so a dead host fails boot instead of hanging it. */
  connectTimeoutMs?: number;
  /** Where the store reports trouble it recovers from by itself (a lost listener connection); nowhere by default. */
  warn?: (message: string) => void;
}

/**
 * The store for several API instances behind a load balancer: records in PostgreSQL, one SQL
 * transaction per batch with optimistic concurrency on `version`, and LISTEN/NOTIFY so every
 * instance sees the others' writes.
 */
export class PostgresStore implements ConnectorStore {
  private readonly pool: pg.Pool;
  private readonly warn: (message: string) => void;
  private listener: ChangeListener | undefined;
  private closing: Promise<void> | undefined;
  /** Marks this instance's notifications. */
  private readonly origin = randomUUID();
  /**
   * What this instance's commits updated, by `id@version`, until their own notifications come back:
   * the listener takes the row from here instead of reading it back.
   */
  private readonly ownWrites = new Map<string, ConnectorRecord>();
  private readonly eventHandlers: { event: (payload: string) => void; lost?: () => void }[] = [];
  /** While the listener reads a snapshot: what this instance's commits touched meanwhile (see reload). */
  private committedMeanwhile: { ids: Set<string>; reserved: Set<string> } | undefined;
  /** Encryption at rest: configs are sealed as they are written and opened as they are read. */
  private readonly sealer: RecordSealer;
  private readonly opener: ConfigOpener;
  private readonly reservedOpener: ReservedOpener;
  private readonly storedConfig: (record: ConnectorRecord) => unknown;
  private readonly storedReserved: (name: string, value: unknown) => unknown;

  constructor(
    private readonly url: string,
    private readonly options: PostgresStoreOptions = {},
  ) {
    this.warn = options.warn ?? (() => undefined);
    this.sealer = new RecordSealer(options);
    this.opener = this.openerThat('it stays in the database until the connector is saved again');
    this.reservedOpener = this.reservedOpenerThat('it stays in the database until the entry is saved again');
    this.storedConfig = (record) => this.sealer.seal(record);
    this.storedReserved = (name, value) => this.sealer.sealReserved(name, value);
    // An idle pooled connection that dies (server restart) is reported here; unheard, it would end the process.
    this.pool = createPool(this.clientConfig('switchboard', options.maxConnections ?? 10), (error) =>
      this.warn(`a pooled PostgreSQL connection failed: ${this.describe(error)}`),
    );
  }

  readonly kind = 'PostgreSQL';
  readonly keepsChangeRecords = true;

  /** A value in the encrypted-secret format would be read back as ciphertext: refused, as the file store does. */
  refusal(config: Readonly<Record<string, unknown>>): string | undefined {
    return sealedLookalikeRefusal(config);
  }

  get description(): string {
    return `${this.kind} ${redactDatabaseUrl(this.url)}`;
  }

  /** Updates committed here whose notification has not come back yet (diagnostics, tests). */
  get ownWritesAwaitingNotice(): number {
    return this.ownWrites.size;
  }

  /** Applies the migrations this database lacks (see migrations.ts); safe to run from several instances at once. */
  migrate(): Promise<MigrationResult> {
    return this.atBoot(() => this.withClient(runMigrations));
  }

  /** Every row carries its type, so the resolver the interface passes is not needed here. */
  async load(_resolveType?: TypeResolver): Promise<StoreSnapshot> {
    return this.atBoot(() =>
      this.withClient(async (client) => {
        await runMigrations(client);
        return readSnapshot(client, this.opener, this.reservedOpener);
      }),
    );
  }

  /**
   * Seals every secret value afresh with the current key (in clear without one), opening them with
   * any key of the ring: key rotation. The connectors, the reserved entries (`defaults`) and the
   * revision history, in one transaction; the values themselves do not change, so versions stay and
   * running instances (holding the values opened) need no notice. A revision that cannot be opened
   * with these keys is left as it is and counted.
   */
  async rewriteAll(): Promise<RewriteResult> {
    return this.atBoot(() =>
      this.withClient(async (client) => {
        await runMigrations(client);
        await client.query('BEGIN');
        try {
          const result = await this.resealAll(client);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    );
  }

  private async resealAll(client: pg.PoolClient): Promise<RewriteResult> {
    const { rows } = await client.query<ConnectorRow>(`SELECT ${RECORD_COLUMNS} FROM connectors ORDER BY seq FOR UPDATE`);
    const open = this.openerThat('the rotation leaves it out');
    const configs = rows.map((row) => JSON.stringify(this.storedConfig(recordOf(row, open))));
    await client.query('UPDATE connectors AS c SET config = u.config FROM unnest($1::text[], $2::jsonb[]) AS u(id, config) WHERE c.id = u.id', [
      rows.map((row) => row.id),
      configs,
    ]);
    const reserved = await client.query<ReservedRow>('SELECT name, value FROM connector_reserved ORDER BY name FOR UPDATE');
    const openReserved = this.reservedOpenerThat('the rotation leaves it out');
    await client.query('UPDATE connector_reserved AS r SET value = u.value FROM unnest($1::text[], $2::jsonb[]) AS u(name, value) WHERE r.name = u.name', [
      reserved.rows.map((row) => row.name),
      reserved.rows.map((row) => JSON.stringify(this.sealer.sealReserved(row.name, openReserved(row)))),
    ]);
    const revisions = await client.query<{ id: string; connector_name: string; connector_id: string | null; connector_type: string | null; config: unknown }>(
      'SELECT id, connector_name, connector_id, connector_type, config FROM connector_revisions WHERE config IS NOT NULL ORDER BY id FOR UPDATE',
    );
    const sealer = new RevisionSealer(this.sealer);
    const ids: string[] = [];
    const resealed: string[] = [];
    for (const row of revisions.rows) {
      const sealed = sealer.reseal(row.config, { id: row.connector_id, name: row.connector_name, type: row.connector_type });
      if (!sealed) continue;
      ids.push(row.id);
      resealed.push(JSON.stringify(sealed.config));
    }
    await client.query('UPDATE connector_revisions AS r SET config = u.config FROM unnest($1::bigint[], $2::jsonb[]) AS u(id, config) WHERE r.id = u.id', [
      ids,
      resealed,
    ]);
    return { connectors: rows.length, reserved: reserved.rows.length, revisions: { resealed: ids.length, unopenable: revisions.rows.length - ids.length } };
  }

  async commit(tx: Transaction): Promise<void> {
    if (tx.isEmpty) return;
    // Synchronously, before any await: see planBatch.
    const plan = planBatch(tx);
    // Known before the statement runs: its notifications may arrive before its answer. (Only
    // updates: a created record gets its number from the database, so it is read back.)
    const own = this.listener ? plan.updates.map(({ record }) => ownKey(record.id, record.version)) : [];
    own.forEach((key, i) => this.ownWrites.set(key, plan.updates[i].record));
    let written: Awaited<ReturnType<typeof writeBatch>>;
    try {
      written = await this.writeOnAConnection(plan);
    } catch (error) {
      for (const key of own) this.ownWrites.delete(key);
      if (error instanceof StoreWriteError) throw new StoreWriteError(scrubDatabaseUrl(error.message, this.url));
      throw error;
    }
    this.noteCommitted(plan);
    for (const [id, seq] of written.seqs) tx.assignSeq(id, seq);
    tx.assignRevisions(written.revisions, true);
  }

  /**
   * Writes the batch on a pooled connection. The pool may hand out a connection whose end the server
   * has sent but nobody has read yet; found out when the batch is about to go (see connectionLost),
   * the batch goes on another connection, once.
   */
  private async writeOnAConnection(plan: BatchPlan): Promise<Awaited<ReturnType<typeof writeBatch>>> {
    for (let connection = 1; ; connection++) {
      let client: pg.PoolClient;
      try {
        client = await this.connect();
      } catch (error) {
        throw new StoreWriteError(`The connector store could not save the change (${this.describe(error)}); nothing was changed`);
      }
      try {
        const written = await writeBatch(client, plan, this.origin, this.storedConfig, this.storedReserved);
        client.release();
        return written;
      } catch (error) {
        // A lost race or a refused value leaves the connection sound; anything else may not have.
        client.release(!(error instanceof ConflictError || error instanceof InvalidInputError));
        if (error instanceof BatchNotSentError && connection < 2) continue;
        throw error;
      }
    }
  }

  /** A pooled connection for a write; tests that must hand out one in a given state override it. */
  protected connect(): Promise<pg.PoolClient> {
    return this.pool.connect();
  }

  async catchUp(names: readonly string[], ids: readonly string[]): Promise<ExternalChange[]> {
    const { rows } = await this.pool.query<ConnectorRow>(`SELECT ${RECORD_COLUMNS} FROM connectors WHERE name = ANY($1) OR id = ANY($2)`, [names, ids]);
    const found = new Set(rows.map((row) => row.id));
    // Removals first: a name freed by one may be what a read record holds now.
    return [
      ...ids.filter((id) => !found.has(id)).map((id): ExternalChange => ({ kind: 'remove', id })),
      ...rows.map((row): ExternalChange => ({ kind: 'upsert', record: recordOf(row, this.opener) })),
    ];
  }

  watch(onChange: (change: ExternalChange) => void): void {
    if (this.listener || this.closing) return;
    this.listener = new ChangeListener(
      {
        newClient: () => new pg.Client(this.clientConfig('switchboard-listener')),
        reload: () => this.reload(),
        refresh: (notices) => readChanges(this.pool, notices, (notice) => this.takeOwnWrite(notice), this.opener, this.reservedOpener),
        describe: (error) => this.describe(error),
        event: (payload) => this.eventHandlers.forEach((handler) => handler.event(payload)),
        eventsLost: () => this.eventHandlers.forEach((handler) => handler.lost?.()),
      },
      onChange,
      this.warn,
    );
    this.listener.start();
  }

  /** Change feed events from every instance (this one's too), in order with the changes they name. */
  watchEvents(onEvent: (payload: string) => void, onLost?: () => void): void {
    this.eventHandlers.push({ event: onEvent, lost: onLost });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.listener?.stop();
      await this.pool.end();
    })();
    return this.closing;
  }

  /** Everything read again for the listener, with what this instance committed while it was read. */
  private async reload(): Promise<Extract<ExternalChange, { kind: 'reload' }>> {
    // The snapshot holds whatever is known here; a notification still to come is read back.
    this.ownWrites.clear();
    const committedMeanwhile = { ids: new Set<string>(), reserved: new Set<string>() };
    this.committedMeanwhile = committedMeanwhile;
    try {
      return { kind: 'reload', snapshot: await this.readReloadSnapshot(), committedMeanwhile };
    } finally {
      this.committedMeanwhile = undefined;
    }
  }

  /** The read a reload makes; tests that must hold a reload between its read and its hand-over override it. */
  protected readReloadSnapshot(): Promise<StoreSnapshot> {
    return this.withClient((client) => readSnapshot(client, this.opener, this.reservedOpener));
  }

  /**
   * A snapshot read while a commit of this instance is in flight may or may not hold it, and is
   * handed over after the commit is in memory: the registry keeps these from memory, or a write it
   * has already acknowledged would vanish until its notification is read back.
   */
  private noteCommitted(plan: BatchPlan): void {
    const meanwhile = this.committedMeanwhile;
    if (!meanwhile) return;
    for (const { record } of plan.updates) meanwhile.ids.add(record.id);
    for (const record of [...plan.inserts, ...plan.removals]) meanwhile.ids.add(record.id);
    for (const [name] of plan.reserved) meanwhile.reserved.add(name);
  }

  private takeOwnWrite(notice: ChangeNotice): ConnectorRecord | undefined {
    if (notice.op !== 'upsert' || notice.origin !== this.origin || notice.version === undefined) return undefined;
    const key = ownKey(notice.id, notice.version);
    const record = this.ownWrites.get(key);
    this.ownWrites.delete(key);
    return record;
  }

  /** Opens a row's config; a value that does not belong where it is stored is reported (field and reason, never the value) and left out. */
  private openerThat(outcome: string): ConfigOpener {
    return (row) => this.opened(`connector "${row.name}"`, outcome, (refused) => this.sealer.open(row.config, row, refused));
  }

  /** The same for a reserved entry's value (`defaults`). */
  private reservedOpenerThat(outcome: string): ReservedOpener {
    return (row) => this.opened(`reserved entry "${row.name}"`, outcome, (refused) => this.sealer.openReserved(row.name, row.value, refused));
  }

  /** Opens what `subject` holds: a refused value is warned about (with `outcome`), a key not configured names `subject`. */
  private opened<T>(subject: string, outcome: string, open: (refused: (field: string, reason: string) => void) => T): T {
    try {
      return open((field, reason) => this.warn(`${this.kind}: ${subject}: the encrypted value of ${field} is not served: ${reason}; ${outcome}`));
    } catch (error) {
      // A key that is not configured: the message says what needs which key.
      if (error instanceof CipherError) throw new CipherError(`${subject}: ${error.message}`);
      throw error;
    }
  }

  private clientConfig(applicationName: string, max?: number): pg.PoolConfig {
    return {
      connectionString: this.url,
      application_name: applicationName,
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 10_000,
      // Lets the listener notice a dead server or a dropped link instead of waiting forever.
      keepAlive: true,
      ...(max === undefined ? {} : { max }),
    };
  }

  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      const result = await work(client);
      client.release();
      return result;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  /** Boot stops with one line that names the database (password masked) and the reason. */
  private async atBoot<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new StoreUnavailableError(`cannot use PostgreSQL at ${redactDatabaseUrl(this.url)}: ${this.describe(error)}`);
    }
  }

  private describe(error: unknown): string {
    return scrubDatabaseUrl(reasonOf(error), this.url);
  }
}

function ownKey(id: string, version: number): string {
  return `${id}@${version}`;
}
