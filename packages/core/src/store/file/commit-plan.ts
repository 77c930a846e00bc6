import type { ConnectorRecord } from '../../registry/connector-record.js';
import type { Transaction } from '../../registry/transaction.js';
import type { StoreSnapshot } from '../connector-store.js';
import { type FileView, sameJson } from './eliza-document.js';

/**
 * An entry of the connector map to write: a record or a reserved entry (`defaults`; both sealed on
 * the way out), or a value kept as stored (foreign, or given by an included file).
 */
export type PlannedEntry = { record: ConnectorRecord } | { reserved: unknown } | { stored: unknown };

export interface CommitPlan {
  /**
   * What the registry must hold before it applies the batch: the file as it is now, except the
   * connectors the batch touches, which stay as the registry had them (so the batch applies to
   * exactly what it was computed against).
   */
  before: StoreSnapshot;
  /** Records after the batch, by name. */
  records: Map<string, ConnectorRecord>;
  reserved: Map<string, unknown>;
  /** The connector map to write, in file order (new names last, a renamed one in its old place). */
  entries: Map<string, PlannedEntry>;
  /** Names the batch deletes (also dropped from the legacy `channels` map). */
  removedNames: Set<string>;
  /** Connectors changed both outside and by this batch: the batch wins; `outside` is what it replaces (undefined: deleted outside). */
  overridden: { name: string; outside: ConnectorRecord | undefined }[];
}

/**
 * Lays a batch over the file as it is now: connectors and keys the batch does not touch stay as
 * the file has them (an outside edit survives); the ones it touches take the batch's values.
 */
export function planCommit(current: FileView, tx: Transaction): CommitPlan {
  // The registry's version of every record the batch changes or deletes, by id.
  const changed = new Map<string, ConnectorRecord>();
  for (const record of tx.removals) changed.set(record.id, record);
  const upserts = tx.upserts;
  for (const record of upserts) {
    const previous = tx.committed(record.id);
    if (previous) changed.set(previous.id, previous);
  }
  const touchedNames = new Set([...[...changed.values()].map((r) => r.name), ...upserts.map((r) => r.name)]);
  const touchedIds = new Set([...changed.keys(), ...upserts.map((r) => r.id)]);

  const before = new Map<string, ConnectorRecord>();
  for (const [name, record] of current.records) {
    if (!touchedNames.has(name) && !touchedIds.has(record.id)) before.set(name, record);
  }
  for (const record of changed.values()) before.set(record.name, record);

  const records = new Map(before);
  for (const record of tx.removals) if (records.get(record.name)?.id === record.id) records.delete(record.name);
  const renamedFrom = new Map<string, ConnectorRecord>();
  for (const record of upserts) {
    const previous = changed.get(record.id);
    if (previous && previous.name !== record.name) {
      renamedFrom.set(previous.name, record);
      if (records.get(previous.name)?.id === record.id) records.delete(previous.name);
    }
    records.set(record.name, record);
  }

  // Touched connectors the file holds otherwise than the registry did, unless both sides ended up alike.
  const overridden: CommitPlan['overridden'] = [];
  const registryByName = new Map([...changed.values()].map((r) => [r.name, r]));
  for (const name of touchedNames) {
    const outside = current.records.get(name);
    const known = registryByName.get(name);
    const editedOutside = outside ? !known || known.id !== outside.id || !sameJson(known.config, outside.config) : known !== undefined;
    const final = records.get(name);
    const sameOutcome = outside ? final !== undefined && sameJson(final.config, outside.config) : final === undefined;
    if (editedOutside && !sameOutcome) overridden.push({ name, outside });
  }

  const reserved = new Map(current.reserved);
  const reservedUpdates = tx.reservedUpdates;
  for (const [name, value] of reservedUpdates) {
    if (value === undefined) reserved.delete(name);
    else reserved.set(name, value);
  }

  const entries = new Map<string, PlannedEntry>();
  for (const [name, stored] of current.entries) {
    const renamed = renamedFrom.get(name);
    if (renamed && !entries.has(renamed.name)) {
      entries.set(renamed.name, { record: renamed });
      continue;
    }
    // Loaded (partly) from an included file: the file's own part stays as it is (never inlined).
    const included = current.included.has(name);
    if (reservedUpdates.has(name) || (current.reserved.has(name) && !included)) {
      if (reserved.has(name)) entries.set(name, { reserved: reserved.get(name) });
      continue;
    }
    const record = included ? undefined : records.get(name);
    if (record) entries.set(name, { record });
    else if (!touchedNames.has(name)) entries.set(name, { stored }); // foreign or included: as the file has it
  }
  for (const record of records.values()) if (!entries.has(record.name) && !current.included.has(record.name)) entries.set(record.name, { record });
  for (const [name, value] of reserved) if (!entries.has(name) && !current.included.has(name)) entries.set(name, { reserved: value });

  return {
    before: { records: [...before.values()], reserved: new Map(current.reserved) },
    records,
    reserved,
    entries,
    removedNames: new Set(tx.removals.map((r) => r.name)),
    overridden,
  };
}
