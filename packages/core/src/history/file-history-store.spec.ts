import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileHistoryStore } from './file-history-store.js';
import type { NewEvent, NewRevision } from './history-store.js';

const tested: NewEvent = {
  action: 'tested',
  at: '2026-01-01T00:00:00.000Z',
  connector: { id: 'id-1', name: 'telegram', type: 'telegram' },
  fields: [],
  keyId: 'k',
  outcome: 'ok',
};

describe('FileHistoryStore event ids', () => {
  let dir: string;
  let path: string;
  const open = () => FileHistoryStore.open(path, { derivedKey: randomBytes(32), keyFile: join(dir, 'key'), retention: 2 });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-history-'));
    path = join(dir, 'milady.revisions.jsonl');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('never issues an id twice across restarts, and does not let the id lines of connection tests pile up', async () => {
    const store = await open();
    for (let i = 0; i < 300; i++) await store.announce(tested);
    await store.close();
    const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
    // Compacted on the way: every id line but the newest is dead weight.
    expect(lines.length).toBeLessThan(150);
    expect(lines.at(-1)).toBe('{"issued":300}');
    const reopened = await open();
    await expect(reopened.newestEventId()).resolves.toBe(300);
    await expect(reopened.announce(tested)).resolves.toBe(301);
    await reopened.close();
  });

  it('ends a line a crash cut short before it appends, so the next revision is not lost with it', async () => {
    const revision = (token: string): NewRevision => ({
      at: '2026-01-01T00:00:00.000Z',
      action: 'update',
      connector: { id: 'id-1', name: 'telegram', type: 'telegram' },
      keyId: 'k',
      fields: ['botToken'],
      fingerprints: {},
      config: { botToken: token },
    });
    const store = await open();
    await store.append(revision('first'));
    await store.close();
    // A crash mid-append: half a line, no newline.
    await writeFile(path, `${await readFile(path, 'utf8')}{"revision":2,"at":"2026-01-01T00:00:0`);
    const reopened = await open();
    await reopened.append(revision('after the crash'));
    await reopened.close();
    const again = await open();
    expect((await again.list('telegram')).map((r) => r.config)).toEqual([{ botToken: 'after the crash' }, { botToken: 'first' }]);
    await again.close();
  });
});
