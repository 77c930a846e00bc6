import type { ConnectorRecord } from './connector-record.js';

/** The committed state: what every read sees. Only the registry's write queue changes it. */
export class RegistryState {
  readonly byId = new Map<string, ConnectorRecord>();
  readonly byName = new Map<string, ConnectorRecord>();
  /** Records in creation order (ascending seq): list order and paging. */
  readonly ordered: ConnectorRecord[] = [];
  readonly reserved = new Map<string, unknown>();
  /** Changes on every commit; views cached per revision stay valid until it moves. */
  revision = 0;

  static from(records: Iterable<ConnectorRecord>, reserved: ReadonlyMap<string, unknown>): RegistryState {
    const state = new RegistryState();
    // Sorted once, then appended: inserting each at its place would search and splice once per record.
    for (const record of [...records].sort((a, b) => a.seq - b.seq)) {
      state.byId.set(record.id, record);
      state.byName.set(record.name, record);
      state.ordered.push(record);
    }
    for (const [name, value] of reserved) state.reserved.set(name, value);
    return state;
  }

  get maxSeq(): number {
    return this.ordered.length ? this.ordered[this.ordered.length - 1].seq : 0;
  }

  insert(record: ConnectorRecord): void {
    this.byId.set(record.id, record);
    this.byName.set(record.name, record);
    // Almost always an append (seq grows); a record from another instance may land in the middle.
    const at = this.indexOfSeq(record.seq);
    this.ordered.splice(at, 0, record);
  }

  replace(previous: ConnectorRecord, next: ConnectorRecord): void {
    if (previous.name !== next.name) this.byName.delete(previous.name);
    this.byId.set(next.id, next);
    this.byName.set(next.name, next);
    this.ordered[this.indexOfSeq(previous.seq)] = next;
  }

  remove(record: ConnectorRecord): void {
    this.byId.delete(record.id);
    if (this.byName.get(record.name)?.id === record.id) this.byName.delete(record.name);
    const at = this.indexOfSeq(record.seq);
    if (this.ordered[at]?.id === record.id) this.ordered.splice(at, 1);
  }

  /** Binary search: the index of the record with this seq, or where it would go. */
  private indexOfSeq(seq: number): number {
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.ordered[mid].seq < seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
