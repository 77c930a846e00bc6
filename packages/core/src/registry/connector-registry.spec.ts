import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElizaFileStore } from '../store/file/eliza-file-store.js';
import { ConnectorRegistry } from './connector-registry.js';
import { PluginCatalog } from './plugin-catalog.js';
import type { Transaction } from './transaction.js';

/** The real file store, counting its commits and noting which names each one carried. */
class CountingFileStore extends ElizaFileStore {
  readonly batches: string[][] = [];
  /** Runs just before the real commit of batch number `n` (1-based). */
  beforeCommit: (n: number) => Promise<void> = async () => undefined;
  afterCommit: (n: number) => Promise<void> = async () => undefined;

  override async commit(tx: Transaction): Promise<void> {
    const n = this.batches.push(tx.upserts.map((r) => r.name));
    await this.beforeCommit(n);
    try {
      await super.commit(tx);
    } finally {
      await this.afterCommit(n);
    }
  }
}

/** What the Eliza runtime would see right now. */
function connectorsInFile(path: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(path, 'utf8')) as { connectors: Record<string, unknown> }).connectors;
}

function put(registry: ConnectorRegistry, name: string, config: Record<string, unknown>): Promise<void> {
  return registry.write((tx) => {
    tx.put(Object.freeze({ id: randomUUID(), type: name, name, config, createdAt: tx.now, updatedAt: tx.now, version: 1, seq: tx.nextSeq() }));
  });
}

describe('ConnectorRegistry group commit over the real Eliza config file', () => {
  let dir: string;
  let registry: ConnectorRegistry | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-registry-'));
  });
  afterEach(async () => {
    await registry?.close();
    registry = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('commits concurrent writes in fewer batches than writes, answering each only once the file holds it', async () => {
    const path = join(dir, 'milady.json');
    const store = new CountingFileStore(path);
    registry = await ConnectorRegistry.open(store, new PluginCatalog([]));
    const open = registry;

    const answered: string[] = [];
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      const name = `c${i}`;
      writes.push(
        put(open, name, { apiKey: `k${i}` }).then(() => {
          // At the moment of the answer the write must already be in the file (not just in memory).
          expect(connectorsInFile(path)[name]).toEqual({ apiKey: `k${i}` });
          answered.push(name);
        }),
      );
      // Clients arrive over time: some while a commit is in flight.
      if (i % 7 === 6) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(writes);

    expect(answered).toHaveLength(60);
    expect(store.batches.length).toBeGreaterThan(1);
    expect(store.batches.length).toBeLessThan(60);
    // Some batch really carried several writes together.
    expect(Math.max(...store.batches.map((b) => b.length))).toBeGreaterThan(1);
    expect(store.batches.flat().sort()).toEqual(answered.sort());
    expect(Object.keys(connectorsInFile(path))).toHaveLength(60);
    expect(open.size).toBe(60);
  });

  it('hands the next batch to the store before it answers the batch before it', async () => {
    const path = join(dir, 'milady.json');
    const store = new CountingFileStore(path);
    registry = await ConnectorRegistry.open(store, new PluginCatalog([]));
    const open = registry;
    const answered: string[] = [];
    const answeredWhenCommitStarted: string[][] = [];
    let second: Promise<void> | undefined;
    store.beforeCommit = async (n) => {
      answeredWhenCommitStarted.push([...answered]);
      // Arrives while batch 1 is in flight: batch 2.
      if (n === 1) second = put(open, 'second', { v: 2 }).then(() => void answered.push('second'));
    };
    await put(open, 'first', { v: 1 }).then(() => void answered.push('first'));
    await second;
    expect(store.batches).toEqual([['first'], ['second']]);
    // Batch 2 was with the store while "first", durable and applied, was still unanswered.
    expect(answeredWhenCommitStarted).toEqual([[], []]);
    expect(answered).toEqual(['first', 'second']);
    expect(Object.keys(connectorsInFile(path))).toEqual(['first', 'second']);
  });

  it('a commit that fails on the file system rejects exactly its batch and leaves memory as it was', async () => {
    // The store reaches its folder through a symlink; pointing it at a regular file makes every
    // file operation fail with ENOTDIR — a real failure, even as root (where permissions do not bite).
    const real = join(dir, 'real');
    const notAFolder = join(dir, 'not-a-folder');
    const folder = join(dir, 'via-link');
    await mkdir(real);
    await writeFile(notAFolder, 'a regular file\n');
    await symlink(real, folder);
    const pointAt = async (target: string) => {
      await unlink(folder);
      await symlink(target, folder);
    };
    const path = join(folder, 'milady.json');
    const store = new CountingFileStore(path);
    registry = await ConnectorRegistry.open(store, new PluginCatalog([]));
    const open = registry;

    await put(open, 'before', { apiKey: 'b' });
    const revision = open.revision;

    const outcomes = new Map<string, string>(); // 'ok', or the failure's code (else its message)
    const track = (name: string, write: Promise<void>) =>
      write.then(
        () => void outcomes.set(name, 'ok'),
        (error: NodeJS.ErrnoException) => void outcomes.set(name, error.code ?? error.message),
      );
    const queued: Promise<void>[] = [];
    store.beforeCommit = async (n) => {
      // Writes that arrive while batch n is in flight form batch n + 1.
      if (n === 2) for (const name of ['doomed1', 'doomed2', 'doomed3']) queued.push(track(name, put(open, name, { apiKey: name })));
      if (n === 3) {
        await pointAt(notAFolder);
        for (const name of ['late1', 'late2']) queued.push(track(name, put(open, name, { apiKey: name })));
      }
    };
    store.afterCommit = async (n) => {
      if (n === 3) await pointAt(real);
    };

    await track('first', put(open, 'first', { apiKey: 'first' }));
    // The doomed were queued during batch 2, the late ones during batch 3 (before the doomed were answered).
    await Promise.all(queued);
    await Promise.all(queued);

    expect(store.batches).toEqual([['before'], ['first'], ['doomed1', 'doomed2', 'doomed3'], ['late1', 'late2']]);
    expect(Object.fromEntries(outcomes)).toEqual({ first: 'ok', doomed1: 'ENOTDIR', doomed2: 'ENOTDIR', doomed3: 'ENOTDIR', late1: 'ok', late2: 'ok' });
    // Memory: none of the failed batch; the batches around it applied.
    expect(open.list().map((r) => r.name)).toEqual(['before', 'first', 'late1', 'late2']);
    expect(open.getByName('doomed1')).toBeUndefined();
    expect(open.revision).toBe(revision + 2);
    // The file agrees with memory.
    expect(Object.keys(connectorsInFile(path))).toEqual(['before', 'first', 'late1', 'late2']);
  });
});

describe('ConnectorRegistry and edits of the config file outside Switchboard', () => {
  let dir: string;
  let registry: ConnectorRegistry | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-registry-'));
  });
  afterEach(async () => {
    await registry?.close();
    registry = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('reports what an outside edit created, changed and deleted, and nothing for its own writes', async () => {
    const path = join(dir, 'milady.json');
    await writeFile(path, JSON.stringify({ connectors: { keep: { a: 1 }, change: { token: 'one' }, drop: { b: 2 } } }));
    registry = await ConnectorRegistry.open(new ElizaFileStore(path, { watch: { debounceMs: 20, pollMs: 100 } }), new PluginCatalog([]));
    const heard: Array<{ action: string; name: string }> = [];
    registry.onOutsideChange((changes) => heard.push(...changes.map((c) => ({ action: c.action, name: c.connector.name }))));
    await put(registry, 'mine', { c: 3 });
    await writeFile(path, JSON.stringify({ connectors: { keep: { a: 1 }, change: { token: 'two' }, added: { d: 4 }, mine: { c: 3 } } }));
    const deadline = Date.now() + 5000;
    while (heard.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    // Room for a wrong extra report (its own write taken for an outside one) to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard.sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { action: 'create', name: 'added' },
      { action: 'update', name: 'change' },
      { action: 'delete', name: 'drop' },
    ]);
    expect(registry.getByName('added')?.config).toEqual({ d: 4 });
  });
});
