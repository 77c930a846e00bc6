import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConnectorPlugin } from '@switchboard/sdk';
import { docsLinkProblem, fieldDescriptionProblem } from '@switchboard/sdk/testing';
import * as prettier from 'prettier';
import ts from 'typescript';
import { loadEnv } from '../src/env.js';
import { discoverPlugins } from '../src/plugins.js';
import { createServer, type Server } from '../src/server.js';
import { call, realPlugins, removeDir, tempDir } from './support/test-server.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SDK = join(REPO, 'packages/sdk');

/** Compiles a generated package's sources the way its tsconfig would (decorators with metadata). */
async function compile(packageDir: string): Promise<void> {
  await mkdir(join(packageDir, 'dist'), { recursive: true });
  for (const file of await readdir(join(packageDir, 'src'))) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
    const source = await readFile(join(packageDir, 'src', file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ES2022,
        target: ts.ScriptTarget.ES2022,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        useDefineForClassFields: false,
      },
    });
    await writeFile(join(packageDir, 'dist', file.replace(/\.ts$/, '.js')), outputText);
  }
}

/**
 * ESLint as `pnpm lint` runs it (the repository's config), on a package outside the repository,
 * where the package is its own TypeScript project as it is to `tsc`. In a child process: the config
 * loads its plugins through Node's own module loader.
 */
function eslintProblems(pkg: string): string[] {
  const eslintApi = pathToFileURL(createRequire(join(REPO, 'package.json')).resolve('eslint')).href;
  const script = `
    import { ESLint } from ${JSON.stringify(eslintApi)};
    const [pkg, config] = process.argv.slice(1);
    const eslint = new ESLint({
      cwd: pkg,
      overrideConfigFile: config,
      overrideConfig: { files: ['**/*.ts'], languageOptions: { parserOptions: { project: false, projectService: true, tsconfigRootDir: pkg } } },
    });
    const results = await eslint.lintFiles(['src']);
    const problems = results.flatMap((r) => r.messages.map((m) => r.filePath.slice(pkg.length + 1) + ':' + m.line + ' ' + (m.ruleId ?? '') + ' ' + m.message));
    process.stdout.write(JSON.stringify(problems));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script, pkg, join(REPO, 'eslint.config.js')], { encoding: 'utf8' }),
  ) as string[];
}

async function link(target: string, at: string): Promise<void> {
  await mkdir(join(at, '..'), { recursive: true });
  await symlink(target, at, 'dir');
}

describe('pnpm new:connector: a generated package loads with no other edit', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let output: string;
  let generated: ConnectorPlugin;

  beforeAll(async () => {
    dir = await tempDir();
    const manifest = join(dir, 'api', 'package.json');
    await mkdir(join(dir, 'api'), { recursive: true });
    await writeFile(manifest, JSON.stringify({ name: 'host', dependencies: {} }));
    await mkdir(join(dir, 'schemas'), { recursive: true });
    await writeFile(join(dir, 'schemas', 'package.json'), JSON.stringify({ name: 'schemas', devDependencies: {} }));
    output = execFileSync(
      process.execPath,
      [
        join(REPO, 'scripts/new-connector.js'),
        'probe_desk',
        'Probe Desk',
        '--no-install',
        '--packages-dir',
        join(dir, 'packages'),
        '--api-manifest',
        manifest,
        '--schemas-manifest',
        join(dir, 'schemas', 'package.json'),
      ],
      { encoding: 'utf8' },
    );
    expect(output).toContain('created @switchboard/connector-probe-desk');

    // What `pnpm install` and `pnpm build` do for a workspace package, done by hand in the temp folder.
    const pkg = join(dir, 'packages', 'connector-probe-desk');
    await compile(pkg);
    await link(SDK, join(pkg, 'node_modules/@switchboard/sdk'));
    await link(await realpath(join(SDK, 'node_modules/class-validator')), join(pkg, 'node_modules/class-validator'));
    await link(pkg, join(dir, 'api/node_modules/@switchboard/connector-probe-desk'));

    const discovered = await discoverPlugins(pathToFileURL(manifest));
    expect(discovered.map((p) => p.type)).toEqual(['probe_desk']);
    generated = discovered[0]!;
    const env = loadEnv({ ELIZA_CONFIG_PATH: join(dir, 'milady.json'), PORT: '0', LOG_LEVEL: 'silent' });
    server = await createServer(env, { plugins: [...(await realPlugins()), ...discovered] });
    url = await server.listen();
  });

  afterAll(async () => {
    await server?.close();
    await removeDir(dir);
  });

  it('writes the package files and adds the dependency to the host', async () => {
    const manifest = JSON.parse(await readFile(join(dir, 'api', 'package.json'), 'utf8'));
    expect(manifest.dependencies).toEqual({ '@switchboard/connector-probe-desk': 'workspace:*' });
    const schemas = JSON.parse(await readFile(join(dir, 'schemas', 'package.json'), 'utf8'));
    expect(schemas.devDependencies).toEqual({ '@switchboard/connector-probe-desk': 'workspace:*' });
    const pkg = JSON.parse(await readFile(join(dir, 'packages/connector-probe-desk/package.json'), 'utf8'));
    expect(pkg.switchboard).toEqual({ connector: true });
    expect((await readdir(join(dir, 'packages/connector-probe-desk/src'))).sort()).toEqual(['connector.spec.ts', 'index.ts']);
  });

  it("lists every file it created or changed, where the description and docs link go, and the package's own test command", () => {
    const pkg = join(dir, 'packages', 'connector-probe-desk');
    for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src/index.ts', 'src/connector.spec.ts']) {
      expect(output).toContain(`  ${join(pkg, file)}\n`);
    }
    expect(output).toContain(`changed:\n  ${join(dir, 'api', 'package.json')}  (dependency`);
    expect(output).toContain(`  ${join(dir, 'schemas', 'package.json')}  (devDependency`);
    expect(output).toContain(`the config fields in ${join(pkg, 'src/index.ts')}: a @Field description each`);
    expect(output).toContain('description and docsUrl (shown in GET /api/connector-types), same file');
    expect(output).toContain('pnpm test:package @switchboard/connector-probe-desk');
  });

  it("writes files already in the repository's Prettier layout", async () => {
    const pkg = join(dir, 'packages', 'connector-probe-desk');
    const options = await prettier.resolveConfig(join(REPO, 'package.json'));
    expect(options).toMatchObject({ singleQuote: true });
    for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src/index.ts', 'src/connector.spec.ts']) {
      const path = join(pkg, file);
      expect({ file, formatted: await prettier.check(await readFile(path, 'utf8'), { ...options, filepath: path }) }).toEqual({ file, formatted: true });
    }
  });

  it('writes files ESLint passes under the repository config', async () => {
    // The package's tsconfig extends the workspace's, two folders up, as in the repository.
    for (const file of ['tsconfig.base.json', 'tsconfig.package.json']) await copyFile(join(REPO, file), join(dir, file));
    expect(eslintProblems(join(dir, 'packages', 'connector-probe-desk'))).toEqual([]);
  });

  it('leaves placeholders the contract test flags until a person fills them in', () => {
    expect(docsLinkProblem(generated.docsUrl)).toBe('still the generated placeholder');
    const properties = generated.jsonSchema().properties as Record<string, { description?: string }>;
    for (const field of ['apiKey', 'url']) expect(fieldDescriptionProblem(properties[field].description)).toBe('still the generated placeholder');
  });

  it('is listed in the catalog with its schema and secret field', async () => {
    const catalog = (await call(url, 'GET', '/api/connector-types')).json as {
      connectorTypes: { type: string; displayName: string; secretFields: unknown; schema: { properties: object } }[];
    };
    const entry = catalog.connectorTypes.find((t) => t.type === 'probe_desk');
    expect(entry).toMatchObject({ displayName: 'Probe Desk', secretFields: [{ field: 'apiKey', redact: 'full' }] });
    expect(Object.keys(entry!.schema.properties)).toEqual(['apiKey', 'url']);
  });

  it('validates and redacts through both surfaces', async () => {
    const bad = await call(url, 'POST', '/api/connectors', { json: { name: 'probe_desk', config: { url: 'not a url' } } });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: string }).error).toMatch(/url must be a URL address/);
    const good = await call(url, 'POST', '/ilert/api/connectors', {
      json: { name: 'desk', type: 'probe_desk', params: { apiKey: 'probe-secret-1', url: 'https://desk.example.com' } },
    });
    expect(good.status).toBe(201);
    expect((good.json as { params: object }).params).toEqual({ apiKey: '****', url: 'https://desk.example.com' });
  });
});
