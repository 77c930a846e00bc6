import type { ConnectorPlugin } from '@switchboard/sdk';

/** Lowercase, letters and digits only: "MS Teams", "ms-teams" and "msteams" are one key. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The loaded connector plugins, found by type, alias or a spelling of either. */
export class PluginCatalog {
  private readonly byKey = new Map<string, ConnectorPlugin>();
  readonly plugins: readonly ConnectorPlugin[];

  constructor(plugins: Iterable<ConnectorPlugin>) {
    this.plugins = [...plugins].sort((a, b) => a.type.localeCompare(b.type));
    for (const plugin of this.plugins) {
      for (const name of [plugin.type, ...plugin.aliases]) {
        const key = normalise(name);
        const holder = this.byKey.get(key);
        if (holder && holder !== plugin) {
          throw new Error(`connector plugins "${holder.type}" and "${plugin.type}" both claim the name "${name}"`);
        }
        this.byKey.set(key, plugin);
      }
    }
  }

  /** The plugin for a type, an alias or an Eliza connector name; undefined when none matches. */
  resolve(name: string): ConnectorPlugin | undefined {
    return this.byKey.get(normalise(name));
  }
}
