import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type ConnectorPlugin, isConnectorPlugin } from '@switchboard/sdk';

/** A plugin that cannot be loaded: boot stops with this one line. */
export class PluginLoadError extends Error {}

interface PackageJson {
  dependencies?: Record<string, string>;
  switchboard?: { connector?: boolean };
}

/**
 * The connector plugins of this service: every dependency whose package.json says
 * `"switchboard": { "connector": true }`, plus modules named in SWITCHBOARD_PLUGINS (resolved from
 * the working directory, so a third party can `npm install` one beside the service).
 */
export async function discoverPlugins(hostPackageJson: URL, extraModules: readonly string[] = []): Promise<ConnectorPlugin[]> {
  const host = JSON.parse(await readFile(hostPackageJson, 'utf8')) as PackageJson;
  const fromHost = createRequire(hostPackageJson);
  const fromCwd = createRequire(pathToFileURL(`${process.cwd()}/`));
  const plugins: ConnectorPlugin[] = [];
  for (const name of Object.keys(host.dependencies ?? {})) {
    const manifest = await readManifest(fromHost, name);
    if (manifest?.switchboard?.connector === true) plugins.push(await loadPlugin(fromHost, name));
  }
  for (const name of extraModules) plugins.push(await loadPlugin(fromCwd, name));
  return plugins;
}

async function readManifest(require: NodeRequire, name: string): Promise<PackageJson | undefined> {
  try {
    return JSON.parse(await readFile(require.resolve(`${name}/package.json`), 'utf8')) as PackageJson;
  } catch {
    return undefined; // packages that hide their package.json are not plugins
  }
}

async function loadPlugin(require: NodeRequire, name: string): Promise<ConnectorPlugin> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(require.resolve(name)).href)) as { default?: unknown };
  } catch (error) {
    throw new PluginLoadError(`connector plugin ${name} failed to load: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isConnectorPlugin(module.default)) {
    throw new PluginLoadError(`connector plugin ${name} has no default export made by defineConnector(...)`);
  }
  return module.default;
}
