import type { ConnectorRecord } from '../registry/connector-record.js';
import type { Transaction } from '../registry/transaction.js';

export interface StoreSnapshot {
  records: ConnectorRecord[];
  /** Reserved entries of the Eliza map (`defaults`). */
  reserved: Map<string, unknown>;
}

/** How a record's type is found for an entry the store holds no metadata for. */
export type TypeResolver = (name: string) => string;

/** Where the registry's state lives durably. */
export interface ConnectorStore {
  /** For logs: which store, where (never a credential). */
  readonly description: string;
  load(resolveType: TypeResolver): Promise<StoreSnapshot>;
  /** Makes a batch durable; resolves only once it is. A rejection leaves the registry unchanged. */
  commit(batch: Transaction): Promise<void>;
  /** Called with a fresh snapshot when another writer changed the state (another instance, an outside edit). */
  watch?(onChange: (snapshot: StoreSnapshot) => void): void;
  close(): Promise<void>;
}
