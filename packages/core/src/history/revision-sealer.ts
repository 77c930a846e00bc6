import type { StoredRevision } from './history-store.js';
import type { RecordSealer } from '../store/sealing/record-sealer.js';
import { CipherError } from '../store/sealing/secret-cipher.js';

type Connector = StoredRevision['connector'];

/** Where the config of a revision of `name` is bound when sealed: never opens as a live connector's value. */
const placeOf = (name: string) => `revisions/${name}`;

/** A revision's connector as the sealer sees it: a shared entry (`defaults`) has no type, its name stands for it. */
const subjectOf = (connector: Connector) => ({ type: connector.type ?? connector.name, name: connector.name });

/**
 * The sealing of the configs revisions keep: the secret values the connector store seals for the
 * same connector (its sealer's rules), bound to `revisions/<name>`. One place for the history that
 * writes them and the key rotation that seals them again.
 */
export class RevisionSealer {
  constructor(private readonly sealer: RecordSealer) {}

  seal(config: unknown, connector: Connector): unknown {
    return this.sealer.seal({ ...subjectOf(connector), config }, placeOf(connector.name));
  }

  /** The config opened; a value that does not belong where it is is left out (`refused`); a key not configured throws a CipherError. */
  open(config: unknown, connector: Connector, refused: (field: string, reason: string) => void): Record<string, unknown> | undefined {
    return this.sealer.open(config as Record<string, unknown>, subjectOf(connector), refused, placeOf(connector.name));
  }

  /**
   * The config sealed afresh with the current key (in clear without one), for key rotation; undefined
   * when it cannot be opened whole (a key not configured, a value altered or moved): then it is kept as
   * it is, never rewritten without a value.
   */
  reseal(config: unknown, connector: Connector): { config: unknown } | undefined {
    const opened = this.openWhole(config, connector);
    return opened && { config: this.seal(opened.config, connector) };
  }

  /** The config opened, or undefined when it cannot be opened whole (a key not configured, a value altered or moved). */
  openWhole(config: unknown, connector: Connector): { config: Record<string, unknown> | undefined } | undefined {
    let whole = true;
    try {
      const opened = this.open(config, connector, () => {
        whole = false;
      });
      return whole ? { config: opened } : undefined;
    } catch (error) {
      if (error instanceof CipherError) return undefined;
      throw error;
    }
  }
}
