/** One connector as the registry keeps it; both API surfaces are views of these. */
export interface ConnectorRecord {
  readonly id: string;
  /** The plugin type (or the alias a client created it with); a plugin-less Eliza name is its own type. */
  readonly type: string;
  /** Unique across both surfaces: the key in the Eliza `connectors` map. */
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Bumped by every update: optimistic concurrency between instances. */
  readonly version: number;
  /** Creation order; list order and paging follow it. */
  readonly seq: number;
}

/**
 * Keys of the Eliza `connectors` map that are not connectors: `defaults` holds settings shared by
 * every connector. They are kept and served on the Eliza surface, never listed as records.
 */
export const RESERVED_ENTRY_NAMES: ReadonlySet<string> = new Set(['defaults']);
