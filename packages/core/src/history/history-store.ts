import type { ChangeEvent } from './change-event.js';

export const DEFAULT_REVISION_RETENTION = 20;

/** One revision of a connector (or of a shared entry such as `defaults`), as the API lists it: names and fingerprints, never values. */
export interface RevisionEntry {
  /** Unique and increasing across the store (with PostgreSQL, across instances); also its change event's id. */
  revision: number;
  at: string;
  action: 'create' | 'update' | 'delete';
  connector: { id: string | null; name: string; type: string | null };
  keyId: string;
  fields: string[];
  fieldsOmitted?: number;
  /** Secret field path -> keyed fingerprint of its value in this revision. */
  fingerprints: Record<string, string>;
  restoredFrom?: number;
}

/** A revision as kept: with the config after the change (sealed when encryption is on; absent for a deletion). */
export interface StoredRevision extends RevisionEntry {
  config?: unknown;
}

export type NewRevision = Omit<StoredRevision, 'revision'>;
export type NewEvent = Omit<ChangeEvent, 'id'>;

/** A revision made ready before its change commits (see ChangeHistory.prepare). */
export interface PreparedRevision {
  row: NewRevision;
  event: Omit<NewEvent, 'revision'>;
  /** The event as the commit announces it to other instances, when the store can keep the revision in the commit. */
  announcement?: string;
}

/** What a key rotation did to the revision history: configs sealed afresh, and those left as they were. */
export interface RevisionResealing {
  resealed: number;
  /** Revisions whose config cannot be opened with the keys given (an older key, an altered value): kept as they are. */
  unopenable: number;
}

/** The newest revision of every name, and when the oldest revision kept was made (undefined: none is kept). */
export interface HistoryHeads {
  newest: StoredRevision[];
  oldestAt: string | undefined;
}

/** Where revisions are kept and event ids come from. */
export interface HistoryStore {
  readonly description: string;
  /** Marks the events this instance announces to others (PostgreSQL), so it does not publish its own twice. */
  readonly origin?: string;
  /** The key fingerprints are made with (derived from the encryption key, or the store's own). */
  readonly fingerprintKey: Buffer;
  /**
   * Keeps a revision (dropping the connector's oldest past the retention) and announces its event
   * to the other instances; resolves with the revision number, which is the event's id too: `number`
   * when the connector store drew it as it committed the change, a new one otherwise.
   */
  append(revision: NewRevision, event: Omit<NewEvent, 'revision'>, number?: number): Promise<number>;
  /**
   * For a store whose revisions the connector store can keep in a write's own commit (PostgreSQL,
   * one database): the event as that commit announces it. Such a revision is then only trimmed
   * to the retention here, after the commit.
   */
  announcement?(event: Omit<NewEvent, 'revision'>): string;
  trim?(name: string): Promise<void>;
  /** Announces an event that makes no revision (a connection test); resolves with its id. */
  announce(event: NewEvent): Promise<number>;
  /**
   * The newest event id ever issued (0 before any), revisions and tests alike, by any instance
   * sharing the store: a client resuming after it on an instance that has heard nothing yet missed nothing.
   */
  newestEventId(): Promise<number>;
  /**
   * For a store that keeps revisions after the connectors' commit, not in it (the file store): the
   * newest revision of every name, so that changes it missed can be found at boot.
   */
  heads?(): Promise<HistoryHeads>;
  /** The revisions kept under a name, newest first. */
  list(name: string): Promise<StoredRevision[]>;
  get(name: string, revision: number): Promise<StoredRevision | undefined>;
  close(): Promise<void>;
}
