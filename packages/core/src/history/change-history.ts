import type { SecretFields } from '@switchboard/sdk';
import type { AuditAction } from '../audit/audit-log.js';
import type { PluginCatalog } from '../registry/plugin-catalog.js';
import type { ConnectorStore } from '../store/connector-store.js';
import { RecordSealer } from '../store/sealing/record-sealer.js';
import type { SecretKeyRing } from '../store/sealing/secret-cipher.js';
import { type ChangeEvent, type ChangeEventAction, changeEventOf } from './change-event.js';
import type { EventHub } from './event-hub.js';
import type { HistoryStore, PreparedRevision, StoredRevision } from './history-store.js';
import { RevisionSealer } from './revision-sealer.js';
import { fingerprintSecrets } from './secret-fingerprints.js';

const NO_SECRETS: SecretFields = new Map();
const EVENT_ACTION: Record<Exclude<AuditAction, 'test'>, ChangeEventAction> = { create: 'created', update: 'updated', delete: 'deleted' };

/** A committed change as the connector service hands it over: names, and the secret values only to fingerprint them. */
export interface CommittedChange {
  at: string;
  action: Exclude<AuditAction, 'test'>;
  connector: { id: string | null; name: string; type: string | null };
  keyId: string;
  fields: string[];
  fieldsOmitted?: number;
  /** The config after the change (undefined for a deletion): kept for restore, sealed when encryption is on. */
  after: unknown;
  /** The secret values of `after` by field path: fingerprinted here, never kept. */
  secrets: ReadonlyArray<[string, unknown]>;
  restoredFrom?: number;
  /** The revision number the store drew as it committed the change (PostgreSQL); the history draws one otherwise. */
  revision?: number;
}

export interface ChangeHistoryOptions {
  store: HistoryStore;
  hub: EventHub;
  catalog: PluginCatalog;
  /** Seals and opens the configs of revisions; in clear without a sealing key. */
  keys?: SecretKeyRing;
  warn?: (message: string) => void;
}

/**
 * Revisions and the change feed, produced in one place right after a write is durable (the
 * connector service calls it where it writes the audit entry), so the feed, the audit and the
 * history say the same. Failures here are reported, never fail the change: it is durable already.
 */
export class ChangeHistory {
  private readonly warn: (message: string) => void;
  private readonly sealer: RevisionSealer;

  constructor(private readonly options: ChangeHistoryOptions) {
    this.warn = options.warn ?? (() => undefined);
    // Without keys the ring opens nothing: a sealed revision fails with the ring's own message.
    const secretsFor = (typeOrName: string) => options.catalog.resolve(typeOrName)?.secrets ?? NO_SECRETS;
    this.sealer = new RevisionSealer(new RecordSealer({ keys: options.keys, secretsFor }));
  }

  get hub(): EventHub {
    return this.options.hub;
  }

  get store(): HistoryStore {
    return this.options.store;
  }

  /** Publishes the events other instances announce (PostgreSQL); this instance's own are published as they are made. */
  listen(connectors: ConnectorStore): void {
    const { origin } = this.options.store;
    connectors.watchEvents?.(
      (payload) => {
        let value: unknown;
        try {
          value = JSON.parse(payload);
        } catch {
          return;
        }
        const { origin: from, ...rest } = value as { origin?: unknown };
        const event = changeEventOf(rest);
        if (event && from !== origin) this.options.hub.publish(event);
      },
      () => this.options.hub.lost(),
    );
  }

  /**
   * What a change's revision is, made before it commits (fingerprints taken, config sealed): kept
   * by `keep` after the commit, or by the connector store in the same commit (`announcement` set).
   */
  prepare(change: CommittedChange): PreparedRevision {
    const event = {
      action: EVENT_ACTION[change.action],
      at: change.at,
      connector: change.connector,
      fields: change.fields,
      ...(change.fieldsOmitted !== undefined && { fieldsOmitted: change.fieldsOmitted }),
      keyId: change.keyId,
      ...(change.restoredFrom !== undefined && { restoredFrom: change.restoredFrom }),
    };
    const row = {
      at: change.at,
      action: change.action,
      connector: change.connector,
      keyId: change.keyId,
      fields: change.fields,
      ...(change.fieldsOmitted !== undefined && { fieldsOmitted: change.fieldsOmitted }),
      fingerprints: fingerprintSecrets(change.secrets, this.options.store.fingerprintKey),
      ...(change.restoredFrom !== undefined && { restoredFrom: change.restoredFrom }),
      ...(change.after !== undefined && { config: this.sealer.seal(change.after, change.connector) }),
    };
    const announcement = this.options.store.announcement?.(event);
    return { row, event, ...(announcement !== undefined && { announcement }) };
  }

  /** Keeps a prepared revision and publishes its event; resolves with the revision number (undefined if it could not be kept). */
  async keep(prepared: PreparedRevision, number?: number): Promise<number | undefined> {
    let revision: number;
    try {
      revision = await this.options.store.append(prepared.row, prepared.event, number);
    } catch (error) {
      this.warn(`revision history: cannot keep the change of "${prepared.row.connector.name}": ${(error as Error).message}`);
      return undefined;
    }
    this.options.hub.publish({ id: revision, ...prepared.event, revision });
    return revision;
  }

  /** A revision the connector store kept in the change's own commit: published, then trimmed to the retention. */
  kept(prepared: PreparedRevision, revision: number): void {
    this.options.hub.publish({ id: revision, ...prepared.event, revision });
    const name = prepared.row.connector.name;
    this.options.store
      .trim?.(name)
      .catch((error: unknown) => this.warn(`revision history: cannot trim the revisions of "${name}": ${(error as Error).message}`));
  }

  /** Publishes a connection test's event (no revision: nothing changed). */
  async tested(event: Omit<ChangeEvent, 'id' | 'action' | 'fields' | 'revision'>): Promise<void> {
    const full = { ...event, action: 'tested' as const, fields: [] };
    try {
      const id = await this.options.store.announce(full);
      this.options.hub.publish({ id, ...full });
    } catch (error) {
      this.warn(`change feed: cannot announce the test of "${event.connector.name}": ${(error as Error).message}`);
    }
  }

  /** The config a revision kept, opened (a CipherError when the key that sealed it is not configured). */
  configOf(revision: StoredRevision): Record<string, unknown> | undefined {
    if (revision.config === undefined) return undefined;
    return this.sealer.open(revision.config, revision.connector, (path, reason) =>
      this.warn(`revision ${revision.revision} of "${revision.connector.name}": ${path} left out (${reason})`),
    );
  }

  /** The config a revision kept, opened whole; undefined when a value of it does not open. */
  wholeConfigOf(revision: StoredRevision): { config: Record<string, unknown> | undefined } | undefined {
    return this.sealer.openWhole(revision.config, revision.connector);
  }
}
