import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreUnavailableError } from '../../errors.js';
import { ConnectorRegistry } from '../../registry/connector-registry.js';
import { PluginCatalog } from '../../registry/plugin-catalog.js';
import { ConfigFileUnavailableError, ElizaFileStore, type ElizaFileStoreOptions } from './eliza-file-store.js';
import { metadataFilePath } from './metadata-file.js';
import { restoreBackup } from './restore-backup.js';
import { rotateEncryptionKey } from './rotate-key.js';
import { isSealed, SecretCipher, SecretKeyRing } from '../sealing/secret-cipher.js';

const untilTrue = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
};

function put(registry: ConnectorRegistry, name: string, config: Record<string, unknown>): Promise<void> {
  return registry.write((tx) => {
    const existing = tx.byName(name);
    if (existing) tx.put(Object.freeze({ ...existing, config, updatedAt: tx.now, version: existing.version + 1 }));
    else tx.put(Object.freeze({ id: randomUUID(), type: name, name, config, createdAt: tx.now, updatedAt: tx.now, version: 1, seq: tx.nextSeq() }));
  });
}

/** A pid that surely runs nothing: a child that has exited (and been reaped). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

describe('ElizaFileStore', () => {
  let dir: string;
  let path: string;
  let logs: string[];
  const open: (ConnectorRegistry | ElizaFileStore)[] = [];
  const options = (extra: ElizaFileStoreOptions = {}): ElizaFileStoreOptions => ({
    log: { info: (m) => logs.push(`info: ${m}`), warn: (m) => logs.push(`warn: ${m}`) },
    watch: { debounceMs: 10, pollMs: 100 },
    ...extra,
  });
  const openRegistry = async (extra: ElizaFileStoreOptions = {}) => {
    const registry = await ConnectorRegistry.open(new ElizaFileStore(path, options(extra)), new PluginCatalog([]));
    open.push(registry);
    return registry;
  };
  const fileJson = async () => JSON.parse(await readFile(path, 'utf8')) as Record<string, any>;
  const metadataJson = async () => JSON.parse(await readFile(metadataFilePath(path), 'utf8')) as Record<string, any>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-file-store-'));
    path = join(dir, 'milady.json');
    logs = [];
  });
  afterEach(async () => {
    for (const item of open.splice(0)) await item.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('the lock', () => {
    it('keeps a second store off the file while the first holds it, and is released at close', async () => {
      const first = await openRegistry();
      const lock = JSON.parse(await readFile(`${path}.lock`, 'utf8'));
      expect(lock).toEqual({ pid: process.pid, hostname: hostname(), startedAt: expect.any(String) });
      expect((await stat(`${path}.lock`)).mode & 0o777).toBe(0o600);

      const second = new ElizaFileStore(path);
      const refusal = await second.load((n) => n).catch((e: Error) => e);
      expect(refusal).toBeInstanceOf(StoreUnavailableError);
      expect((refusal as Error).message).toBe(
        `${path} is in use by another Switchboard (pid ${process.pid} on ${hostname()}, since ${lock.startedAt}; lock ${path}.lock): stop it first, or delete the lock file if no Switchboard runs as that pid`,
      );

      await first.close();
      open.splice(0);
      await expect(stat(`${path}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
      await second.load((n) => n);
      open.push(second);
    });

    it('takes over a stale lock (its process is gone), saying so', async () => {
      const pid = deadPid();
      await writeFile(`${path}.lock`, JSON.stringify({ pid, hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z' }));
      await openRegistry();
      expect(logs).toContainEqual(`warn: took over the stale lock ${path}.lock left by pid ${pid} (started 2020-01-01T00:00:00.000Z), which no longer runs`);
      expect(JSON.parse(await readFile(`${path}.lock`, 'utf8')).pid).toBe(process.pid);
    });

    it('treats a lock from another host as held (it cannot be checked from here)', async () => {
      await writeFile(`${path}.lock`, JSON.stringify({ pid: 1234, hostname: 'elsewhere', startedAt: 'x' }));
      await expect(new ElizaFileStore(path).load((n) => n)).rejects.toThrow(/in use by another Switchboard \(pid 1234 on elsewhere/);
    });
  });

  describe('outside edits', () => {
    it('lays a write over the file as it is now: outside connectors and keys survive, and the registry learns them', async () => {
      const registry = await openRegistry();
      await put(registry, 'kept', { apiKey: 'k1' });
      await put(registry, 'edited', { apiKey: 'e1' });

      const file = await fileJson();
      file.connectors.outside = { botToken: 'o1' };
      file.connectors.edited = { apiKey: 'e2-outside' };
      file.agents = { list: [{ id: 'main' }] };
      await writeFile(path, JSON.stringify(file));

      await put(registry, 'api', { apiKey: 'a1' });
      const after = await fileJson();
      expect(after.connectors).toEqual({ kept: { apiKey: 'k1' }, edited: { apiKey: 'e2-outside' }, outside: { botToken: 'o1' }, api: { apiKey: 'a1' } });
      expect(after.agents).toEqual({ list: [{ id: 'main' }] });
      expect(after.switchboard).toBeUndefined();
      expect(Object.keys((await metadataJson()).connectors).sort()).toEqual(['api', 'edited', 'kept', 'outside']);
      expect(registry.getByName('outside')?.config).toEqual({ botToken: 'o1' });
      expect(registry.getByName('edited')).toMatchObject({ config: { apiKey: 'e2-outside' }, version: 2 });
      expect(registry.list().map((r) => r.name)).toEqual(['kept', 'edited', 'api', 'outside']);
    });

    it('when both sides changed one connector, the API write wins and the outside version is logged by field names only', async () => {
      const registry = await openRegistry();
      await put(registry, 'both', { apiKey: 'api-1' });
      const file = await fileJson();
      file.connectors.both = { apiKey: 'OUTSIDE-SECRET', extra: true };
      await writeFile(path, JSON.stringify(file));

      await put(registry, 'both', { apiKey: 'api-2' });
      expect((await fileJson()).connectors.both).toEqual({ apiKey: 'api-2' });
      expect(registry.getByName('both')?.config).toEqual({ apiKey: 'api-2' });
      const warning = logs.find((l) => l.includes('connector "both" was changed'));
      expect(warning).toContain('the API write wins. The outside version had the fields: apiKey, extra');
      expect(logs.join('\n')).not.toContain('OUTSIDE-SECRET');
    });

    it('notices an in-place rewrite of the same size right after its own write', async () => {
      const registry = await openRegistry();
      await put(registry, 'a', { label: 'x' });
      const text = await readFile(path, 'utf8');
      const file = JSON.parse(text);
      file.connectors.a = { label: 'y' };
      // Same length, same inode: only the content (or a lucky mtime) tells.
      await writeFile(path, JSON.stringify(file, null, 2) + '\n', { flag: 'r+' });
      expect((await readFile(path, 'utf8')).length).toBe(text.length);
      await put(registry, 'b', { label: 'z' });
      expect((await fileJson()).connectors).toEqual({ a: { label: 'y' }, b: { label: 'z' } });
    });

    it('re-bases a batch computed before the registry heard of an outside edit (no duplicate name)', async () => {
      const registry = await openRegistry();
      await put(registry, 'a', { label: 'x' });
      const file = await fileJson();
      file.connectors.dup = { label: 'outside' };
      await writeFile(path, JSON.stringify(file));
      const store = registry.store as unknown as { queueRefresh(): void };
      // The batch is computed (no "dup" yet) and only then the watcher's look at the file runs and
      // tells the registry of the outside "dup"; the commit that follows must not add a second one.
      await registry.write((tx) => {
        store.queueRefresh();
        tx.put(
          Object.freeze({
            id: randomUUID(),
            type: 'dup',
            name: 'dup',
            config: { label: 'api' },
            createdAt: tx.now,
            updatedAt: tx.now,
            version: 1,
            seq: tx.nextSeq(),
          }),
        );
      });
      expect(registry.list().map((r) => [r.name, r.config])).toEqual([
        ['a', { label: 'x' }],
        ['dup', { label: 'api' }],
      ]);
      expect((await fileJson()).connectors).toEqual({ a: { label: 'x' }, dup: { label: 'api' } });
      expect(logs.some((l) => l.includes('connector "dup" was changed'))).toBe(true);
    });

    it('brings outside edits to readers without a write', async () => {
      const registry = await openRegistry();
      await put(registry, 'a', { label: 'x' });
      const revision = registry.revision;
      const file = await fileJson();
      file.connectors.b = { label: 'from outside' };
      delete file.connectors.a;
      file.connectors.defaults = { dmPolicy: 'pairing' };
      await writeFile(path, JSON.stringify(file));
      await untilTrue(() => registry.getByName('b') !== undefined, 'the outside edit to show');
      expect(registry.getByName('a')).toBeUndefined();
      expect(registry.reservedEntries().get('defaults')).toEqual({ dmPolicy: 'pairing' });
      expect(registry.revision).toBeGreaterThan(revision);
      expect(logs).toContainEqual(`info: ${path} was changed outside Switchboard: now serving its 1 connector(s)`);
    });

    it('refuses to write over a file that no longer parses (503), leaves it and memory as they are, and resumes once fixed', async () => {
      const registry = await openRegistry();
      await put(registry, 'a', { label: 'x' });
      await writeFile(path, '{ "connectors": { "a": ');
      const refusal = await put(registry, 'b', { label: 'y' }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(ConfigFileUnavailableError);
      expect(refusal).toMatchObject({ status: 503 });
      expect(await readFile(path, 'utf8')).toBe('{ "connectors": { "a": ');
      expect(registry.getByName('b')).toBeUndefined();
      expect(registry.getByName('a')).toBeDefined();
      expect(logs.some((l) => l.startsWith(`warn: ${path} is not valid JSON5`) && l.includes('writes are refused until it is fixed'))).toBe(true);

      await writeFile(path, JSON.stringify({ connectors: { a: { label: 'fixed' } } }));
      await put(registry, 'b', { label: 'y' });
      expect((await fileJson()).connectors).toEqual({ a: { label: 'fixed' }, b: { label: 'y' } });
    });

    it('recreates a file deleted outside from what it holds', async () => {
      const registry = await openRegistry();
      await put(registry, 'a', { label: 'x' });
      await rm(path);
      await put(registry, 'b', { label: 'y' });
      expect((await fileJson()).connectors).toEqual({ a: { label: 'x' }, b: { label: 'y' } });
      expect(logs.some((l) => l.includes('was deleted outside Switchboard'))).toBe(true);
    });
  });

  describe('the last good copy', () => {
    it('keeps the replaced content as <file>.bak, mode 0600, also when the file itself is readable by others', async () => {
      await writeFile(path, JSON.stringify({ agents: { a: 1 } }), { mode: 0o644 });
      await chmod(path, 0o644);
      const registry = await openRegistry();
      await put(registry, 'a', { label: 'x' });
      expect(JSON.parse(await readFile(`${path}.bak`, 'utf8'))).toEqual({ agents: { a: 1 } });
      expect((await stat(`${path}.bak`)).mode & 0o777).toBe(0o600);
      const first = await readFile(path, 'utf8');
      await put(registry, 'b', { label: 'y' });
      expect(await readFile(`${path}.bak`, 'utf8')).toBe(first);
      expect((await stat(`${path}.bak`)).mode & 0o777).toBe(0o600);
    });

    it('does not boot on a damaged file with a good backup: names both and how to recover; restore-backup puts it back', async () => {
      const registry = await openRegistry();
      await put(registry, 'a', { label: 'x' });
      await put(registry, 'b', { label: 'y' });
      await registry.close();
      open.splice(0);
      const good = await readFile(`${path}.bak`, 'utf8');
      await writeFile(path, '{"connectors": {"a": {"lab');

      const refusal = (await new ElizaFileStore(path).load((n) => n).catch((e: Error) => e)) as Error;
      expect(refusal.message).toMatch(
        new RegExp(
          `^${path} is not valid JSON5 \\(.*\\); it was left untouched\\. The last good copy is ${path}\\.bak \\(saved .*\\): check it, then run "switchboard restore-backup" \\(or copy it over ${path}\\), or fix the file$`,
        ),
      );
      expect(await readFile(path, 'utf8')).toBe('{"connectors": {"a": {"lab');

      const result = await restoreBackup(path);
      expect(await readFile(path, 'utf8')).toBe(good);
      expect(await readFile(result.keptAs!, 'utf8')).toBe('{"connectors": {"a": {"lab');
      expect(await readFile(`${path}.bak`, 'utf8')).toBe(good);
      const registryAgain = await openRegistry();
      expect(registryAgain.getByName('a')?.config).toEqual({ label: 'x' });
    });

    it('counts an empty file with a good backup as damaged (a torn in-place write), an empty file alone as empty', async () => {
      await writeFile(path, '');
      const fresh = await openRegistry();
      expect(fresh.size).toBe(0);
      await put(fresh, 'a', { label: 'x' });
      await put(fresh, 'b', { label: 'y' });
      await fresh.close();
      open.splice(0);
      await writeFile(path, '');
      await expect(new ElizaFileStore(path).load((n) => n)).rejects.toThrow(
        new RegExp(`^${path} is empty; it was left untouched\\. The last good copy is ${path}\\.bak`),
      );
    });

    it('removes temp files an interrupted write left behind, of the file and of every file written atomically beside it, and nothing else', async () => {
      await writeFile(join(dir, '.milady.json.4242.7.tmp'), '{"half":');
      for (const companion of ['milady.json.bak', 'milady.json.switchboard.json', 'milady.tests.json', 'milady.revisions.jsonl', 'milady.revisions.key']) {
        await writeFile(join(dir, `.${companion}.4242.8.tmp`), '{"half":');
      }
      await writeFile(join(dir, '.milady.json.bak.tmp'), 'not ours');
      await writeFile(join(dir, '.milady.audit.jsonl.4242.7.tmp'), 'appended to, never written so');
      await writeFile(join(dir, '.other.json.4242.7.tmp'), 'another file');
      await openRegistry();
      expect((await readdir(dir)).sort()).toEqual(['.milady.audit.jsonl.4242.7.tmp', '.milady.json.bak.tmp', '.other.json.4242.7.tmp', 'milady.json.lock']);
      expect(logs).toContainEqual(`info: removed 6 temp file(s) an interrupted write left beside ${path}`);
    });
  });

  describe('encryption at rest', () => {
    const key = () => new SecretKeyRing(SecretCipher.fromBase64(randomBytes(32).toString('base64')));

    it('stores secret values sealed and serves them opened; the file holds no plaintext secret', async () => {
      const keys = key();
      const registry = await openRegistry({ keys });
      await put(registry, 'tg', { botToken: '123:PLAIN-SECRET', label: 'ops', accounts: { a: { password: 'PW-SECRET' } } });
      const stored = (await fileJson()).connectors.tg;
      expect(isSealed(stored.botToken)).toBe(true);
      expect(isSealed(stored.accounts.a.password)).toBe(true);
      expect(stored.label).toBe('ops');
      expect(await readFile(path, 'utf8')).not.toMatch(/PLAIN-SECRET|PW-SECRET/);
      await registry.close();
      open.splice(0);

      const again = await openRegistry({ keys });
      expect(again.getByName('tg')?.config).toEqual({ botToken: '123:PLAIN-SECRET', label: 'ops', accounts: { a: { password: 'PW-SECRET' } } });
      await again.close();
      open.splice(0);

      await expect(new ElizaFileStore(path).load((n) => n)).rejects.toThrow(
        `${path}: connector "tg": it holds values encrypted with key ${keys.sealing!.keyId} but SWITCHBOARD_ENCRYPTION_KEY is not set; it was left untouched`,
      );
      await expect(new ElizaFileStore(path, { keys: key() }).load((n) => n)).rejects.toThrow(/which is not the configured key/);
    });

    it('seals the clear secrets an existing file holds at the next write, untouched connectors included', async () => {
      await writeFile(path, JSON.stringify({ connectors: { old: { token: 'OLD-CLEAR' } } }));
      const registry = await openRegistry({ keys: key() });
      await put(registry, 'new', { label: 'x' });
      const connectors = (await fileJson()).connectors;
      expect(isSealed(connectors.old.token)).toBe(true);
      expect(registry.getByName('old')?.config).toEqual({ token: 'OLD-CLEAR' });
    });

    it('rotates to a new key, leaving nothing under the old one (the .bak included)', async () => {
      const oldKeys = key();
      const registry = await openRegistry({ keys: oldKeys });
      await put(registry, 'tg', { botToken: '1:SECRET' });
      await registry.close();
      open.splice(0);

      const newKeys = key();
      const rotated = await rotateEncryptionKey(path, {
        keys: new SecretKeyRing(newKeys.sealing, [oldKeys.sealing!]),
        secretsFor: () => new Map(),
        resolveType: (n) => n,
      });
      expect(rotated.connectors).toBe(1);
      for (const file of [path, `${path}.bak`]) {
        const text = await readFile(file, 'utf8');
        expect(text).toContain(`enc:v2:${newKeys.sealing!.keyId}:`);
        expect(text).not.toContain(`enc:v2:${oldKeys.sealing!.keyId}:`);
      }
      const again = await openRegistry({ keys: newKeys });
      expect(again.getByName('tg')?.config).toEqual({ botToken: '1:SECRET' });
    });
  });

  describe('the metadata file beside the config file', () => {
    const legacyFile = {
      agents: { list: [{ id: 'main' }] },
      connectors: { telegram: { botToken: '1:a' }, discord: { token: 'd' } },
      switchboard: {
        format: 1,
        connectors: {
          telegram: { id: 'id-telegram', type: 'telegram', createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-02-01T00:00:00.000Z', version: 3, seq: 1 },
          discord: { id: 'id-discord', type: 'discord', createdAt: '2024-01-02T00:00:00.000Z', updatedAt: '2024-01-02T00:00:00.000Z', version: 1, seq: 2 },
        },
      },
    };

    it('moves the metadata of an older file out of it at load: ids, versions and timestamps kept, the old file as .bak', async () => {
      await writeFile(path, JSON.stringify(legacyFile));
      const registry = await openRegistry();
      expect(registry.getByName('telegram')).toMatchObject({ id: 'id-telegram', version: 3, createdAt: '2024-01-01T00:00:00.000Z', seq: 1 });
      expect(registry.getByName('discord')).toMatchObject({ id: 'id-discord', version: 1, seq: 2 });
      const file = await fileJson();
      expect(Object.keys(file)).toEqual(['agents', 'connectors']);
      expect(file.connectors).toEqual(legacyFile.connectors);
      const metadata = await metadataJson();
      expect(metadata.format).toBe(2);
      expect(metadata.connectors.telegram).toMatchObject({ id: 'id-telegram', type: 'telegram', version: 3, seq: 1, sha256: expect.any(String) });
      expect((await stat(metadataFilePath(path))).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(`${path}.bak`, 'utf8'))).toEqual(legacyFile);
      expect(logs).toContainEqual(`info: moved Switchboard's metadata of 2 connector(s) out of ${path} into ${metadataFilePath(path)}`);

      // And the next start reads them from the metadata file.
      for (const item of open.splice(0)) await item.close();
      const again = await openRegistry();
      expect(again.getByName('telegram')).toMatchObject({ id: 'id-telegram', version: 3 });
    });

    it('reconciles after a crash between the two writes, or edits while stopped: config file wins, ids follow names or content', async () => {
      const registry = await openRegistry();
      await put(registry, 'kept', { apiKey: 'k1' });
      await put(registry, 'edited', { apiKey: 'e1' });
      await put(registry, 'renamed', { apiKey: 'r1', more: [1, 2] });
      await put(registry, 'vanished', { apiKey: 'v1' });
      const before = new Map(registry.list().map((r) => [r.name, r]));
      for (const item of open.splice(0)) await item.close();

      // The config file moved on; the metadata file still describes the state before.
      const file = await fileJson();
      file.connectors.edited = { apiKey: 'e2' };
      file.connectors.later = file.connectors.renamed;
      delete file.connectors.renamed;
      delete file.connectors.vanished;
      file.connectors.fresh = { apiKey: 'f1' };
      await writeFile(path, JSON.stringify(file));

      const after = await openRegistry();
      expect(after.getByName('kept')).toMatchObject({ id: before.get('kept')!.id, version: 1 });
      expect(after.getByName('edited')).toMatchObject({ id: before.get('edited')!.id, version: 2, config: { apiKey: 'e2' } });
      expect(after.getByName('later')).toMatchObject({ id: before.get('renamed')!.id });
      expect(after.getByName('fresh')?.id).toEqual(expect.any(String));
      expect(after.list().map((r) => r.id)).not.toContain(before.get('vanished')!.id);
      // The metadata file now describes the config file again.
      expect(Object.keys((await metadataJson()).connectors).sort()).toEqual(['edited', 'fresh', 'kept', 'later']);
    });

    it('refuses to start on a damaged metadata file instead of giving every connector a new id', async () => {
      await writeFile(path, JSON.stringify({ connectors: { telegram: { botToken: '1:a' } } }));
      await writeFile(metadataFilePath(path), '{ not json');
      await expect(new ElizaFileStore(path).load((n) => n)).rejects.toThrow(
        new RegExp(`^${metadataFilePath(path)} is not valid JSON \\(.*\\); fix it, or delete it to give every connector a new id; it was left untouched$`),
      );
    });
  });

  describe('$include', () => {
    it('serves connectors from included files (top level and inside connectors, nested, in a subfolder), never writes them, refuses to change them', async () => {
      await mkdir(join(dir, 'conf', 'deeper'), { recursive: true });
      await writeFile(
        path,
        JSON.stringify({
          $include: './conf/base.json5',
          agents: { list: [{ id: 'main' }] },
          connectors: { $include: ['./conf/chat.json'], telegram: { dmPolicy: 'open', allowFrom: ['*'] }, own: { apiKey: 'o1' } },
        }),
      );
      // base.json5 includes deeper/more.json relative to itself.
      await writeFile(join(dir, 'conf', 'base.json5'), "{ $include: './deeper/more.json', connectors: { telegram: { botToken: '1:from-base' } } }");
      await writeFile(join(dir, 'conf', 'deeper', 'more.json'), JSON.stringify({ connectors: { matrix: { accessToken: 'm1' } } }));
      await writeFile(join(dir, 'conf', 'chat.json'), JSON.stringify({ discord: { token: 'd1' } }));
      const before = await readFile(path, 'utf8');

      const registry = await openRegistry();
      expect(registry.getByName('telegram')?.config).toEqual({ botToken: '1:from-base', dmPolicy: 'open', allowFrom: ['*'] });
      expect(registry.getByName('matrix')?.config).toEqual({ accessToken: 'm1' });
      expect(registry.getByName('discord')?.config).toEqual({ token: 'd1' });
      expect(
        registry
          .list()
          .map((r) => r.name)
          .sort(),
      ).toEqual(['discord', 'matrix', 'own', 'telegram']);

      // A write of a connector of this file keeps every directive and inlines nothing.
      await put(registry, 'own', { apiKey: 'o2' });
      await put(registry, 'slack', { botToken: 'xoxb-1' });
      const file = await fileJson();
      expect(file.$include).toBe('./conf/base.json5');
      expect(file.connectors).toEqual({
        $include: ['./conf/chat.json'],
        telegram: { dmPolicy: 'open', allowFrom: ['*'] },
        own: { apiKey: 'o2' },
        slack: { botToken: 'xoxb-1' },
      });
      expect(registry.getByName('discord')?.config).toEqual({ token: 'd1' });

      // Included, wholly or partly: refused, naming the file; nothing written.
      const written = await readFile(path, 'utf8');
      expect(written).not.toBe(before);
      await expect(put(registry, 'discord', { token: 'd2' })).rejects.toThrow(`Connector "discord" comes from ${join(dir, 'conf', 'chat.json')}`);
      await expect(registry.write((tx) => tx.remove(tx.byName('matrix')!))).rejects.toMatchObject({
        status: 409,
        message: expect.stringContaining(join(dir, 'conf', 'deeper', 'more.json')),
      });
      await expect(put(registry, 'telegram', { dmPolicy: 'pairing' })).rejects.toThrow(`comes from ${join(dir, 'conf', 'base.json5')}`);
      expect(await readFile(path, 'utf8')).toBe(written);
      expect(registry.getByName('matrix')).toBeDefined();

      // An edit of an included file reaches readers as an outside edit of the config file does.
      await writeFile(join(dir, 'conf', 'chat.json'), JSON.stringify({ discord: { token: 'd3' }, line: { channelSecret: 'l1' } }));
      await untilTrue(() => registry.getByName('line') !== undefined, 'the edit of the included file');
      expect(registry.getByName('discord')).toMatchObject({ config: { token: 'd3' }, version: 2 });

      // An included file gone while running: writes are refused (503) until it is back, reads keep serving.
      const chat = await readFile(join(dir, 'conf', 'chat.json'), 'utf8');
      await rm(join(dir, 'conf', 'chat.json'));
      const beforeRefusal = await readFile(path, 'utf8');
      await expect(put(registry, 'own', { apiKey: 'o3' })).rejects.toBeInstanceOf(ConfigFileUnavailableError);
      expect(await readFile(path, 'utf8')).toBe(beforeRefusal);
      expect(registry.getByName('discord')).toBeDefined();
      expect(logs.some((line) => line.startsWith(`warn: ${path} includes ${join(dir, 'conf', 'chat.json')}, which cannot be read (ENOENT)`))).toBe(true);
      await writeFile(join(dir, 'conf', 'chat.json'), chat);
      await put(registry, 'own', { apiKey: 'o3' });
      expect((await fileJson()).connectors.own).toEqual({ apiKey: 'o3' });
    });

    it('merges as the runtime does: `$include: []` is an empty object, a directive alone stands for any value, siblings beside a non-object stop boot', async () => {
      await writeFile(join(dir, 'ids.json'), JSON.stringify(['1', '2']));
      await writeFile(
        path,
        JSON.stringify({ $include: [], connectors: { $include: [], telegram: { botToken: '1:a', allowFrom: { $include: './ids.json' } } } }),
      );
      const registry = await openRegistry();
      expect(registry.list().map((r) => [r.name, r.config])).toEqual([['telegram', { botToken: '1:a', allowFrom: ['1', '2'] }]]);
      for (const item of open.splice(0)) await item.close();

      // The runtime refuses keys beside a directive whose content is no object: so does boot, saying why.
      await writeFile(path, JSON.stringify({ connectors: { telegram: { allowFrom: { $include: './ids.json', extra: ['3'] } } } }));
      await expect(new ElizaFileStore(path).load((n) => n)).rejects.toThrow(
        `${path}: "connectors.telegram.allowFrom": $include brings in an array, which the keys beside it (extra) cannot be merged into: the runtime refuses that`,
      );
      await writeFile(path, JSON.stringify({ $include: './ids.json' }));
      await expect(new ElizaFileStore(path).load((n) => n)).rejects.toThrow(`${path}: its top-level $include brings in an array, not an object`);
    });

    it('refuses (409) a write the runtime would load otherwise than listed, writing nothing', async () => {
      // The runtime reads `channels`, which an included file gives as a string: a connector written beside the directive would make the file unloadable.
      await writeFile(join(dir, 'odd.json'), JSON.stringify('not a map'));
      await writeFile(path, JSON.stringify({ channels: { $include: './odd.json' } }));
      const registry = await openRegistry();
      expect(registry.list()).toEqual([]);
      const before = await readFile(path, 'utf8');
      await expect(put(registry, 'discord', { token: 'd1' })).rejects.toMatchObject({
        status: 409,
        message: expect.stringContaining(`The Eliza runtime would not load ${path} after this change`),
      });
      expect(await readFile(path, 'utf8')).toBe(before);
      expect(registry.list()).toEqual([]);
    });

    it('does not start on a missing included file or a cycle, naming the files', async () => {
      await writeFile(path, JSON.stringify({ $include: 'gone.json', connectors: {} }));
      await expect(new ElizaFileStore(path).load((n) => n)).rejects.toThrow(`${path} includes ${join(dir, 'gone.json')}, which cannot be read (ENOENT)`);
      await writeFile(path, JSON.stringify({ connectors: { $include: 'a.json' } }));
      await writeFile(join(dir, 'a.json'), JSON.stringify({ $include: 'b.json' }));
      await writeFile(join(dir, 'b.json'), JSON.stringify({ $include: './a.json' }));
      await expect(new ElizaFileStore(path).load((n) => n)).rejects.toThrow(
        `$include cycle: ${path} -> ${join(dir, 'a.json')} -> ${join(dir, 'b.json')} -> ${join(dir, 'a.json')}`,
      );
    });
  });
});
