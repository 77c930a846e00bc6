import { sameJson } from '../audit/changed-paths.js';
import { ConflictError } from '../errors.js';
import type { CommittedMeanwhile, ConnectorStore, ExternalChange, StoreSnapshot } from '../store/connector-store.js';
import type { ConnectorRecord } from './connector-record.js';
import type { PluginCatalog } from './plugin-catalog.js';
import { RegistryState } from './registry-state.js';
import { Transaction } from './transaction.js';

type Operation<R> = (tx: Transaction) => R;

/** A change found in a store's state that no Switchboard made (the config file edited by hand). */
export interface OutsideChange {
  action: 'create' | 'update' | 'delete';
  /** id and type are null for shared settings such as `defaults`. */
  connector: { id: string | null; name: string; type: string | null };
  before: unknown;
  after: unknown;
}

interface QueuedWrite {
  operation: Operation<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
  /** How often it ran again after losing a race to another instance (see commitBatch). */
  reruns: number;
}

/**
 * How often a write that lost a race to another instance runs again before its 409: each run
 * starts from the row the winner wrote, so only a connector written without pause by other
 * instances exhausts it.
 */
const MAX_RERUNS = 8;

/**
 * The in-memory index (by id, by name, in creation order) over a durable store, and the one write
 * queue: validate -> persist durably -> update memory -> answer. Writes queued while a commit is in
 * flight are committed together in the next one (group commit), each answered only once durable.
 * Reads never touch the store.
 */
export class ConnectorRegistry {
  private state: RegistryState;
  private readonly queue: QueuedWrite[] = [];
  private draining: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly outsideListeners = new Set<(changes: OutsideChange[]) => void>();
  private closed = false;

  private constructor(
    readonly store: ConnectorStore,
    readonly catalog: PluginCatalog,
    snapshot: StoreSnapshot,
    private readonly clock: () => Date,
  ) {
    this.state = RegistryState.from(snapshot.records, snapshot.reserved);
    store.watch?.((change) => this.applyExternal(change));
  }

  static async open(store: ConnectorStore, catalog: PluginCatalog, clock: () => Date = () => new Date()): Promise<ConnectorRegistry> {
    const snapshot = await store.load((name) => catalog.resolve(name)?.type ?? name);
    return new ConnectorRegistry(store, catalog, snapshot, clock);
  }

  /** Moves on every committed change; cached views are valid for one revision. */
  get revision(): number {
    return this.state.revision;
  }

  get size(): number {
    return this.state.ordered.length;
  }

  list(): readonly ConnectorRecord[] {
    return this.state.ordered;
  }

  page(start: number, max: number): readonly ConnectorRecord[] {
    return this.state.ordered.slice(start, start + max);
  }

  getById(id: string): ConnectorRecord | undefined {
    return this.state.byId.get(id);
  }

  getByName(name: string): ConnectorRecord | undefined {
    return this.state.byName.get(name);
  }

  reservedEntries(): ReadonlyMap<string, unknown> {
    return this.state.reserved;
  }

  /** Runs an operation in the write queue; resolves with its result once its batch is durable. */
  write<R>(operation: Operation<R>): Promise<R> {
    if (this.closed) return Promise.reject(new Error('registry is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ operation, resolve, reject, reruns: 0 });
      this.draining ??= this.drain();
    });
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears the changes an outside edit made, once they are what every read sees. */
  onOutsideChange(listener: (changes: OutsideChange[]) => void): () => void {
    this.outsideListeners.add(listener);
    return () => this.outsideListeners.delete(listener);
  }

  /** Stops taking writes and waits for the queued ones to be durable. */
  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
    await this.store.close();
  }

  private async drain(): Promise<void> {
    try {
      // Let the writes that arrive in this tick join the first batch.
      await Promise.resolve();
      await this.drainQueue();
    } finally {
      this.draining = undefined;
      // A caller resumed by the last answer runs before this finally (both are microtasks, its
      // first) and may have queued a write that saw `draining` still set: start again for it.
      if (this.queue.length > 0) this.draining = this.drain();
    }
  }

  private async drainQueue(): Promise<void> {
    let answerPrevious: (() => void) | undefined;
    while (this.queue.length > 0) {
      // Runs the batch's operations and hands it to the store (up to the store's first await)...
      const committing = this.commitBatch(this.queue.splice(0));
      // ...and only then answers the batch before it: the store works on the next batch while the
      // answers go out, instead of waiting for them.
      answerPrevious?.();
      answerPrevious = await committing;
    }
    answerPrevious?.();
  }

  /** Commits one batch; resolves with what answers its writes (a failed batch is answered already). */
  private async commitBatch(batch: QueuedWrite[]): Promise<() => void> {
    const tx = new Transaction(this.state, this.clock().toISOString());
    const outcomes = batch.map((write) => {
      const mark = tx.journalMark;
      try {
        return { ok: true as const, value: write.operation(tx), touched: [mark, tx.journalMark] as const };
      } catch (error) {
        return { ok: false as const, error, touched: [mark, mark] as const };
      }
    });
    const answer = () => outcomes.forEach((outcome, i) => (outcome.ok ? batch[i].resolve(outcome.value) : batch[i].reject(outcome.error)));
    if (tx.isEmpty) return answer;
    try {
      await this.store.commit(tx);
    } catch (error) {
      const name = error instanceof ConflictError ? error.connectorName : undefined;
      if (name === undefined) {
        for (const write of batch) write.reject(error);
        return () => undefined;
      }
      // Another writer won a race with some writes of the batch (another instance wrote the
      // connector since this one read it). The others must not lose with them and are committed
      // again, each alone. Those that touched it run again over what the winner wrote, once this
      // instance has read it: last writer wins, as on one instance, where the queue orders writes.
      // A write with a precondition (If-Match) checks it again then and fails if it no longer
      // holds. A store that cannot catch up (the file store: one writer) fails them as before.
      const caughtUp = await this.catchUp([name]);
      const rerun: QueuedWrite[] = [];
      for (const [i, write] of batch.entries()) {
        // A write alone in its batch is the one that lost, whatever name the store reported.
        const lost = batch.length === 1 || tx.namesTouchedSince(...outcomes[i].touched).includes(name);
        if (!lost) (await this.commitBatch([write]))();
        else if (!caughtUp || write.reruns >= MAX_RERUNS) write.reject(error);
        else {
          write.reruns++;
          rerun.push(write);
        }
      }
      // Together, in their order: one more round trip for all of them, however many there are.
      if (rerun.length > 0) (await this.commitBatch(rerun))();
      return () => undefined;
    }
    tx.applyTo(this.state);
    this.notify();
    return answer;
  }

  /**
   * Reads the latest committed state of these connectors (and of the records memory holds under
   * those names) from a store shared with other instances, whose notifications may not have come
   * yet; false when the store has no other writers or cannot be read now.
   */
  async catchUp(names: readonly string[], ids: readonly string[] = []): Promise<boolean> {
    if (!this.store.catchUp) return false;
    const known = names.flatMap((name) => this.state.byName.get(name)?.id ?? []);
    try {
      for (const change of await this.store.catchUp(names, [...new Set([...ids, ...known])])) this.applyExternal(change);
      return true;
    } catch {
      return false;
    }
  }

  /** Another writer's change becomes visible at once; commits still check versions in the store. */
  private applyExternal(change: ExternalChange): void {
    switch (change.kind) {
      case 'reload': {
        const { records, reserved } = withOwnCommits(change.snapshot, this.state, change.committedMeanwhile);
        const fresh = RegistryState.from(records, reserved);
        fresh.revision = this.state.revision;
        const outside = change.outside && this.outsideListeners.size > 0 ? differences(this.state, fresh) : [];
        this.state = fresh;
        if (outside.length > 0) {
          this.state.revision++;
          this.notify();
          for (const listener of this.outsideListeners) listener(outside);
          return;
        }
        break;
      }
      case 'upsert': {
        const current = this.state.byId.get(change.record.id);
        if (current && current.version >= change.record.version) return;
        const clash = this.state.byName.get(change.record.name);
        if (clash && clash.id !== change.record.id) this.state.remove(clash);
        if (current) this.state.replace(current, change.record);
        else this.state.insert(change.record);
        break;
      }
      case 'remove': {
        const current = this.state.byId.get(change.id);
        if (!current) return;
        this.state.remove(current);
        break;
      }
      case 'reserved':
        if (change.value === undefined) this.state.reserved.delete(change.name);
        else this.state.reserved.set(change.name, change.value);
        break;
    }
    this.state.revision++;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** What differs between two states, by name: connectors and shared entries created, changed, deleted. */
function differences(before: RegistryState, after: RegistryState): OutsideChange[] {
  const changes: OutsideChange[] = [];
  const connectorOf = (record: ConnectorRecord) => ({ id: record.id, name: record.name, type: record.type });
  for (const [name, old] of before.byName) {
    const now = after.byName.get(name);
    if (!now) changes.push({ action: 'delete', connector: connectorOf(old), before: old.config, after: undefined });
    else if (!sameJson(old.config, now.config)) changes.push({ action: 'update', connector: connectorOf(now), before: old.config, after: now.config });
  }
  for (const [name, now] of after.byName) {
    if (!before.byName.has(name)) changes.push({ action: 'create', connector: connectorOf(now), before: undefined, after: now.config });
  }
  for (const name of new Set([...before.reserved.keys(), ...after.reserved.keys()])) {
    const old = before.reserved.get(name);
    const now = after.reserved.get(name);
    if (sameJson(old, now)) continue;
    const action = old === undefined ? 'create' : now === undefined ? 'delete' : 'update';
    changes.push({ action, connector: { id: null, name, type: null }, before: old, after: now });
  }
  return changes;
}

/**
 * A snapshot read while this instance committed: for what those commits touched, memory is at least
 * as new as the snapshot, unless the snapshot holds a later version (another instance's). A record
 * kept from memory also keeps its name from a snapshot record that held it before.
 */
function withOwnCommits(snapshot: StoreSnapshot, state: RegistryState, meanwhile: CommittedMeanwhile | undefined): StoreSnapshot {
  if (!meanwhile || (meanwhile.ids.size === 0 && meanwhile.reserved.size === 0)) return snapshot;
  const records = new Map(snapshot.records.map((record) => [record.id, record]));
  for (const id of meanwhile.ids) {
    const mine = state.byId.get(id);
    const theirs = records.get(id);
    if (!mine) records.delete(id);
    else if (!theirs || theirs.version <= mine.version) records.set(id, mine);
  }
  const keptNames = new Map<string, string>();
  for (const id of meanwhile.ids) {
    const record = records.get(id);
    if (record) keptNames.set(record.name, id);
  }
  for (const [id, record] of records) {
    if ((keptNames.get(record.name) ?? id) !== id) records.delete(id);
  }
  const reserved = new Map(snapshot.reserved);
  for (const name of meanwhile.reserved) {
    if (state.reserved.has(name)) reserved.set(name, state.reserved.get(name));
    else reserved.delete(name);
  }
  return { records: [...records.values()], reserved };
}
