import type { AuditEntry } from '@switchboard/schemas';
import type { PreparedRevision } from '../history/history-store.js';
import type { ConnectorRecord } from './connector-record.js';
import type { RegistryState } from './registry-state.js';

/**
 * What one change of a batch writes down besides the connector: its revision, the event that
 * announces it to the other instances and its audit entry (both numbered by the store as it commits).
 */
export interface ChangeRecord {
  revision: PreparedRevision & { announcement: string };
  /** Without its revision number. */
  audit: AuditEntry;
}

/** The revision number of one change of a batch, once a store that numbers revisions as it commits has given it. */
export interface RevisionSlot {
  value?: number;
  /** Set for a store that keeps change records (ConnectorStore.keepsChangeRecords): written in the batch's own commit. */
  record?: ChangeRecord;
  /** True once the store has committed `record` with the change. */
  recorded?: boolean;
}

/**
 * The changes of one commit, layered over the committed state. Operations of a batch run one after
 * another against it, so each sees the ones before; nothing is visible to readers until the store
 * has made the whole batch durable.
 */
export class Transaction {
  private readonly puts = new Map<string, ConnectorRecord>();
  private readonly removed = new Map<string, ConnectorRecord>();
  private readonly names = new Map<string, string | null>();
  private readonly reservedChanges = new Map<string, unknown>();
  /** Names each put or remove touched, in order: which operation of a batch touched what. */
  private readonly journal: string[] = [];
  private readonly revisionSlots: RevisionSlot[] = [];
  private seq: number;

  constructor(
    private readonly base: RegistryState,
    /** One timestamp for the whole batch. */
    readonly now: string,
  ) {
    this.seq = base.maxSeq;
  }

  byId(id: string): ConnectorRecord | undefined {
    if (this.removed.has(id)) return undefined;
    return this.puts.get(id) ?? this.base.byId.get(id);
  }

  byName(name: string): ConnectorRecord | undefined {
    const id = this.names.get(name);
    if (id === null) return undefined;
    return id !== undefined ? this.byId(id) : this.base.byName.get(name);
  }

  /**
   * The record as committed before this batch (undefined for one the batch creates): the version a
   * store compares against for optimistic concurrency. Read it before the store's first await: the
   * committed state may take other writers' changes while the commit is in flight.
   */
  committed(id: string): ConnectorRecord | undefined {
    return this.base.byId.get(id);
  }

  reserved(name: string): unknown {
    return this.reservedChanges.has(name) ? this.reservedChanges.get(name) : this.base.reserved.get(name);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** Adds or replaces a record (by id); a rename frees the old name. */
  put(record: ConnectorRecord): void {
    const previous = this.byId(record.id);
    if (previous && previous.name !== record.name) {
      this.names.set(previous.name, null);
      this.journal.push(previous.name);
    }
    this.journal.push(record.name);
    this.removed.delete(record.id);
    this.puts.set(record.id, record);
    this.names.set(record.name, record.id);
  }

  /**
   * For stores that number records themselves (a database sequence shared by instances): gives a
   * record written by this batch its final creation-order number before the batch is applied.
   */
  assignSeq(id: string, seq: number): void {
    const record = this.puts.get(id);
    if (record && record.seq !== seq) this.puts.set(id, Object.freeze({ ...record, seq }));
  }

  remove(record: ConnectorRecord): void {
    this.journal.push(record.name);
    this.puts.delete(record.id);
    if (this.base.byId.has(record.id)) this.removed.set(record.id, record);
    this.names.set(record.name, null);
  }

  /**
   * A revision number for one change this batch makes, in the order the batch's operations ask.
   * A store shared by instances (PostgreSQL) fills it while it commits, so revision order is the
   * order the database applied the writes in; otherwise it stays empty and the history numbers it.
   */
  reserveRevision(): RevisionSlot {
    const slot: RevisionSlot = {};
    this.revisionSlots.push(slot);
    return slot;
  }

  /** How many revision numbers the batch's changes asked for. */
  get revisionsWanted(): number {
    return this.revisionSlots.length;
  }

  /** The change records the batch carries, with the position (from 1) of each one's revision number among those drawn. */
  get changeRecords(): { position: number; record: ChangeRecord }[] {
    return this.revisionSlots.flatMap((slot, i) => (slot.record ? [{ position: i + 1, record: slot.record }] : []));
  }

  /** Hands out numbers drawn by the store (ascending) to the slots, in the order they were reserved; `recorded`: their records were committed too. */
  assignRevisions(numbers: readonly number[], recorded = false): void {
    this.revisionSlots.forEach((slot, i) => {
      slot.value = numbers[i];
      if (recorded && slot.record) slot.recorded = true;
    });
  }

  /** Sets (or, with undefined, removes) a reserved entry such as `defaults`. */
  setReserved(name: string, value: unknown): void {
    this.reservedChanges.set(name, value);
  }

  /** How many records there are once this batch is applied (reserved entries not counted). */
  get size(): number {
    let created = 0;
    for (const id of this.puts.keys()) if (!this.base.byId.has(id)) created++;
    return this.base.ordered.length - this.removed.size + created;
  }

  /** A mark in the journal; namesTouchedSince(mark) lists what was touched after it. */
  get journalMark(): number {
    return this.journal.length;
  }

  namesTouchedSince(mark: number, until = this.journal.length): string[] {
    return this.journal.slice(mark, until);
  }

  get isEmpty(): boolean {
    return this.puts.size === 0 && this.removed.size === 0 && this.reservedChanges.size === 0;
  }

  /** Records written by this batch (new or updated), in seq order. */
  get upserts(): ConnectorRecord[] {
    return [...this.puts.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Committed records this batch deletes (as they were before it). */
  get removals(): ConnectorRecord[] {
    return [...this.removed.values()];
  }

  get reservedUpdates(): ReadonlyMap<string, unknown> {
    return this.reservedChanges;
  }

  /** The whole record list after this batch, in creation order: for stores that rewrite everything. */
  *recordsAfter(): Iterable<ConnectorRecord> {
    for (const record of this.base.ordered) {
      if (this.removed.has(record.id)) continue;
      yield this.puts.get(record.id) ?? record;
    }
    for (const record of this.upserts) if (!this.base.byId.has(record.id)) yield record;
  }

  /** The reserved entries after this batch. */
  reservedAfter(): Map<string, unknown> {
    const after = new Map(this.base.reserved);
    for (const [name, value] of this.reservedChanges) {
      if (value === undefined) after.delete(name);
      else after.set(name, value);
    }
    return after;
  }

  /** Makes the batch the committed state. Called only once the store has it durably. */
  applyTo(state: RegistryState): void {
    for (const record of this.removed.values()) state.remove(record);
    for (const record of this.upserts) {
      const previous = state.byId.get(record.id);
      if (previous) state.replace(previous, record);
      else state.insert(record);
    }
    for (const [name, value] of this.reservedChanges) {
      if (value === undefined) state.reserved.delete(name);
      else state.reserved.set(name, value);
    }
    state.revision++;
  }
}
