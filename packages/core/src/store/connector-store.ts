import type { ConnectorRecord } from '../registry/connector-record.js';
import type { Transaction } from '../registry/transaction.js';

export interface StoreSnapshot {
  records: ConnectorRecord[];
  /** Reserved entries of the Eliza map (`defaults`). */
  reserved: Map<string, unknown>;
}

export interface CommittedMeanwhile {
  ids: ReadonlySet<string>;
  reserved: ReadonlySet<string>;
}

/** A change made by another writer (another instance, an outside edit of the file). */
export type ExternalChange =
  | {
      kind: 'reload';
      snapshot: StoreSnapshot;
      /**
       * What this instance itself committed while the snapshot was being read (record ids, reserved
       * names): the snapshot may predate those commits, which memory already holds.
       */
      committedMeanwhile?: CommittedMeanwhile;
      /**
       * True when the snapshot holds edits made outside Switchboard (the file edited by hand): no
       * instance recorded those, so the registry reports them as changes (feed, audit, history).
       */
      outside?: boolean;
    }
  | { kind: 'upsert'; record: ConnectorRecord }
  | { kind: 'remove'; id: string }
  | { kind: 'reserved'; name: string; value: unknown };

/** How a record's type is found for an entry the store holds no metadata for. */
export type TypeResolver = (name: string) => string;

/** Whether a store can take writes now (a full or read-only disk makes the file store not ready until it can write again). */
export interface StoreReadiness {
  ready: boolean;
  /** Why not, when not ready: the cause in words, never a path or a value. */
  reason?: string;
}

/** Where the registry's state lives durably. */
export interface ConnectorStore {
  /** For logs and API keys that may read: which store, where (never a credential). */
  readonly description: string;
  /** For anyone (the public /ready): which kind of store, without where (no path, host or database). */
  readonly kind: string;
  load(resolveType: TypeResolver): Promise<StoreSnapshot>;
  /**
   * True when `commit` also writes the change records a batch carries (RevisionSlot.record:
   * revision, event, audit entry) in the batch's own commit, so none is lost or delayed after it.
   */
  readonly keepsChangeRecords?: boolean;
  /** Makes a batch durable; resolves only once it is. A rejection leaves the registry unchanged. */
  commit(batch: Transaction): Promise<void>;
  /** Subscribes the registry to changes other writers make; the store calls back for each. */
  watch?(onChange: (change: ExternalChange) => void): void;
  /**
   * Subscribes to the change events other instances publish (PostgreSQL: NOTIFY on the event
   * channel); each payload is handed over as sent, after the registry has the change it names.
   * `onLost`: events may have been missed (listening stopped for a while).
   */
  watchEvents?(onEvent: (payload: string) => void, onLost?: () => void): void;
  /**
   * The latest committed state of the connectors with these names or ids, as changes to apply (a
   * record gone by now comes back as a removal): the write queue catches up with another
   * instance's write it lost a race to, then runs its own again (see ConnectorRegistry). A store
   * with one writer has no such races and no such method.
   */
  catchUp?(names: readonly string[], ids: readonly string[]): Promise<ExternalChange[]>;
  /** Whether writes can be persisted now; a store without it is ready once loaded. */
  readiness?(): StoreReadiness;
  /**
   * Why this store cannot hold a config as a client sent it (a value in the store's own storage
   * format, such as the file store's encrypted secrets), naming where; undefined when it can. The
   * service calls it before a write enters the queue; a store without it takes any config.
   */
  refusal?(config: Readonly<Record<string, unknown>>): string | undefined;
  close(): Promise<void>;
}
