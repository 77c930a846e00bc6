import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConnectorRegistry, ConnectorService, ElizaFileStore, PluginCatalog, PostgresStore, type StoreSnapshot } from '@switchboard/core';
import { MIGRATIONS } from '../../../packages/core/src/store/postgres/migrations.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../../../packages/core/src/store/postgres/test-database.test-utils.js';
import { runCli } from '../src/cli/run-cli.js';
import { expectRuntimeAcceptsFile } from './support/runtime-config-check.js';
import { removeDir, tempDir } from './support/test-server.js';

const SECRET = '123456:PLANTED-cli-telegram';
const CLI = fileURLToPath(new URL('../bin/switchboard.js', import.meta.url));

async function run(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(args, { env, out: (l) => out.push(l), err: (l) => err.push(l), plugins: async () => [] });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

async function snapshotOf(store: ElizaFileStore | PostgresStore): Promise<StoreSnapshot> {
  try {
    return await store.load((name) => name);
  } finally {
    await store.close();
  }
}

/** What a copy keeps: everything but the creation-order number, which the target assigns. */
const portable = (snapshot: StoreSnapshot) => ({
  records: snapshot.records.map(({ seq: _seq, ...rest }) => rest),
  reserved: snapshot.reserved,
});

describePostgres('switchboard copy and migrate', () => {
  let db: TestDatabase;
  let dir: string;
  let configPath: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await tempDir();
    configPath = join(dir, 'state', 'milady.json');
    env = { ELIZA_CONFIG_PATH: configPath, DATABASE_URL: db.url };

    // A config file as the service leaves it (metadata, an updated record, "defaults"), plus
    // other keys of the runtime and one entry written by hand.
    const registry = await ConnectorRegistry.open(new ElizaFileStore(configPath), new PluginCatalog([]));
    const service = new ConnectorService(registry);
    await service.putByName('telegram', { botToken: SECRET, allowFrom: ['alice'] });
    await service.putByName('discord', { token: 'PLANTED-cli-discord' });
    await service.putByName('telegram', { botToken: SECRET, allowFrom: ['alice', 'bob'] });
    await service.putByName('defaults', { dmPolicy: 'pairing' });
    await registry.close();
    const file = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, Record<string, unknown>>;
    file.connectors.slack = { botToken: 'xoxb-PLANTED-by-hand' };
    file.agents = { list: [{ id: 'main' }] };
    await writeFile(configPath, JSON.stringify(file, null, 2));
  });

  afterAll(async () => {
    await db?.drop();
    await removeDir(dir);
  });

  it('copies the config file into an empty database, every field unchanged', async () => {
    const result = await run(['copy', '--from', 'file', '--to', 'postgres'], env);
    expect(result).toMatchObject({ status: 0, err: '' });
    expect(result.out).toMatch(/^copied 3 connector\(s\) and 1 reserved entry\n {2}from Eliza config file .*milady\.json\n {2}to {3}PostgreSQL postgres:/);

    const fromFile = await snapshotOf(new ElizaFileStore(configPath));
    const inDatabase = await snapshotOf(new PostgresStore(db.url));
    expect(portable(inDatabase)).toEqual(portable(fromFile));
    expect(inDatabase.records.map((r) => r.name)).toEqual(['telegram', 'discord', 'slack']);
    expect(inDatabase.records.find((r) => r.name === 'telegram')).toMatchObject({ version: 2, config: { botToken: SECRET } });
  });

  it('refuses to overwrite a target that holds connectors, unless --replace', async () => {
    const refused = await run(['copy', '--from', `file:${configPath}`, '--to', `postgres:${db.url}`], env);
    expect(refused.status).toBe(1);
    expect(refused.err).toMatch(/already holds 3 connector\(s\) and 1 reserved entry; nothing was copied \(pass --replace to overwrite them\)$/);

    const replaced = await run(['copy', '--from', 'file', '--to', 'postgres', '--replace'], env);
    expect(replaced.status).toBe(0);
    expect(replaced.out).toContain('replaced what the target held: 3 connector(s), 1 reserved entry');
    expect((await db.query('SELECT count(*)::int AS n FROM connectors')).rows).toEqual([{ n: 3 }]);
  });

  it('copies the database back into a config file, and over an existing one with --replace', async () => {
    // Change the database through the registry, as a running instance would.
    const registry = await ConnectorRegistry.open(new PostgresStore(db.url), new PluginCatalog([]));
    const service = new ConnectorService(registry);
    await service.putByName('matrix', { accessToken: 'PLANTED-cli-matrix' });
    await service.removeByName('discord');
    await service.putByName('defaults', { dmPolicy: 'open' });
    await registry.close();
    const inDatabase = await snapshotOf(new PostgresStore(db.url));

    const freshPath = join(dir, 'copy', 'milady.json');
    const fresh = await run(['copy', '--from', 'postgres', '--to', `file:${freshPath}`], env);
    expect(fresh).toMatchObject({ status: 0, err: '' });
    expect(portable(await snapshotOf(new ElizaFileStore(freshPath)))).toEqual(portable(inDatabase));
    const written = JSON.parse(await readFile(freshPath, 'utf8')) as { connectors: Record<string, unknown> };
    // The runtime reads the plain map: name -> config, secrets as they were.
    expect(written.connectors).toEqual({
      defaults: { dmPolicy: 'open' },
      telegram: { botToken: SECRET, allowFrom: ['alice', 'bob'] },
      slack: { botToken: 'xoxb-PLANTED-by-hand' },
      matrix: { accessToken: 'PLANTED-cli-matrix' },
    });

    expect((await run(['copy', '--from', 'postgres', '--to', 'file'], env)).status).toBe(1);
    const replaced = await run(['copy', '--from', 'postgres', '--to', 'file', '--replace'], env);
    expect(replaced.status).toBe(0);
    expect(portable(await snapshotOf(new ElizaFileStore(configPath)))).toEqual(portable(inDatabase));
    // Keys of the file that are not Switchboard's survive.
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toMatchObject({ agents: { list: [{ id: 'main' }] } });
  });

  it('runs the migrations alone, and says so when there is nothing to do', async () => {
    const fresh = await createTestDatabase();
    try {
      const first = await run(['migrate', '--database', fresh.url], {});
      expect(first).toMatchObject({ status: 0, err: '' });
      const versions = MIGRATIONS.map((m) => m.version);
      const latest = versions.at(-1);
      expect(first.out).toMatch(new RegExp(`^applied migration\\(s\\) ${versions.join(', ')} to PostgreSQL postgres://.*; schema version ${latest}$`));
      const again = await run(['migrate'], { DATABASE_URL: fresh.url });
      expect(again.out).toMatch(new RegExp(`is up to date \\(schema version ${latest}\\)$`));
    } finally {
      await fresh.drop();
    }
  });

  it('answers wrong usage with status 2 and the usage text, and never prints a password', async () => {
    for (const args of [
      [],
      ['copy', '--from', 'file'],
      ['copy', '--from', 'file', '--to', 'ftp:x'],
      ['copy', '--from', 'postgres', '--to', 'postgres'],
      ['copy', '--bogus'],
      ['frobnicate'],
    ]) {
      const result = await run(args, env);
      expect(result.status).toBe(2);
      expect(result.err).toContain('usage:');
    }
    expect((await run(['copy', '--from', 'postgres', '--to', 'file'], { ELIZA_CONFIG_PATH: configPath })).err).toMatch(/--from postgres needs DATABASE_URL/);

    const withPassword = new URL(db.url);
    withPassword.password = 'PLANTED-cli-password';
    withPassword.pathname = '/sb_test_missing_database';
    const failed = await run(['migrate', '--database', withPassword.toString()], {});
    expect(failed.status).toBe(1);
    expect(failed.err).toMatch(/^switchboard: cannot use PostgreSQL at postgres:\/\/postgres:\*\*\*\*@.*database "sb_test_missing_database" does not exist$/);
    expect(failed.err).not.toContain('PLANTED-cli-password');
  });

  it('works as the installed command (bin/switchboard.js, real plugin discovery)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'copy', '--from', 'postgres', '--to', `file:${join(dir, 'bin', 'milady.json')}`], {
      env: { ...process.env, ...env },
    });
    expect(stdout).toMatch(/^copied 3 connector\(s\) and 1 reserved entry/);
    const failed = await promisify(execFile)(process.execPath, [CLI, 'copy'], { env: { ...process.env, ...env } }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('copy needs --from and --to') });
  });
});

describe('switchboard restore-backup', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  it('migrates a backup that still has the old "switchboard" key, as a start does: the restored file is valid for the runtime, ids kept', async () => {
    const configPath = join(dir, 'milady.json');
    const legacy = {
      agents: { list: [{ id: 'main' }] },
      connectors: { telegram: { botToken: SECRET }, discord: { token: 'PLANTED-cli-discord' } },
      switchboard: {
        format: 1,
        connectors: {
          telegram: {
            id: '11111111-1111-4111-8111-111111111111',
            type: 'telegram',
            createdAt: '2025-01-01T00:00:00.000Z',
            updatedAt: '2025-01-02T00:00:00.000Z',
            version: 3,
            seq: 1,
          },
          discord: {
            id: '22222222-2222-4222-8222-222222222222',
            type: 'discord',
            createdAt: '2025-01-03T00:00:00.000Z',
            updatedAt: '2025-01-03T00:00:00.000Z',
            version: 1,
            seq: 2,
          },
        },
      },
    };
    await writeFile(configPath, JSON.stringify(legacy), { mode: 0o600 });
    // The first start migrates: the file loses the key, its .bak keeps it. Then the file is damaged.
    await snapshotOf(new ElizaFileStore(configPath));
    expect(JSON.parse(await readFile(`${configPath}.bak`, 'utf8'))).toEqual(legacy);
    await writeFile(configPath, '{"connectors": {"telegram": ');

    const result = await run(['restore-backup', '--file', configPath], {});
    expect(result).toMatchObject({ status: 0, err: '' });
    expect(result.out).toMatch(new RegExp(`^restored ${configPath} from ${configPath}\\.bak; the file it replaced is kept as ${configPath}\\.damaged-.*\n`));
    expect(result.out).toContain(`moved Switchboard's metadata of 2 connector(s) out of ${configPath} into ${configPath}.switchboard.json`);

    const { switchboard: _metadata, ...forTheRuntime } = legacy;
    expect(await expectRuntimeAcceptsFile(configPath)).toEqual(forTheRuntime);
    const metadata = JSON.parse(await readFile(`${configPath}.switchboard.json`, 'utf8'));
    expect(metadata.connectors.telegram).toMatchObject(legacy.switchboard.connectors.telegram);
    expect(metadata.connectors.discord).toMatchObject(legacy.switchboard.connectors.discord);
    expect((await snapshotOf(new ElizaFileStore(configPath))).records.map((r) => [r.id, r.name, r.version])).toEqual([
      ['11111111-1111-4111-8111-111111111111', 'telegram', 3],
      ['22222222-2222-4222-8222-222222222222', 'discord', 1],
    ]);
    // The backup is still the last good copy.
    expect(JSON.parse(await readFile(`${configPath}.bak`, 'utf8'))).toEqual(legacy);
  });
});
