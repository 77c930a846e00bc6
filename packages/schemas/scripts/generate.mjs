#!/usr/bin/env node
// Writes src/generated/connectors.ts from the connector plugins this package lists as dependencies
// (every one whose package.json says "switchboard": {"connector": true}) and the sdk: the sdk's
// connection test statuses, the connector type union,
// one TypeScript interface per config, and the catalog map type -> {type, aliases, displayName,
// description, docsUrl, secretFields, connectionTest, schema}. Plain data only: the generated module imports nothing
// at run time, so @switchboard/schemas needs neither the plugins nor the sdk once it is built.
// Runs before `tsc` on every build; src/generated/ is build output (git-ignored).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = join(packageDir, 'package.json');
const outputDir = join(packageDir, 'src', 'generated');
const outputFile = join(outputDir, 'connectors.ts');
// The host that loads plugins at boot: its connector list and ours must agree.
const hostManifestPath = join(packageDir, '..', '..', 'apps', 'api', 'package.json');

function fail(message) {
  console.error(`@switchboard/schemas generate: ${message}`);
  process.exit(1);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The names among `names` whose package.json flags a connector plugin, resolved from `manifest`. */
function connectorPackages(manifestFile, names) {
  const require = createRequire(manifestFile);
  const found = [];
  for (const name of names) {
    let manifest;
    try {
      manifest = readJson(require.resolve(`${name}/package.json`));
    } catch {
      continue; // hides its package.json: not a plugin
    }
    if (manifest?.switchboard?.connector === true) found.push({ name, require });
  }
  return found;
}

const manifest = readJson(manifestPath);
const ownNames = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
const packages = connectorPackages(manifestPath, ownNames);
if (packages.length === 0) fail('no connector plugin among the dependencies of packages/schemas');

let hostMissing = [];
try {
  const host = readJson(hostManifestPath);
  const hostConnectors = connectorPackages(hostManifestPath, Object.keys(host.dependencies ?? {}));
  hostMissing = hostConnectors.map((p) => p.name).filter((name) => !ownNames.includes(name));
} catch {
  // Outside the monorepo (a packed copy): nothing to compare with.
}
if (hostMissing.length > 0) {
  // A warning, not a failure: the consumer test turns the mismatch into a red test.
  console.warn(
    `@switchboard/schemas generate: apps/api loads ${hostMissing.join(', ')} but packages/schemas does not list ` +
      `${hostMissing.length === 1 ? 'it' : 'them'}: add "<name>": "workspace:*" to its devDependencies`,
  );
}

const sdkRequire = createRequire(manifestPath);
const { CONNECTION_TEST_STATUSES, catalogEntryOf, isConnectorPlugin } = await import(pathToFileURL(sdkRequire.resolve('@switchboard/sdk')).href);

const plugins = [];
for (const { name, require } of packages) {
  let module;
  try {
    module = await import(pathToFileURL(require.resolve(name)).href);
  } catch (error) {
    fail(`connector plugin ${name} failed to load (is it built?): ${String(error?.message ?? error).split('\n')[0]}`);
  }
  if (!isConnectorPlugin(module.default)) fail(`connector plugin ${name} has no default export made by defineConnector(...)`);
  plugins.push({ name, plugin: module.default });
}
plugins.sort((a, b) => (a.plugin.type < b.plugin.type ? -1 : a.plugin.type > b.plugin.type ? 1 : 0));

// --- checks: one owner per type and alias, one interface name per type ---
const owners = new Map();
const interfaceNames = new Map();
for (const { name, plugin } of plugins) {
  for (const key of [plugin.type, ...plugin.aliases]) {
    if (owners.has(key)) fail(`type or alias "${key}" is claimed by both ${owners.get(key)} and ${name}`);
    owners.set(key, name);
  }
  const interfaceName = configInterfaceName(plugin.type);
  if (interfaceNames.has(interfaceName)) fail(`types "${interfaceNames.get(interfaceName)}" and "${plugin.type}" both become ${interfaceName}`);
  interfaceNames.set(interfaceName, plugin.type);
}

function configInterfaceName(type) {
  return `${type
    .split('_')
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')}Config`;
}

// --- JSON Schema -> TypeScript (the subset the sdk emits: type, enum, items, properties, required) ---
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function propertyKey(key) {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

function docComment(lines, indent) {
  const text = lines.filter(Boolean).map((line) => line.replace(/\*\//g, '*\\/'));
  if (text.length === 0) return '';
  if (text.length === 1) return `${indent}/** ${text[0]} */\n`;
  return `${indent}/**\n${text.map((line) => `${indent} * ${line}`).join('\n')}\n${indent} */\n`;
}

function tsType(schema, indent) {
  if (!schema || typeof schema !== 'object') return 'unknown';
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.length === 0) return 'unknown';
  const parts = types.map((type) => {
    switch (type) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array': {
        const item = tsType(schema.items, indent);
        return /^[\w.]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
      }
      case 'object':
        return schema.properties ? objectType(schema, indent) : 'Record<string, unknown>';
      default:
        return 'unknown';
    }
  });
  return parts.join(' | ');
}

function objectType(schema, indent) {
  const inner = `${indent}  `;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  let body = '';
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const label = property.title && property.title !== key ? property.title : '';
    const doc = [label && property.description ? `${label}: ${property.description}` : label || property.description];
    if (property['x-secret']) doc.push(`Secret (redacted as \`${property['x-secret']}\`).`);
    if (property.default !== undefined) doc.push(`@default ${JSON.stringify(property.default)}`);
    body += docComment(doc, inner);
    body += `${inner}${propertyKey(key)}${required.has(key) ? '' : '?'}: ${tsType(property, inner)};\n`;
  }
  // Configs may carry fields the plugin does not declare (the runtime's many optional settings).
  if (schema.additionalProperties !== false) body += `${inner}[key: string]: unknown;\n`;
  return `{\n${body}${indent}}`;
}

// --- the module ---
const entries = plugins.map(({ plugin }) => catalogEntryOf(plugin));

let out = `// Generated by scripts/generate.mjs from the connector plugins; do not edit (rebuilt by \`pnpm build\`).
import type { ConnectorTypeInfo } from '../catalog.js';

/** How a connection test can end (the sdk's list). */
export const CONNECTION_TEST_STATUSES = ${JSON.stringify(CONNECTION_TEST_STATUSES)} as const;

/** Every connector type with a plugin, sorted. */
export const CONNECTOR_TYPES = ${JSON.stringify(entries.map((e) => e.type))} as const;

export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

/** Other names clients use -> the connector type they mean. */
export const CONNECTOR_ALIASES: Readonly<Record<string, ConnectorType>> = ${JSON.stringify(
  Object.fromEntries(entries.flatMap((e) => e.aliases.map((alias) => [alias, e.type]))),
  null,
  2,
)};
`;

for (const entry of entries) {
  out += `\n${docComment([`${entry.displayName} (\`${entry.type}\`): ${entry.description}`, entry.docsUrl ? `@see ${entry.docsUrl}` : ''], '')}`;
  out += `export interface ${configInterfaceName(entry.type)} ${objectType(entry.schema, '')}\n`;
}

out += `\n/** Connector type -> the TypeScript type of its config. */\nexport interface ConnectorConfigs {\n`;
for (const entry of entries) out += `  ${propertyKey(entry.type)}: ${configInterfaceName(entry.type)};\n`;
out += `}\n`;

out += `
/** Connector type -> its catalog entry: names, docs link, secret fields and the JSON Schema of its config. */
export const CONNECTOR_CATALOG: { readonly [T in ConnectorType]: ConnectorTypeInfo<T> } = ${JSON.stringify(
  Object.fromEntries(entries.map((e) => [e.type, e])),
  null,
  2,
)};
`;

mkdirSync(outputDir, { recursive: true });
let previous;
try {
  previous = readFileSync(outputFile, 'utf8');
} catch {
  previous = undefined;
}
// Unchanged output keeps its mtime, so tsc's and turbo's views of it stay stable.
if (previous !== out) writeFileSync(outputFile, out);
console.log(`@switchboard/schemas: ${entries.length} connector types -> src/generated/connectors.ts`);
