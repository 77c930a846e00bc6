import type { ConnectorRecord } from '../registry/connector-record.js';

const OPEN = Buffer.from('{"connectors":{');
const CLOSE = Buffer.from('}}');
const COMMA = 0x2c;

/**
 * The bytes of one revision's `{"connectors":{...}}` answer, built from per-entry fragments
 * (`"name":{...}`, UTF-8), and what the next revision needs to reuse them. A write batch usually
 * changes a few records of many: the next body then copies the unchanged runs of this one in bulk
 * and looks at the changed records only, instead of fetching and copying every fragment again,
 * whose cost grows with the store and is paid per write batch (bench/FINDINGS.md).
 */
export class MapBody {
  private constructor(
    readonly bytes: Buffer,
    private readonly reserved: Buffer,
    private readonly records: readonly ConnectorRecord[],
    private readonly fragments: readonly Buffer[],
    /** Where each record's fragment starts in `bytes`. */
    private readonly offsets: readonly number[],
  ) {}

  /**
   * `reserved` are the reserved entries' fragments (`defaults`), listed first; `records` in list
   * order, `fragmentOf` gives a record's fragment. With `previous`, records that are the same
   * objects at the same places are taken from it.
   */
  static build(reserved: readonly Buffer[], records: readonly ConnectorRecord[], fragmentOf: (record: ConnectorRecord) => Buffer, previous?: MapBody): MapBody {
    const reservedBytes = joined(reserved);
    if (previous && previous.records.length === records.length && previous.reserved.equals(reservedBytes)) {
      return previous.updatedTo(records, fragmentOf);
    }
    const fragments = records.map(fragmentOf);
    const head = reservedBytes.length > 0 && fragments.length > 0 ? reservedBytes.length + 1 : reservedBytes.length;
    let size = OPEN.length + head + CLOSE.length + Math.max(0, fragments.length - 1);
    for (const fragment of fragments) size += fragment.length;
    const bytes = Buffer.allocUnsafe(size);
    bytes.set(OPEN, 0);
    bytes.set(reservedBytes, OPEN.length);
    let at = OPEN.length + reservedBytes.length;
    if (head > reservedBytes.length) bytes[at++] = COMMA;
    const offsets = new Array<number>(fragments.length);
    for (let i = 0; i < fragments.length; i++) {
      if (i > 0) bytes[at++] = COMMA;
      offsets[i] = at;
      bytes.set(fragments[i], at);
      at += fragments[i].length;
    }
    bytes.set(CLOSE, at);
    return new MapBody(bytes, reservedBytes, records.slice(), fragments, offsets);
  }

  /** Same reserved entries, same number of records: replaces the fragments of the records that changed. */
  private updatedTo(records: readonly ConnectorRecord[], fragmentOf: (record: ConnectorRecord) => Buffer): MapBody {
    const changed: number[] = [];
    for (let i = 0; i < records.length; i++) if (records[i] !== this.records[i]) changed.push(i);
    if (changed.length === 0) return this;
    const fragments = this.fragments.slice();
    let size = this.bytes.length;
    for (const i of changed) {
      fragments[i] = fragmentOf(records[i]);
      size += fragments[i].length - this.fragments[i].length;
    }
    const bytes = Buffer.allocUnsafe(size);
    const offsets = this.offsets.slice();
    let from = 0; // in the old bytes: start of the run still to copy
    let at = 0; // in the new bytes
    let shift = 0;
    let next = 0; // offsets before this index are final
    for (const i of changed) {
      at += this.bytes.copy(bytes, at, from, this.offsets[i]);
      for (; next <= i; next++) offsets[next] += shift;
      at += fragments[i].copy(bytes, at);
      from = this.offsets[i] + this.fragments[i].length;
      shift += fragments[i].length - this.fragments[i].length;
    }
    this.bytes.copy(bytes, at, from);
    for (; next < offsets.length; next++) offsets[next] += shift;
    return new MapBody(bytes, this.reserved, records.slice(), fragments, offsets);
  }
}

/** The fragments, comma-separated. */
function joined(parts: readonly Buffer[]): Buffer {
  if (parts.length === 0) return Buffer.alloc(0);
  if (parts.length === 1) return parts[0];
  const comma = Buffer.from([COMMA]);
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [comma, part])));
}
