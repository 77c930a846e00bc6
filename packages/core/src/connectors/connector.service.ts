import { randomUUID } from 'node:crypto';
import { type ConnectorPlugin, isPlainObject, redactConfig, restoreSecrets, stripUnsafeKeys } from '@switchboard/sdk';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import type { ConnectorRecord } from '../registry/connector-record.js';
import type { ConnectorRegistry } from '../registry/connector-registry.js';
import type { Transaction } from '../registry/transaction.js';
import { isReservedEntryName, normaliseConnectorName } from './connector-names.js';

const NO_SECRETS = new Map();

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

/**
 * The write operations both surfaces share. Each runs inside the registry's write queue, so checks
 * (unique names, the stored secret for the round trip) see every write committed before it.
 */
export class ConnectorService {
  constructor(readonly registry: ConnectorRegistry) {}

  pluginOf(record: Pick<ConnectorRecord, 'type'>): ConnectorPlugin | undefined {
    return this.registry.catalog.resolve(record.type);
  }

  /** The config as anyone without the reveal permission sees it. */
  redacted(record: Pick<ConnectorRecord, 'type' | 'config'>): unknown {
    const plugin = this.pluginOf(record);
    return plugin ? plugin.redact(record.config) : redactConfig(record.config);
  }

  /** Eliza POST: add or replace the config stored under a name. */
  putByName(rawName: unknown, config: Record<string, unknown>): Promise<void> {
    const name = normaliseConnectorName(rawName);
    return this.registry.write((tx) => {
      if (isReservedEntryName(name)) {
        tx.setReserved(name, this.prepare(undefined, config, tx.reserved(name), name));
        return;
      }
      const existing = tx.byName(name);
      if (existing) {
        const prepared = this.prepare(this.pluginOf(existing), config, existing.config, name);
        tx.put(this.updated(existing, tx, { config: prepared }));
      } else {
        const plugin = this.registry.catalog.resolve(name);
        const prepared = this.prepare(plugin, config, undefined, name);
        tx.put(this.created(tx, name, plugin?.type ?? name, prepared));
      }
    });
  }

  /** Eliza DELETE: removing an absent name is not an error. */
  removeByName(rawName: unknown): Promise<void> {
    const name = normaliseConnectorName(rawName);
    return this.registry.write((tx) => {
      if (isReservedEntryName(name)) {
        if (tx.reserved(name) !== undefined) tx.setReserved(name, undefined);
        return;
      }
      const existing = tx.byName(name);
      if (existing) tx.remove(existing);
    });
  }

  create(input: CreateConnectorInput): Promise<ConnectorRecord> {
    const name = this.recordName(input.name);
    const plugin = this.pluginForType(input.type);
    return this.registry.write((tx) => {
      this.assertNameFree(tx, name);
      const record = this.created(tx, name, input.type as string, this.prepare(plugin, input.config, undefined, name));
      tx.put(record);
      return record;
    });
  }

  update(id: string, input: UpdateConnectorInput): Promise<ConnectorRecord> {
    const name = input.name === undefined || input.name === null ? undefined : this.recordName(input.name);
    return this.registry.write((tx) => {
      const existing = tx.byId(id);
      if (!existing) throw new NotFoundError(`No connector with id "${id}"`);
      const plugin = this.pluginOf(existing);
      if (input.type !== undefined && input.type !== null && input.type !== existing.type) {
        const requested = typeof input.type === 'string' ? this.registry.catalog.resolve(input.type) : undefined;
        if (!plugin || requested !== plugin) {
          throw new InvalidInputError(`The type of a connector cannot be changed (it is "${existing.type}")`);
        }
      }
      if (name !== undefined && name !== existing.name) this.assertNameFree(tx, name);
      const record = this.updated(existing, tx, {
        name: name ?? existing.name,
        config: this.prepare(plugin, input.config, existing.config, name ?? existing.name),
      });
      tx.put(record);
      return record;
    });
  }

  /** True when something was deleted. */
  remove(id: string): Promise<boolean> {
    return this.registry.write((tx) => {
      const existing = tx.byId(id);
      if (existing) tx.remove(existing);
      return existing !== undefined;
    });
  }

  private recordName(raw: unknown): string {
    const name = normaliseConnectorName(raw);
    if (isReservedEntryName(name)) {
      throw new InvalidInputError(`Connector name "${name}" is reserved for settings shared by every connector`);
    }
    return name;
  }

  private pluginForType(type: unknown): ConnectorPlugin {
    if (typeof type !== 'string' || type.trim() === '') throw new InvalidInputError('Missing connector type');
    const plugin = this.registry.catalog.resolve(type);
    if (!plugin) throw new InvalidInputError(`Unknown connector type "${type}"`);
    return plugin;
  }

  private assertNameFree(tx: Transaction, name: string): void {
    if (tx.byName(name) || isReservedEntryName(name)) throw new ConflictError(`A connector named "${name}" already exists`);
  }

  /** Strips unsafe keys, puts back secrets sent as masks, and validates what the plugin declares. */
  private prepare(plugin: ConnectorPlugin | undefined, incoming: Record<string, unknown>, stored: unknown, name: string) {
    const clean = stripUnsafeKeys(incoming);
    const { value, unresolvedMasks } = plugin ? plugin.restore(clean, stored) : restoreSecrets(clean, stored, NO_SECRETS);
    if (unresolvedMasks.length > 0) {
      throw new InvalidInputError(
        `Invalid config for connector "${name}": ${unresolvedMasks.join(', ')} holds a redaction mask but no secret is stored there; send the real value`,
      );
    }
    const config = value as Record<string, unknown>;
    const problems = plugin?.validate(config) ?? [];
    if (problems.length > 0) {
      throw new InvalidInputError(`Invalid config for connector "${name}": ${problems.map((p) => p.message).join('; ')}`);
    }
    return Object.freeze(config);
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
