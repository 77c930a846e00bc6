import { connectorNameTable, normaliseConnectorName as normalise } from '@switchboard/schemas';
import type { ConnectorPlugin } from '@switchboard/sdk';
import { distance } from 'fastest-levenshtein';

/**
 * The loaded connector plugins, found by type, alias, display name or a spelling of any of them:
 * the same table and normalisation as `resolveConnectorType` of @switchboard/schemas, built here
 * from the plugins this instance loaded (a third-party plugin included).
 */
export class PluginCatalog {
  private readonly byKey = new Map<string, ConnectorPlugin>();
  readonly plugins: readonly ConnectorPlugin[];

  constructor(plugins: Iterable<ConnectorPlugin>) {
    this.plugins = [...plugins].sort((a, b) => a.type.localeCompare(b.type));
    const byType = new Map<string, ConnectorPlugin>();
    for (const plugin of this.plugins) {
      const holder = byType.get(plugin.type);
      if (holder && holder !== plugin) throw new Error(`two connector plugins claim the type "${plugin.type}"`);
      byType.set(plugin.type, plugin);
    }
    for (const [key, type] of connectorNameTable(this.plugins)) this.byKey.set(key, byType.get(type)!);
  }

  /** The plugin for a type, an alias, a display name or an Eliza connector name; undefined when none matches. */
  resolve(name: string): ConnectorPlugin | undefined {
    return this.byKey.get(normalise(name));
  }

  /**
   * Up to `max` plugin types whose type or an alias is close to `name` (a typo, a different
   * separator, a name with a prefix or suffix such as "my-telegram"): by edit distance (at most a
   * third of the name's length, and at least 2), or containing one another. Closest first; empty when
   * nothing is close, rather than suggesting unrelated types.
   */
  closest(name: string, max = 3): string[] {
    const wanted = normalise(name);
    if (wanted === '') return [];
    const limit = Math.max(2, Math.floor(wanted.length / 3));
    const best = new Map<string, number>();
    for (const [key, plugin] of this.byKey) {
      const contains = Math.min(key.length, wanted.length) >= 4 && (key.includes(wanted) || wanted.includes(key));
      const d = distance(wanted, key);
      if (d > limit && !contains) continue;
      if (d < (best.get(plugin.type) ?? Infinity)) best.set(plugin.type, d);
    }
    return [...best]
      .sort(([a, da], [b, db]) => da - db || a.localeCompare(b))
      .slice(0, max)
      .map(([type]) => type);
  }
}
