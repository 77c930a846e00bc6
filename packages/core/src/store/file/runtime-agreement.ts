import { entryKind, sameJson } from './eliza-document.js';

/**
 * The names the runtime would load otherwise than Switchboard serves them. `loaded` is the map the
 * runtime reads from the file as a write would leave it (its `$include` directives resolved);
 * `served` is what the store serves after that write, name -> value as stored. Without includes the
 * two are one map; with them the runtime merges included content into the file's own map, and a
 * write must not leave it loading a connector Switchboard no longer lists, or lists otherwise.
 */
export function namesLoadedOtherwise(loaded: ReadonlyMap<string, unknown>, served: ReadonlyMap<string, unknown>): string[] {
  const names = new Set<string>();
  for (const [name, value] of served) if (!loaded.has(name) || !sameJson(loaded.get(name), value)) names.add(name);
  for (const [name, value] of loaded) if (!served.has(name) && entryKind(name, value) !== 'foreign') names.add(name);
  return [...names];
}
