import { RegistryState } from '../registry/registry-state.js';
import { Transaction } from '../registry/transaction.js';
import type { ConnectorStore, TypeResolver } from './connector-store.js';

export interface CopyResult {
  /** Connectors and reserved entries written to the target. */
  records: number;
  reserved: number;
  /** What the target held before and no longer holds (replace only). */
  replacedRecords: number;
  replacedReserved: number;
}

/** The target already holds connectors and overwriting them was not asked for. */
export class TargetNotEmptyError extends Error {
  constructor(
    readonly target: string,
    readonly records: number,
    readonly reserved: number,
  ) {
    super(`${target} already holds ${records} connector(s) and ${reserved} reserved entr${reserved === 1 ? 'y' : 'ies'}`);
    this.name = 'TargetNotEmptyError';
  }
}

/**
 * Copies every connector (ids, types, names, configs with their secrets, timestamps, versions,
 * creation order) and every reserved entry from one store to another, through the stores' own
 * load and commit: one batch, so the target is either fully replaced or left as it was.
 */
export async function copyConnectors(
  source: ConnectorStore,
  target: ConnectorStore,
  options: { replace: boolean; resolveType: TypeResolver; now?: Date },
): Promise<CopyResult> {
  const from = await source.load(options.resolveType);
  const into = await target.load(options.resolveType);
  if (!options.replace && (into.records.length > 0 || into.reserved.size > 0)) {
    throw new TargetNotEmptyError(target.description, into.records.length, into.reserved.size);
  }
  // Over the target's own state, so a database target checks versions as for any other batch.
  const tx = new Transaction(RegistryState.from(into.records, into.reserved), (options.now ?? new Date()).toISOString());
  for (const record of into.records) tx.remove(record);
  for (const name of into.reserved.keys()) if (!from.reserved.has(name)) tx.setReserved(name, undefined);
  for (const record of [...from.records].sort((a, b) => a.seq - b.seq)) tx.put(record);
  for (const [name, value] of from.reserved) tx.setReserved(name, value);
  if (!tx.isEmpty) await target.commit(tx);
  return {
    records: from.records.length,
    reserved: from.reserved.size,
    replacedRecords: into.records.length,
    replacedReserved: into.reserved.size,
  };
}
