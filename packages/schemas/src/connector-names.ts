/**
 * How a connector name, an alias or a display name finds its connector type: one normalisation and
 * one table, used by @switchboard/schemas (over its generated catalog) and by the service (over the
 * plugins it loaded), so both resolve every name the same way.
 */

/** Lowercase, letters and digits only: "MS Teams", "ms-teams", "MICROSOFT_TEAMS_BOT" and "msteams" keep only their letters. */
export function normaliseConnectorName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** What the table is built from: a connector type's own names. */
export interface ConnectorNames<T extends string = string> {
  readonly type: T;
  readonly aliases: readonly string[];
  readonly displayName: string;
}

/**
 * Normalised name -> connector type, over every type, alias and display name. Two types claiming the
 * same type or alias spelling is an error (it names both); a display name never displaces a type or
 * alias, and is skipped where another type already holds its spelling.
 */
export function connectorNameTable<T extends string>(entries: Iterable<ConnectorNames<T>>): ReadonlyMap<string, T> {
  const list = [...entries];
  const table = new Map<string, T>();
  for (const entry of list) {
    for (const name of [entry.type, ...entry.aliases]) {
      const key = normaliseConnectorName(name);
      const holder = table.get(key);
      if (holder !== undefined && holder !== entry.type) {
        throw new Error(`connector types "${holder}" and "${entry.type}" both claim the name "${name}"`);
      }
      table.set(key, entry.type);
    }
  }
  for (const entry of list) {
    const key = normaliseConnectorName(entry.displayName);
    if (key !== '' && !table.has(key)) table.set(key, entry.type);
  }
  return table;
}
