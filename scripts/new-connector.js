#!/usr/bin/env node
// Scaffolds packages/connector-<type>: a working plugin in one file (DTO with one secret field, TODO
// descriptions and docs link the contract test flags until filled in) and its contract test,
// and adds it to apps/api's dependencies so discovery loads it (and to @switchboard/schemas'), then
// prints every file it created or changed and what to fill in. Usage: pnpm new:connector <type> ["Display Name"]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'no-install': { type: 'boolean', default: false },
    // Both for tests, which generate into a temporary folder instead of the workspace.
    'packages-dir': { type: 'string', default: join(root, 'packages') },
    'api-manifest': { type: 'string', default: join(root, 'apps/api/package.json') },
    'schemas-manifest': { type: 'string', default: join(root, 'packages/schemas/package.json') },
  },
});
const [type, displayNameArg] = positionals;

if (!type || !/^[a-z][a-z0-9_]{0,63}$/.test(type)) {
  console.error('usage: pnpm new:connector <type> ["Display Name"] [--no-install]   (type: lowercase letters, digits, _; e.g. pagerduty)');
  process.exit(2);
}
const words = type.split('_');
const className = `${words.map((w) => w[0].toUpperCase() + w.slice(1)).join('')}Config`;
const displayName = displayNameArg ?? words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
const packageName = `@switchboard/connector-${type.replace(/_/g, '-')}`;
const dir = join(resolve(options['packages-dir']), `connector-${type.replace(/_/g, '-')}`);
if (existsSync(dir)) {
  console.error(`${dir} already exists`);
  process.exit(1);
}

const files = {
  'package.json': `${JSON.stringify(
    {
      name: packageName,
      version: '0.1.0',
      description: `Switchboard connector plugin: ${displayName}`,
      type: 'module',
      main: './dist/index.js',
      types: './dist/index.d.ts',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
      files: ['dist'],
      switchboard: { connector: true },
      scripts: {
        build: 'tsc -p tsconfig.build.json',
        lint: 'tsc -p tsconfig.json --noEmit',
        test: 'node --experimental-vm-modules ../../node_modules/jest/bin/jest.js -c ../../jest.config.base.js --rootDir .',
      },
      dependencies: { '@switchboard/sdk': 'workspace:*', 'class-validator': '^0.15.1' },
      devDependencies: { '@jest/globals': '^30.2.0' },
    },
    null,
    2,
  )}\n`,
  'tsconfig.json': '{ "extends": "../../tsconfig.package.json" }\n',
  'tsconfig.build.json': '{ "extends": "../../tsconfig.package.build.json" }\n',
  // One file that reads like a declaration: the config DTO, then the plugin. The TODO texts are
  // placeholders the contract test (pnpm test:package) refuses until they are filled in.
  'src/index.ts': `import { defineConnector, Field, Secret } from '@switchboard/sdk';
import { IsOptional, IsString, IsUrl } from 'class-validator';

/** The ${displayName} connector's configuration. Replace these sample fields with the platform's real ones. */
export class ${className} {
  // description: what the value is and where a person gets it, e.g. 'API key from ${displayName}: Settings > API keys'.
  // docsUrl (optional): the platform's page on this one value, when it has its own.
  @Field({ description: 'TODO: API key of the ${displayName} account, and where to create one' })
  @Secret({ redact: 'full' })
  @IsString()
  apiKey?: string;

  @Field({ description: 'TODO: Base URL of the ${displayName} instance, and where to find it', examples: ['https://${type.replace(/_/g, '-')}.example.com'] })
  @IsOptional()
  @IsUrl({ require_tld: false })
  url?: string;
}

export default defineConnector({
  type: '${type}',
  displayName: '${displayName}',
  // One line on what it connects: the catalog (GET /api/connector-types) and UIs show it under the name.
  description: 'Connects ${displayName}.',
  // The platform's page on creating the credentials; the catalog links to it.
  docsUrl: 'https://example.com/TODO-the-platform-page-on-getting-credentials',
  config: ${className},
  // If the platform has a cheap "who am I" call, declare it so the API can test the credentials
  // (README, Connection tests), e.g.:
  // test: { origin: 'https://api.example.com', path: '/me', headers: { Authorization: 'Bearer {apiKey}' }, identity: { path: 'name' } },
});
`,
  'src/connector.spec.ts': `import { describeConnectorContract } from '@switchboard/sdk/testing';
import plugin from './index.js';

describeConnectorContract(plugin, {
  valid: [{ apiKey: 'sample-api-key-0001', url: 'https://example.com' }],
  invalid: [{ config: { url: 'not a url' }, field: 'url' }],
  masks: { apiKey: '****' },
});
`,
};

for (const [file, content] of Object.entries(files)) {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), content);
}

/** Adds the new package to a manifest's dependency map, keeping it sorted; false for a manifest that does not exist. */
function addDependency(manifestPath, field) {
  if (!existsSync(manifestPath)) return false;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest[field] = Object.fromEntries(Object.entries({ ...manifest[field], [packageName]: 'workspace:*' }).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return true;
}

/** A path as the user reads it: relative to the workspace when inside it. */
const shown = (path) => (path.startsWith(`${root}/`) ? relative(root, path) : path);
/** Every file this run changed, with why, for the summary. */
const changed = [];

// The host loads it; the shared schemas package publishes its JSON Schema.
const apiManifestPath = resolve(options['api-manifest']);
const schemasManifestPath = resolve(options['schemas-manifest']);
if (addDependency(apiManifestPath, 'dependencies')) changed.push(`${shown(apiManifestPath)}  (dependency: the API loads the plugin at boot)`);
if (addDependency(schemasManifestPath, 'devDependencies'))
  changed.push(`${shown(schemasManifestPath)}  (devDependency: @switchboard/schemas publishes its JSON Schema)`);

if (!options['no-install']) {
  const lockfile = join(root, 'pnpm-lock.yaml');
  const before = existsSync(lockfile) ? readFileSync(lockfile, 'utf8') : undefined;
  execFileSync('pnpm', ['install', '--prefer-offline'], { cwd: root, stdio: 'inherit' });
  if (existsSync(lockfile) && readFileSync(lockfile, 'utf8') !== before) changed.push(`${shown(lockfile)}  (pnpm install linked the new package)`);
}

console.log(`created ${packageName}:`);
for (const file of Object.keys(files)) console.log(`  ${shown(join(dir, file))}`);
console.log('changed:');
for (const line of changed) console.log(`  ${line}`);
console.log(`next:
  1. the config fields in ${shown(join(dir, 'src/index.ts'))}: a @Field description each saying where to get the value, @Secret on credentials
  2. description and docsUrl (shown in GET /api/connector-types), same file; the contract test flags every TODO left
  3. valid and invalid samples for the contract test: ${shown(join(dir, 'src/connector.spec.ts'))}
  4. its own tests (builds what it needs first): pnpm test:package ${packageName}
  5. pnpm build: the API loads it at its next start`);
