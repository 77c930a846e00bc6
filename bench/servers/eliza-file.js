// What the hand-written baselines share: the seeded Eliza config file, read once, and the plugins'
// own redaction (the same @switchboard/sdk code Switchboard uses).
import { readFile } from 'node:fs/promises';
import { metadataFileOf } from '../lib/fixtures.js';
import { API_PACKAGE_JSON, importApiDist, importFromApi } from '../lib/paths.js';

export async function loadElizaFile(path) {
  const document = JSON.parse(await readFile(path, 'utf8'));
  const { discoverPlugins } = await importApiDist('plugins.js');
  const sdk = await importFromApi('@switchboard/sdk');
  const plugins = new Map((await discoverPlugins(API_PACKAGE_JSON)).map((plugin) => [plugin.type, plugin]));
  const metadata = JSON.parse(await readFile(metadataFileOf(path), 'utf8')).connectors;
  const pluginOf = (name) => plugins.get(metadata[name]?.type);
  const redact = (name, config) => {
    const plugin = pluginOf(name);
    return plugin ? plugin.redact(config) : sdk.redactConfig(config);
  };
  return { document, metadata, pluginOf, redact, sdk };
}

/** The Eliza map, redacted: what GET /api/connectors answers. */
export function redactedMap(connectors, redact) {
  const map = {};
  for (const [name, config] of Object.entries(connectors)) map[name] = redact(name, config);
  return map;
}
