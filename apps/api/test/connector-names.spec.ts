// One name table: `resolveConnectorType` of @switchboard/schemas (over its generated catalog) and the
// service's PluginCatalog (over the plugins apps/api loads) give the same type for every type, alias
// and display name, in several spellings.
import { describe, expect, it } from '@jest/globals';
import { PluginCatalog } from '@switchboard/core';
import { CONNECTOR_CATALOG, resolveConnectorType } from '@switchboard/schemas';
import { realPlugins } from './support/test-server.js';

/** A name as clients write it: as declared, upper and lower case, words split by spaces, hyphens or underscores. */
function spellings(name: string): string[] {
  const words = name.split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
  return [
    name,
    name.toUpperCase(),
    name.toLowerCase(),
    words.join(' '),
    words.join('-').toLowerCase(),
    words.join('_').toUpperCase(),
    words.map((word) => word[0].toUpperCase() + word.slice(1).toLowerCase()).join(' '),
    ` ${name}.`,
  ];
}

describe('connector names', () => {
  it('resolve to the same type in the service and in @switchboard/schemas, for every type, alias and display name', async () => {
    const plugins = await realPlugins();
    const catalog = new PluginCatalog(plugins);
    expect(plugins.map((plugin) => plugin.type).sort()).toEqual(Object.keys(CONNECTOR_CATALOG).sort());
    let checked = 0;
    for (const plugin of plugins) {
      for (const name of [plugin.type, ...plugin.aliases, plugin.displayName]) {
        for (const spelling of spellings(name)) {
          const service = catalog.resolve(spelling)?.type;
          expect({ spelling, service, schemas: resolveConnectorType(spelling) }).toEqual({ spelling, service, schemas: service });
          // A display name may share its spelling with another type's own name; types and aliases may not.
          if (name !== plugin.displayName) expect({ spelling, service }).toEqual({ spelling, service: plugin.type });
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(plugins.length * 16);
    for (const name of ['MS Teams', 'ms-teams', 'MICROSOFT_TEAMS_BOT', 'Microsoft Teams Bot']) {
      expect([name, catalog.resolve(name)?.type, resolveConnectorType(name)]).toEqual([name, 'msteams', 'msteams']);
    }
    for (const name of ['', 'no-such-platform', '__proto__', 'toString']) {
      expect([name, catalog.resolve(name), resolveConnectorType(name)]).toEqual([name, undefined, undefined]);
    }
  });
});
