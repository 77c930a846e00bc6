import { type SecretFields, unionOfSecretFields } from '@switchboard/sdk';
import { type ConnectorRecord, RESERVED_ENTRY_NAMES } from '../../registry/connector-record.js';
import { openConfig, sealConfig } from './sealed-config.js';
import { SecretKeyRing } from './secret-cipher.js';

const NO_SECRETS: SecretFields = new Map();

/** Encryption at rest of a store: the keys, and which fields of a connector are secret. */
export interface SealingOptions {
  /** Seals secret values with `keys.sealing` (none: stored in clear); opens values sealed with any of its keys. */
  keys?: SecretKeyRing;
  /** The declared secret fields of a record type, or of the plugin a connector name resolves to (sealed besides the key-name heuristics). */
  secretsFor?: (type: string) => SecretFields;
}

/**
 * A store's sealing of whole records: a config as stored (secret values sealed, each bound to the
 * connector's name and its field path) and back. The rules are sealed-config.ts's; this adds which
 * secret fields a record has (those of its type and of the plugin its name names, as redaction).
 * A reserved entry (`defaults`) is sealed the same way, bound to its name, with the key-name
 * heuristics alone: what its redaction masks. `place` binds the values elsewhere than the name
 * (revisions: see revision-sealer.ts).
 */
export class RecordSealer {
  readonly keys: SecretKeyRing;

  constructor(private readonly options: SealingOptions = {}) {
    this.keys = options.keys ?? new SecretKeyRing(undefined);
  }

  /** The config as stored: sealed with the current key, or as it is without one. */
  seal(record: Pick<ConnectorRecord, 'type' | 'name'> & { config: unknown }, place = record.name): unknown {
    const sealing = this.keys.sealing;
    return sealing ? sealConfig(record.config, this.secretsOf(record), sealing, place) : record.config;
  }

  /** A reserved entry's value as stored. */
  sealReserved(name: string, value: unknown): unknown {
    return this.seal({ type: name, name, config: value });
  }

  /**
   * The config as served. A value that does not belong where it is stored (moved from another field
   * or connector, altered) is left out and reported through `refused`; a value sealed with a key
   * that is not configured throws a CipherError.
   */
  open(
    raw: Record<string, unknown>,
    record: Pick<ConnectorRecord, 'type' | 'name'>,
    refused: (field: string, reason: string) => void,
    place = record.name,
  ): Record<string, unknown> {
    return openConfig(raw, this.keys, { connector: place, secrets: this.secretsOf(record), refused }) as Record<string, unknown>;
  }

  /** A reserved entry's value as served (see `open`). */
  openReserved(name: string, raw: unknown, refused: (field: string, reason: string) => void): unknown {
    return this.open(raw as Record<string, unknown>, { type: name, name }, refused);
  }

  secretsOf(record: Pick<ConnectorRecord, 'type' | 'name'>): SecretFields {
    const secretsFor = this.options.secretsFor;
    // A reserved entry's redaction uses the key-name heuristics alone (connector.service.ts).
    if (RESERVED_ENTRY_NAMES.has(record.name)) return NO_SECRETS;
    return secretsFor ? unionOfSecretFields(secretsFor(record.type), secretsFor(record.name)) : NO_SECRETS;
  }
}
