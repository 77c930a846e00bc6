import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { link, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupPath, canWriteBeside, writeFileAtomic } from './atomic-write.js';

describe('writeFileAtomic leaves nothing but the file and its backup (real files)', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-atomic-'));
    path = join(dir, 'milady.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('removes the backup temp link when the .bak already is a link to the file (the write after it failed)', async () => {
    await writeFile(path, '{"secret":"PLANTED-1"}', { mode: 0o600 });
    // What a write that failed after keeping its backup leaves: file and .bak, one file under two names.
    await link(path, backupPath(path));
    await writeFileAtomic(path, '{"secret":"PLANTED-2"}', { backup: { synced: true } });
    expect((await readdir(dir)).sort()).toEqual(['milady.json', 'milady.json.bak']);
    expect(await readFile(backupPath(path), 'utf8')).toBe('{"secret":"PLANTED-1"}');
  });

  it('removes its temp file when the replacement fails, and leaves the file as it was', async () => {
    await writeFile(path, 'old', { mode: 0o600 });
    // A backup that cannot be put in place (a folder holding a file stands where it goes).
    await mkdir(backupPath(path));
    await writeFile(join(backupPath(path), 'x'), '');
    await expect(writeFileAtomic(path, 'new', { backup: { synced: true } })).rejects.toThrow();
    await expect(writeFileAtomic(path, 'new', { backup: { content: 'sealed old' } })).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['milady.json', 'milady.json.bak']);
    expect(await readFile(path, 'utf8')).toBe('old');
  });

  it('writes a given backup content instead of linking the old file', async () => {
    await writeFile(path, 'old in clear', { mode: 0o600 });
    await writeFileAtomic(path, 'new', { backup: { content: 'old sealed' } });
    expect(await readFile(backupPath(path), 'utf8')).toBe('old sealed');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await readdir(dir)).sort()).toEqual(['milady.json', 'milady.json.bak']);
  });

  it('probes whether a write of a given size fits, leaving nothing behind', async () => {
    expect(await canWriteBeside(path, 4096)).toBe(true);
    expect(await canWriteBeside(join(dir, 'no-such-folder', 'milady.json'), 1)).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });
});
