import { randomUUID } from 'node:crypto';
import { type ConnectorPlugin, type SecretFields, isPlainObject, redactConfig, unionOfSecretFields } from '@switchboard/sdk';
import { type AuditAction, type AuditActor, type AuditEntry, AuditLog, INTERNAL_ACTOR } from '../audit/audit-log.js';
import { changedFieldPaths } from '../audit/changed-paths.js';
import { GENERIC_CONNECTOR_TYPE, unknownTypeMessage } from '../catalog/catalog-route.js';
import { ConflictError, InvalidInputError, LimitExceededError, NotFoundError } from '../errors.js';
import type { ConnectorRecord } from '../registry/connector-record.js';
import type { ChangeHistory } from '../history/change-history.js';
import type { PreparedRevision } from '../history/history-store.js';
import { missedChanges } from '../history/missed-changes.js';
import { secretLeaves } from '../history/secret-fingerprints.js';
import type { ConnectorRegistry, OutsideChange } from '../registry/connector-registry.js';
import type { ChangeRecord, RevisionSlot, Transaction } from '../registry/transaction.js';
import { isReservedEntryName, normaliseConnectorName } from './connector-names.js';
import { assertPrecondition, type Precondition } from './entity-tag.js';
import { IncomingConfig, type SecretRules } from './incoming-config.js';
import { type ConnectorLimits, DEFAULT_LIMITS } from './limits.js';

const NO_SECRETS: SecretFields = new Map();

const HEURISTICS_ONLY: SecretRules = Object.freeze({ served: NO_SECRETS, each: [] });

export interface CreateConnectorInput {
  name: unknown;
  type: unknown;
  config: Record<string, unknown>;
}

export interface UpdateConnectorInput {
  name?: unknown;
  type?: unknown;
  config: Record<string, unknown>;
}

export interface ConnectorServiceOptions {
  /** Bounds on names, config nesting and the number of connectors; defaults for those not given. */
  limits?: Partial<ConnectorLimits>;
  /** Where changes are recorded; an in-memory ring when not given. */
  audit?: AuditLog;
  /** Revisions and the change feed; none when not given. */
  history?: ChangeHistory;
}

/** Who changed a connector that was edited in the config file outside Switchboard. */
export const OUTSIDE_EDIT_ACTOR: Readonly<AuditActor> = Object.freeze({ keyId: 'file', surface: 'internal' });

/** A committed change, before it becomes an audit entry. */
interface Change {
  at: string;
  action: AuditAction;
  connector: AuditEntry['connector'];
  previousName?: string;
  before: unknown;
  after: unknown;
  /** Set when the change restored this revision. */
  restoredFrom?: number;
  /** Its revision number when the store drew one as it committed (PostgreSQL: the database's order). */
  revision?: RevisionSlot;
}

/** What an Eliza POST did, for the surface to tell the caller besides the map. */
export interface PutByNameOutcome {
  /** True when the name was new. */
  created: boolean;
  /**
   * Set when the name is a connector's (not `defaults`) and chooses no plugin: the config was
   * stored unchecked and the runtime starts no connector under that name. The closest types.
   */
  unmatched?: { closest: string[] };
}

const connectorOf = (record: ConnectorRecord): AuditEntry['connector'] => ({ id: record.id, name: record.name, type: record.type });

/**
 * The write operations both surfaces share. Each runs inside the registry's write queue, so checks
 * (unique names, the stored secret for the round trip, the connector limit) see every write
 * committed before it. Every committed change is recorded in the audit log with the actor the
 * caller names (the controllers pass the API key id and surface; in-process callers that name none
 * are recorded as `system`/`internal`).
 */
export class ConnectorService {
  readonly limits: Readonly<ConnectorLimits>;
  readonly audit: AuditLog;
  readonly history: ChangeHistory | undefined;

  constructor(
    readonly registry: ConnectorRegistry,
    options: ConnectorServiceOptions = {},
  ) {
    const given = Object.entries(options.limits ?? {}).filter(([, value]) => value !== undefined);
    this.limits = Object.freeze({ ...DEFAULT_LIMITS, ...Object.fromEntries(given) });
    this.audit = options.audit ?? AuditLog.inMemory();
    this.history = options.history;
    // An edit of the config file outside Switchboard is a change like any other: audited, kept, announced.
    if (this.history) registry.onOutsideChange((changes) => void this.recordOutside(changes));
  }

  /**
   * A connector by id, or by name. Reads are served from memory, which other instances' changes
   * reach by notification a moment after they commit: on a miss the store is asked first, so a
   * connector another instance has just created is found (a create acknowledged there, then read
   * here through a load balancer).
   */
  async find(key: { id: string } | { name: string }): Promise<ConnectorRecord | undefined> {
    const lookup = () => ('id' in key ? this.registry.getById(key.id) : this.registry.getByName(key.name));
    const found = lookup();
    if (found) return found;
    return (await this.catchUpOnMiss(key)) ? lookup() : undefined;
  }

  /** After a miss in memory: reads the connector from a store shared with other instances; false when there is nothing to read. */
  private catchUpOnMiss(key: { id: string } | { name: string }): Promise<boolean> {
    return 'id' in key ? this.registry.catchUp([], [key.id]) : this.registry.catchUp([key.name]);
  }

  /** A connector name checked and trimmed under this service's MAX_NAME_LENGTH. */
  normaliseName(raw: unknown): string {
    return normaliseConnectorName(raw, this.limits.maxNameLength);
  }

  pluginOf(record: Pick<ConnectorRecord, 'type'>): ConnectorPlugin | undefined {
    return this.registry.catalog.resolve(record.type);
  }

  /** The plugin of a type a client names in a body (ilert `type`): a missing or unknown one is a 400 pointing at the catalog. */
  pluginForType(type: unknown): ConnectorPlugin {
    if (typeof type !== 'string' || type.trim() === '') throw new InvalidInputError('Missing connector type');
    const plugin = this.registry.catalog.resolve(type);
    if (!plugin) {
      throw new InvalidInputError(unknownTypeMessage(type, this.registry.catalog.closest(type)));
    }
    return plugin;
  }

  /**
   * The config as anyone without the reveal permission sees it. Every rule that can apply to a
   * value masks it: its type's plugin, the plugin its name resolves to (a `jira` connector named
   * `discord` is read by the Eliza runtime as Discord's, webhook URL and all), and the key-name
   * heuristics — so no choice of name or type serves a secret in clear.
   */
  redacted(record: Pick<ConnectorRecord, 'type' | 'name' | 'config'>): unknown {
    return redactConfig(record.config, this.secretRules(record.type, [record.name]).served);
  }

  /** The secret rules of a config stored as `type` and named (now or before a rename) `names`. */
  private secretRules(type: string, names: readonly string[]): SecretRules {
    const each: SecretFields[] = [];
    for (const key of [type, ...names]) {
      const secrets = this.registry.catalog.resolve(key)?.secrets;
      if (secrets && secrets.size > 0 && !each.includes(secrets)) each.push(secrets);
    }
    if (each.length === 0) return HEURISTICS_ONLY;
    return { served: each.reduce(unionOfSecretFields), each };
  }

  /**
   * The type clients of the ilert surface see: the record's own, or for a connector whose name
   * chose no plugin (stored through the Eliza surface), the generic type when that plugin is loaded.
   */
  clientType(record: Pick<ConnectorRecord, 'type'>): string {
    if (this.pluginOf(record) || !this.registry.catalog.resolve(GENERIC_CONNECTOR_TYPE)) return record.type;
    return GENERIC_CONNECTOR_TYPE;
  }

  /**
   * A config as a write of it would store it, without storing it (a connection test of an unsaved
   * form): unsafe keys stripped, masks filled from `stored`, validated; the same 400s as a save.
   */
  checkedConfig(plugin: ConnectorPlugin, config: Record<string, unknown>, stored: unknown, name: string): Readonly<Record<string, unknown>> {
    return this.inspect(config).prepare({ plugin, rules: this.secretRules(plugin.type, [name]), stored, name });
  }

  /** Eliza POST: add or replace the config stored under a name (only the connector `precondition` names, when given). */
  async putByName(
    rawName: unknown,
    config: Record<string, unknown>,
    actor: AuditActor = INTERNAL_ACTOR,
    precondition?: Precondition,
  ): Promise<PutByNameOutcome> {
    const name = this.normaliseName(rawName);
    // A name another instance has just created is not looked up here: the insert then fails on the
    // unique name and runs again as an update (see ConnectorRegistry). A precondition needs it now.
    const known = isReservedEntryName(name) ? undefined : this.registry.getByName(name);
    const existingNow = known ?? (precondition && !isReservedEntryName(name) ? await this.find({ name }) : undefined);
    const incoming = this.inspect(config).validateAhead(
      isReservedEntryName(name) ? undefined : existingNow ? this.pluginOf(existingNow) : this.registry.catalog.resolve(name),
    );
    const plugin = this.registry.catalog.resolve(name);
    const { change } = await this.writeChange(actor, (tx) => {
      assertPrecondition(precondition, tx.byName(name), name);
      return { change: this.putNamed(tx, name, incoming, { plugin, type: plugin?.type ?? name }) };
    });
    const created = change.action === 'create';
    const { type } = change.connector;
    if (type === null || this.registry.catalog.resolve(type)) return { created };
    return { created, unmatched: { closest: this.registry.catalog.closest(name) } };
  }

  /** Eliza DELETE: removing an absent name is not an error (unless a `precondition` names a connector). */
  async removeByName(rawName: unknown, actor: AuditActor = INTERNAL_ACTOR, precondition?: Precondition): Promise<void> {
    const name = this.normaliseName(rawName);
    // A connector another instance has just created is deleted too, not missed.
    if (!isReservedEntryName(name) && !this.registry.getByName(name)) await this.find({ name });
    await this.writeChange(actor, (tx): { change?: Change } => {
      assertPrecondition(precondition, tx.byName(name), name);
      if (isReservedEntryName(name)) {
        const previous = tx.reserved(name);
        if (previous === undefined) return {};
        tx.setReserved(name, undefined);
        return {
          change: {
            at: tx.now,
            action: 'delete',
            connector: { id: null, name, type: null },
            before: previous,
            after: undefined,
            revision: tx.reserveRevision(),
          },
        };
      }
      const existing = tx.byName(name);
      if (!existing) return {};
      tx.remove(existing);
      return {
        change: { at: tx.now, action: 'delete', connector: connectorOf(existing), before: existing.config, after: undefined, revision: tx.reserveRevision() },
      };
    });
  }

  async create(input: CreateConnectorInput, actor: AuditActor = INTERNAL_ACTOR): Promise<ConnectorRecord> {
    const name = this.recordName(input.name);
    const plugin = this.pluginForType(input.type);
    const incoming = this.inspect(input.config).validateAhead(plugin);
    const { record } = await this.writeChange(actor, (tx) => {
      this.assertNameFree(tx, name);
      this.assertRoomForOneMore(tx, name);
      const type = input.type as string;
      const created = this.created(tx, name, type, incoming.prepare({ plugin, rules: this.secretRules(type, [name]), stored: undefined, name }));
      tx.put(created);
      const change: Change = {
        at: tx.now,
        action: 'create',
        connector: connectorOf(created),
        before: undefined,
        after: created.config,
        revision: tx.reserveRevision(),
      };
      return { record: created, change };
    });
    return record;
  }

  async update(id: string, input: UpdateConnectorInput, actor: AuditActor = INTERNAL_ACTOR, precondition?: Precondition): Promise<ConnectorRecord> {
    const name = input.name === undefined || input.name === null ? undefined : this.recordName(input.name);
    const existingNow = this.registry.getById(id) ?? (await this.find({ id }));
    const incoming = this.inspect(input.config).validateAhead(existingNow && this.pluginOf(existingNow));
    const { record } = await this.writeChange(actor, (tx) => {
      const existing = tx.byId(id);
      if (!existing) throw new NotFoundError(`No connector with id "${id}"`);
      assertPrecondition(precondition, existing, existing.name);
      const plugin = this.pluginOf(existing);
      if (input.type !== undefined && input.type !== null && input.type !== existing.type) {
        const requested = typeof input.type === 'string' ? this.registry.catalog.resolve(input.type) : undefined;
        // A connector without a plugin is shown with the generic type: sending that back changes nothing.
        const unchanged = plugin ? requested === plugin : requested !== undefined && requested.type === this.clientType(existing);
        if (!unchanged) {
          throw new InvalidInputError(`The type of a connector cannot be changed (it is "${existing.type}")`);
        }
      }
      if (name !== undefined && name !== existing.name) this.assertNameFree(tx, name);
      const updated = this.updated(existing, tx, {
        name: name ?? existing.name,
        config: incoming.prepare({
          plugin,
          rules: this.secretRules(existing.type, [existing.name, name ?? existing.name]),
          stored: existing.config,
          name: name ?? existing.name,
        }),
      });
      tx.put(updated);
      const change: Change = {
        at: tx.now,
        action: 'update',
        connector: connectorOf(updated),
        ...(existing.name !== updated.name && { previousName: existing.name }),
        before: existing.config,
        after: updated.config,
        revision: tx.reserveRevision(),
      };
      return { record: updated, change };
    });
    return record;
  }

  /** True when something was deleted. */
  async remove(id: string, actor: AuditActor = INTERNAL_ACTOR, precondition?: Precondition): Promise<boolean> {
    if (!this.registry.getById(id)) await this.find({ id });
    const { change } = await this.writeChange(actor, (tx): { change?: Change } => {
      const existing = tx.byId(id);
      if (!existing) return {};
      assertPrecondition(precondition, existing, existing.name);
      tx.remove(existing);
      return {
        change: { at: tx.now, action: 'delete', connector: connectorOf(existing), before: existing.config, after: undefined, revision: tx.reserveRevision() },
      };
    });
    return change !== undefined;
  }

  /**
   * Puts back the config an earlier revision kept, through the same checks as a save: under the
   * name the revision was kept for, replacing the config there (a connector deleted since is
   * created again with the revision's type). The change is a new revision that names the one restored;
   * resolves with its number (undefined when the history could not keep it).
   */
  async restore(
    rawName: unknown,
    kept: { revision: number; type: string | null; config: Record<string, unknown> },
    actor: AuditActor = INTERNAL_ACTOR,
  ): Promise<number | undefined> {
    const name = this.normaliseName(rawName);
    const incoming = this.inspect(kept.config);
    const type = kept.type ?? name;
    const newRecord = { plugin: this.registry.catalog.resolve(type), type };
    const { revision } = await this.writeChange(actor, (tx) => ({ change: { ...this.putNamed(tx, name, incoming, newRecord), restoredFrom: kept.revision } }));
    return revision;
  }

  /**
   * Inside the write queue: puts a config under a name, replacing the shared entry or the connector
   * stored there, or creating one as `newRecord` says (an Eliza POST and a restore differ only there).
   */
  private putNamed(tx: Transaction, name: string, incoming: IncomingConfig, newRecord: { plugin: ConnectorPlugin | undefined; type: string }): Change {
    if (isReservedEntryName(name)) {
      const previous = tx.reserved(name);
      const next = incoming.prepare({ plugin: undefined, rules: HEURISTICS_ONLY, stored: previous, name });
      tx.setReserved(name, next);
      const action = previous === undefined ? 'create' : 'update';
      return { at: tx.now, action, connector: { id: null, name, type: null }, before: previous, after: next, revision: tx.reserveRevision() };
    }
    const existing = tx.byName(name);
    if (existing) {
      const rules = this.secretRules(existing.type, [name]);
      const record = this.updated(existing, tx, { config: incoming.prepare({ plugin: this.pluginOf(existing), rules, stored: existing.config, name }) });
      tx.put(record);
      return { at: tx.now, action: 'update', connector: connectorOf(record), before: existing.config, after: record.config, revision: tx.reserveRevision() };
    }
    this.assertRoomForOneMore(tx, name);
    const { plugin, type } = newRecord;
    const record = this.created(tx, name, type, incoming.prepare({ plugin, rules: this.secretRules(type, [name]), stored: undefined, name }));
    tx.put(record);
    return { at: tx.now, action: 'create', connector: connectorOf(record), before: undefined, after: record.config, revision: tx.reserveRevision() };
  }

  /**
   * At boot, with a history kept apart from the connectors' commits (the file store): records the
   * changes it missed (see missedChanges) as outside edits: audited, kept and announced, by `file`.
   * Resolves with how many there were.
   */
  async recordMissedChanges(): Promise<number> {
    const { history } = this;
    const heads = await history?.store.heads?.();
    if (!history || !heads) return 0;
    const changes = missedChanges(heads, this.registry, (revision) => history.wholeConfigOf(revision));
    await this.recordOutside(changes);
    return changes.length;
  }

  private async recordOutside(changes: readonly OutsideChange[]): Promise<void> {
    const at = new Date().toISOString();
    for (const change of changes) await this.record({ at, ...change }, OUTSIDE_EDIT_ACTOR);
  }

  /**
   * Runs a write that makes at most one change (`change` of the operation's result) and writes the
   * change down: with a store that keeps change records, its record goes into the same commit.
   * Resolves with the operation's result and the change's revision number.
   */
  private async writeChange<R extends { change?: Change }>(actor: AuditActor, operation: (tx: Transaction) => R): Promise<R & { revision?: number }> {
    const inCommit = this.recordsInCommit;
    const result = await this.registry.write((tx) => {
      const outcome = operation(tx);
      const { change } = outcome;
      if (inCommit && change?.revision) change.revision.record = this.changeRecordOf(change, actor).record;
      return outcome;
    });
    const revision = await this.record(result.change, actor);
    return { ...result, ...(revision !== undefined && { revision }) };
  }

  /** True when the store writes each change's revision and audit entry in the change's own commit: it keeps change records, and the audit and the history are in its database. */
  private get recordsInCommit(): boolean {
    return this.registry.store.keepsChangeRecords === true && this.audit.keptInCommit && this.history?.store.announcement !== undefined;
  }

  /**
   * What a change writes down: its audit entry (numbered once the revision is known), its revision
   * (fingerprints and sealing done) and, where the store can keep them in the commit, both as one record.
   */
  private changeRecordOf(change: Change, actor: AuditActor): { audit: AuditEntry; revision?: PreparedRevision; record?: ChangeRecord } {
    const { paths, omitted } = changedFieldPaths(change.before, change.after);
    const revision = this.history?.prepare({
      at: change.at,
      action: change.action as Exclude<AuditAction, 'test'>,
      connector: change.connector,
      keyId: actor.keyId,
      fields: paths,
      ...(omitted > 0 && { fieldsOmitted: omitted }),
      after: change.after,
      secrets: change.after === undefined ? [] : secretLeaves(change.after, this.redactedFor(change.connector, change.after)),
      ...(change.restoredFrom !== undefined && { restoredFrom: change.restoredFrom }),
    });
    const audit: AuditEntry = {
      at: change.at,
      actor: actor.keyId,
      surface: actor.surface,
      action: change.action,
      connector: change.connector,
      ...(change.previousName !== undefined && { previousName: change.previousName }),
      fields: paths,
      ...(omitted > 0 && { fieldsOmitted: omitted }),
      ...(change.restoredFrom !== undefined && { restoredFrom: change.restoredFrom }),
    };
    const announcement = revision?.announcement;
    return { audit, revision, ...(revision && announcement !== undefined && { record: { revision: { ...revision, announcement }, audit } }) };
  }

  /**
   * The one place a committed change is written down: its audit entry, its revision and its change
   * feed event (field names only, never values; secrets only as keyed fingerprints). A change whose
   * record the store committed with it is only published and remembered here. Resolves with the
   * revision number.
   */
  private async record(change: Change | undefined, actor: AuditActor): Promise<number | undefined> {
    if (!change) return undefined;
    const slot = change.revision;
    if (slot?.recorded && slot.record && slot.value !== undefined) {
      this.history?.kept(slot.record.revision, slot.value);
      this.audit.recorded({ ...slot.record.audit, revision: slot.value });
      return slot.value;
    }
    const { audit, revision: prepared } = slot?.record ?? this.changeRecordOf(change, actor);
    const revision = prepared && (await this.history?.keep(prepared, slot?.value));
    await this.audit.record({ ...audit, ...(revision !== undefined && { revision }) });
    return revision;
  }

  /** A config redacted as it is served under its connector's name and type (shared entries by heuristics). */
  private redactedFor(connector: Change['connector'], config: unknown): unknown {
    return redactConfig(config, connector.type === null ? NO_SECRETS : this.secretRules(connector.type, [connector.name]).served);
  }

  private assertRoomForOneMore(tx: Transaction, name: string): void {
    const max = this.limits.maxConnectors;
    if (tx.size >= max) {
      throw new LimitExceededError(`Cannot create connector "${name}": the registry already holds the maximum of ${max} connectors (MAX_CONNECTORS)`);
    }
  }

  private recordName(raw: unknown): string {
    const name = this.normaliseName(raw);
    if (isReservedEntryName(name)) {
      throw new InvalidInputError(`Connector name "${name}" is reserved for settings shared by every connector`);
    }
    return name;
  }

  private assertNameFree(tx: Transaction, name: string): void {
    if (tx.byName(name) || isReservedEntryName(name)) throw new ConflictError(`A connector named "${name}" already exists`);
  }

  /** A config a client sent, received by its one owner (IncomingConfig) under this service's limits and the store's refusals. */
  private inspect(config: Record<string, unknown>): IncomingConfig {
    const { store } = this.registry;
    return IncomingConfig.receive(config, { maxDepth: this.limits.maxConfigDepth, storeRefusal: store.refusal && ((value) => store.refusal!(value)) });
  }

  private created(tx: Transaction, name: string, type: string, config: Record<string, unknown>): ConnectorRecord {
    return Object.freeze({ id: randomUUID(), type, name, config, createdAt: tx.now, updatedAt: tx.now, version: 1, seq: tx.nextSeq() });
  }

  private updated(existing: ConnectorRecord, tx: Transaction, change: Partial<Pick<ConnectorRecord, 'name' | 'config'>>): ConnectorRecord {
    return Object.freeze({ ...existing, ...change, updatedAt: tx.now, version: existing.version + 1 });
  }
}

export function assertPlainObject(value: unknown, message: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new InvalidInputError(message);
  return value;
}
